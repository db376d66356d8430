import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECSClient } from '@aws-sdk/client-ecs';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type CliDeps, runCli } from '../src/cli';
import type { Clock } from '../src/clock';
import type { TextSink } from '../src/progress';
import { FakeAwsServer, type FakeService } from './fakes/aws-server';
import { FakeAthena } from './fakes/fake-athena';
import { VirtualClock } from './fakes/clocks';

/** Records what the CLI writes; `isTTY` decides the progress style. */
export class RecordingSink implements TextSink {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** Static fake credentials: with them and an explicit endpoint the SDK never looks anything up. */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake-secret' };

/** The run id every harness run uses, so markers are predictable. */
export const RUN_ID = '0123456789ab';

/** A fake AWS endpoint with Athena (plus optional services), a warped clock and CLI dependencies. */
export class Harness {
  readonly server: FakeAwsServer;
  endpoint = '';

  constructor(
    readonly athena: FakeAthena,
    readonly clock: Clock,
    extraServices: readonly FakeService[] = [],
  ) {
    this.server = new FakeAwsServer([athena, ...extraServices]);
  }

  static async start(
    options: { clock?: Clock; defaultRunMs?: number; maxPageSize?: number; services?: FakeService[] } = {},
  ): Promise<Harness> {
    const clock = options.clock ?? new VirtualClock();
    const athena = new FakeAthena(clock, {
      defaultRunMs: options.defaultRunMs ?? 1000,
      maxPageSize: options.maxPageSize,
    });
    const harness = new Harness(athena, clock, options.services);
    harness.endpoint = await harness.server.start();
    return harness;
  }

  athenaClient(region = 'eu-west-1'): AthenaClient {
    return new AthenaClient({
      region,
      endpoint: this.endpoint,
      credentials: FAKE_CREDENTIALS,
      maxAttempts: 1,
    });
  }

  deps(overrides: Partial<CliDeps> = {}): Partial<CliDeps> {
    const config = (region?: string) => ({
      region: region ?? 'eu-west-1',
      endpoint: this.endpoint,
      credentials: FAKE_CREDENTIALS,
      maxAttempts: 1,
    });
    return {
      clock: this.clock,
      random: () => 0.5,
      newRunId: () => RUN_ID,
      createAthenaClient: ({ region }) => new AthenaClient(config(region)),
      createEcsClient: ({ region }) => new ECSClient(config(region)),
      createEc2Client: ({ region }) => new EC2Client(config(region)),
      createS3Client: ({ region }) => new S3Client({ ...config(region), forcePathStyle: true }),
      createFirehoseClient: ({ region }) => new FirehoseClient(config(region)),
      // The Kinesis client speaks HTTP/2 by default (for SubscribeToShard); the fake is HTTP/1.1.
      createKinesisClient: ({ region }) =>
        new KinesisClient({ ...config(region), requestHandler: new NodeHttpHandler() }),
      createCloudWatchClient: ({ region }) => new CloudWatchClient(config(region)),
      ...overrides,
    };
  }

  /** Runs the CLI in-process; returns the exit code and everything written. */
  async run(
    argv: readonly string[],
    overrides: Partial<CliDeps> & { tty?: boolean } = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new RecordingSink();
    const stderr = new RecordingSink(overrides.tty ?? false);
    const code = await runCli(argv, this.deps({ stdout, stderr, cwd: tmpdir(), ...overrides }));
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}

/** A synthesized stack as the icelog-dev app writes it (outputs per the stack contract). */
export function devStack(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const outputs: Record<string, unknown> = {
    region: 'eu-west-1',
    glue_database: 'icelog_dev',
    table_prefix: 'request_',
    routed_statuses: [200, 404, 500],
    fallback_table: 'request_other',
    unparsed_table: 'request_unparsed',
    athena_workgroup: 'icelog_dev',
    delivery_stream_name: 'icelog-dev-nginx',
    endpoint_url: 'http://${aws_lb.pipeline_service_lb_5A1F2C3D.dns_name}',
    ecs_cluster_name: '${aws_ecs_cluster.pipeline_service_cluster_0B7E41A2.name}',
    ecs_service_name: '${aws_ecs_service.pipeline_service_nginx_C55D1E07.name}',
    ...overrides,
  };
  const output = Object.fromEntries(
    Object.entries(outputs)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, { value }]),
  );
  return {
    '//': {
      metadata: { backend: 's3', stackName: 'icelog-dev', version: '0.21.0' },
      outputs: { 'icelog-dev': Object.fromEntries(Object.keys(output).map((name) => [name, name])) },
    },
    output,
    provider: { aws: [{ region: 'eu-west-1', default_tags: [{ tags: { project: 'icelog' } }] }] },
    terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
  };
}

/**
 * A throw-away workspace: `nx.json` plus `apps/<app>/cdktf.out/stacks/icelog-<app>/cdk.tf.json`.
 * @returns the workspace root
 */
export function makeWorkspace(
  app: string,
  stack: Record<string, unknown>,
  files: Record<string, unknown> = {},
): string {
  const root = mkdtempSync(join(tmpdir(), 'icelog-smoke-'));
  writeFileSync(join(root, 'nx.json'), '{}');
  const dir = join(root, 'apps', app, 'cdktf.out', 'stacks', `icelog-${app}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(stack, null, 2));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(root, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return root;
}
