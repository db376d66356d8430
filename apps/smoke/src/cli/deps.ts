import type { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import { type Clock, systemClock } from '../clock';
import type { TextSink } from '../progress';
import { newRunId } from '../requests';

/** What the CLI decides for an AWS client; the factory adds the rest. */
export interface AwsClientConfig {
  /** undefined: the SDK's own chain (AWS_REGION, the profile). */
  readonly region?: string;
  /** Milliseconds one HTTP request may take before it fails with a (retryable) timeout. */
  readonly requestTimeoutMs: number;
}

/** Builds an AWS SDK client; it must not retry by itself (`maxAttempts: 1`): the CLI does. */
export type ClientFactory<T> = (config: AwsClientConfig) => T | Promise<T>;

/** Everything the CLI touches outside itself, injectable for tests. */
export interface CliDeps {
  /** Reports (tables, `--json`). */
  readonly stdout: TextSink;
  /** Progress, warnings and errors. */
  readonly stderr: TextSink;
  /** Directory relative paths start from. */
  readonly cwd: string;
  readonly clock: Clock;
  /** Uniform random numbers in [0, 1) for backoff jitter. */
  readonly random: () => number;
  /** A new 12-hex-character run id (markers, client request tokens). */
  readonly newRunId: () => string;
  readonly createAthenaClient: ClientFactory<AthenaClient>;
  /** ECS, for `e2e` endpoint discovery. */
  readonly createEcsClient: ClientFactory<ECSClient>;
  /** EC2, for `e2e` endpoint discovery. */
  readonly createEc2Client: ClientFactory<EC2Client>;
  /** S3, for `failures` and `redrive`. */
  readonly createS3Client: ClientFactory<S3Client>;
  /** Firehose, for `redrive` (Direct PUT streams). */
  readonly createFirehoseClient: ClientFactory<FirehoseClient>;
  /** Kinesis, for `redrive` into a stream's Kinesis source. */
  readonly createKinesisClient: ClientFactory<KinesisClient>;
  /** CloudWatch, for `status`. */
  readonly createCloudWatchClient: ClientFactory<CloudWatchClient>;
  /** HTTP client for `e2e` requests. */
  readonly fetch: typeof fetch;
  /** Aborts the run (SIGINT): running queries are stopped, exit code 130. */
  readonly signal?: AbortSignal;
  /**
   * Real milliseconds between two looks of the progress ticker (heartbeat on any stderr).
   * @default 1000
   */
  readonly progressTickMs?: number;
}

/**
 * SDK client options: no SDK retries (the CLI retries within its deadline), and a request timeout
 * that throws. Without `throwOnRequestTimeout` the installed `@smithy/node-http-handler` only logs a
 * warning when `requestTimeout` passes and keeps waiting.
 */
export function sdkClientOptions(config: AwsClientConfig) {
  return {
    region: config.region,
    maxAttempts: 1,
    requestHandler: {
      requestTimeout: config.requestTimeoutMs,
      connectionTimeout: Math.min(config.requestTimeoutMs, 10_000),
      throwOnRequestTimeout: true,
    },
  };
}

/**
 * The real process, SDK clients with their default credential chain, and global fetch. The SDKs are
 * imported on first use, so `--help` and usage errors answer quickly.
 */
export function defaultDeps(): CliDeps {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    clock: systemClock,
    random: Math.random,
    newRunId,
    createAthenaClient: async (config) =>
      new (await import('@aws-sdk/client-athena')).AthenaClient(sdkClientOptions(config)),
    createEcsClient: async (config) =>
      new (await import('@aws-sdk/client-ecs')).ECSClient(sdkClientOptions(config)),
    createEc2Client: async (config) =>
      new (await import('@aws-sdk/client-ec2')).EC2Client(sdkClientOptions(config)),
    createS3Client: async (config) =>
      new (await import('@aws-sdk/client-s3')).S3Client(sdkClientOptions(config)),
    createFirehoseClient: async (config) =>
      new (await import('@aws-sdk/client-firehose')).FirehoseClient(sdkClientOptions(config)),
    createKinesisClient: async (config) =>
      new (await import('@aws-sdk/client-kinesis')).KinesisClient(sdkClientOptions(config)),
    createCloudWatchClient: async (config) =>
      new (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient(sdkClientOptions(config)),
    fetch: globalThis.fetch,
  };
}
