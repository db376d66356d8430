import type { Command } from 'commander';
import type { AwsCallOptions } from '../aws-call';
import type { Session } from '../cli/session';
import { parseSince } from '../durations';
import { UsageError } from '../errors';
import type { SmokeSettings } from '../settings';
import { type StackDeliveryStream, findDeliveryStream, readStackResources } from '../stack-resources';

/** Flags shared by `failures` and `redrive`. */
export interface FailedOutputFlags {
  bucket?: string;
  errorPrefix?: string;
  deliveryStream?: string;
  since?: string;
  until?: string;
  redrivePrefix: string;
}

/** `--bucket`, `--error-prefix`, `--delivery-stream`, `--since`, `--until`, `--redrive-prefix`. */
export function addFailedOutputOptions(command: Command): Command {
  return command
    .option('--bucket <name>', 'bucket of the failed records (output "warehouse_bucket")')
    .option('--error-prefix <prefix>', 'key prefix of the failed records (output "error_output_prefix")')
    .option('--delivery-stream <name>', 'Firehose delivery stream (output "delivery_stream_name")')
    .option('--since <when>', 'only objects written since a duration ago (15m, 2h) or an ISO time')
    .option('--until <when>', 'only objects written before a duration ago or an ISO time')
    .option(
      '--redrive-prefix <prefix>',
      'where redrive keeps its progress and moves redriven objects (never under the error prefix)',
      'redrive/',
    );
}

/** The error output location, time window and routing of one app. */
export interface FailedOutputTarget {
  readonly settings: SmokeSettings;
  readonly bucket: string;
  readonly prefix: string;
  readonly redrivePrefix: string;
  readonly since?: number;
  readonly until?: number;
  /** The stream as synthesized, when the stack has it (routing query, Kinesis source). */
  readonly stream?: StackDeliveryStream;
}

/** Loads the settings and the stack's delivery stream for `failures` / `redrive`. */
export function resolveFailedOutput(
  session: Session,
  flags: FailedOutputFlags,
  needStream: boolean,
): FailedOutputTarget {
  const now = session.deps.clock.now();
  const since = flags.since ? parseSince('--since', flags.since, now).getTime() : undefined;
  const until = flags.until ? parseSince('--until', flags.until, now).getTime() : undefined;
  const settings = session.settings(
    {
      warehouseBucket: flags.bucket,
      errorOutputPrefix: flags.errorPrefix,
      deliveryStream: flags.deliveryStream,
    },
    needStream
      ? ['warehouseBucket', 'errorOutputPrefix', 'deliveryStream']
      : ['warehouseBucket', 'errorOutputPrefix'],
  );
  const prefix = settings.errorOutputPrefix!;
  const redrivePrefix = flags.redrivePrefix;
  if (
    prefix === '' ||
    redrivePrefix === '' ||
    redrivePrefix.startsWith(prefix) ||
    prefix.startsWith(redrivePrefix)
  ) {
    throw new UsageError(
      `Invalid --redrive-prefix: ${JSON.stringify(redrivePrefix)} must be non-empty and apart from the error prefix ${JSON.stringify(prefix)}`,
      'Redrive progress and moved objects must not be listed as failed records again.',
    );
  }
  const stream = settings.stackFile
    ? findDeliveryStream(readStackResources(settings.stackFile), settings.deliveryStream)
    : undefined;
  return { settings, bucket: settings.warehouseBucket!, prefix, redrivePrefix, since, until, stream };
}

/** Retry and deadline settings for the S3/Firehose/Kinesis calls of a session. */
export function callOptions(session: Session): AwsCallOptions {
  return {
    clock: session.deps.clock,
    random: session.deps.random,
    deadline: session.control.deadline,
    signal: session.control.signal,
    onRetry: (error, attempt, waitMs) =>
      session.progress.note(
        `${error instanceof Error ? error.name : String(error)}, retry ${attempt} in ${(waitMs / 1000).toFixed(1)}s`,
      ),
  };
}
