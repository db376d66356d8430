import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { ValidationError, checkIntegerInRange } from '@icelog/core/validation';
import { Command, CommanderError, Option } from 'commander';
import { AthenaQueryRunner, validateOutputLocation } from './athena';
import { type CheckReport, formatCheckReport, runCheck } from './check';
import { type Clock, systemClock } from './clock';
import { parseDuration, parseSince } from './durations';
import { type E2eReport, formatE2eReport, runE2e } from './e2e';
import { type ResolvedEndpoint, discoverTaskEndpoint } from './endpoint';
import { toAwsError } from './aws-errors';
import { ExitCode, InterruptedError, SmokeError, UsageError } from './errors';
import { Progress, type TextSink } from './progress';
import { DEFAULT_REQUESTS, type RequestSpec, newRunId, parseRequestSpec, validateRequests } from './requests';
import { type SettingName, type SmokeSettings, findWorkspaceRoot, loadSettings } from './settings';

/** Region (and nothing else) the CLI decides for an AWS client; the factory adds the rest. */
export interface AwsClientConfig {
  /** undefined: the SDK's own chain (AWS_REGION, the profile). */
  readonly region?: string;
}

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
  /** Builds the Athena client; it must not retry by itself (`maxAttempts: 1`). */
  readonly createAthenaClient: (config: AwsClientConfig) => AthenaClient | Promise<AthenaClient>;
  /** Builds the ECS client for endpoint discovery (`maxAttempts: 1`). */
  readonly createEcsClient: (config: AwsClientConfig) => ECSClient | Promise<ECSClient>;
  /** Builds the EC2 client for endpoint discovery (`maxAttempts: 1`). */
  readonly createEc2Client: (config: AwsClientConfig) => EC2Client | Promise<EC2Client>;
  /** HTTP client for `e2e` requests. */
  readonly fetch: typeof fetch;
  /** Aborts the run (SIGINT): running queries are stopped, exit code 130. */
  readonly signal?: AbortSignal;
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
    createAthenaClient: async ({ region }) =>
      new (await import('@aws-sdk/client-athena')).AthenaClient({ region, maxAttempts: 1 }),
    createEcsClient: async ({ region }) =>
      new (await import('@aws-sdk/client-ecs')).ECSClient({ region, maxAttempts: 1 }),
    createEc2Client: async ({ region }) =>
      new (await import('@aws-sdk/client-ec2')).EC2Client({ region, maxAttempts: 1 }),
    fetch: globalThis.fetch,
  };
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

const EXIT_CODES_HELP = `
Exit codes:
  0    every expectation holds
  1    an expectation does not hold (too few rows, a marker not visible in time,
       a table or database missing, the endpoint answered another status)
  2    usage or configuration error (bad flag, missing or invalid setting, no endpoint)
  3    AWS error (access denied, no credentials, throttled beyond retries,
       a query FAILED or CANCELLED, a query still running at --timeout)
  130  interrupted (Ctrl-C); running queries were stopped

Settings come from the app's synthesized stack (apps/<app>/cdktf.out/stacks/icelog-<app>/cdk.tf.json),
then from --outputs (values known only after deploy), then from flags; flags win.`;

interface CommonFlags {
  app?: string;
  root?: string;
  synth?: string;
  outputs?: string;
  stack?: string;
  region?: string;
  database?: string;
  workgroup?: string;
  tablePrefix?: string;
  statuses?: string;
  outputLocation?: string;
  timeout: string;
  concurrency: string;
  json?: boolean;
  quiet?: boolean;
}

interface CheckFlags extends CommonFlags {
  minRows: string;
  since?: string;
}

interface E2eFlags extends CommonFlags {
  endpoint?: string;
  request: string[];
  interval: string;
  httpTimeout: string;
  fallbackTable?: string;
  unparsedTable?: string;
  expectErrorLog?: boolean;
  ecsCluster?: string;
  ecsService?: string;
  port: string;
}

function addCommonOptions(command: Command, timeout: { text: string; default: string }): Command {
  return command
    .option(
      '--app <name>',
      'read settings from apps/<name>/cdktf.out/stacks/icelog-<name>/cdk.tf.json (dev, prod)',
    )
    .option('--root <dir>', 'workspace root for --app (default: nearest directory with nx.json)')
    .option('--synth <file>', 'read settings from this synthesized cdk.tf.json instead')
    .option(
      '--outputs <file>',
      'outputs file: "terraform output -json" or "cdktf deploy --outputs-file" format',
    )
    .option('--stack <name>', 'stack to read in a cdktf outputs file (default: icelog-<app>)')
    .option('--region <region>', 'AWS region (output "region")')
    .option('--database <name>', 'Glue database (output "glue_database")')
    .option('--workgroup <name>', 'Athena workgroup (output "athena_workgroup")')
    .option(
      '--table-prefix <prefix>',
      'prefix of the per-status tables (output "table_prefix", default request_)',
    )
    .option('--statuses <list>', 'routed statuses, comma-separated, e.g. 200,404 (output "routed_statuses")')
    .option('--output-location <s3uri>', 'query result location, for workgroups that do not enforce one')
    .option('--timeout <duration>', timeout.text, timeout.default)
    .option(
      '--concurrency <n>',
      "Athena queries in flight at once (the account's active-query quota is shared)",
      '3',
    )
    .option('--json', 'print the report as JSON on stdout (progress stays on stderr)')
    .option('--quiet', 'no progress output');
}

function integerFlag(field: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim()))
    throw new ValidationError(field, text, `must be an integer from ${min} to ${max}`);
  const value = Number(text);
  checkIntegerInRange(field, value, min, max);
  return value;
}

function settingFlags(flags: CommonFlags & Partial<E2eFlags>): Partial<Record<SettingName, unknown>> {
  return {
    region: flags.region,
    database: flags.database,
    workgroup: flags.workgroup,
    tablePrefix: flags.tablePrefix,
    statuses: flags.statuses,
    fallbackTable: flags.fallbackTable,
    unparsedTable: flags.unparsedTable,
    endpointUrl: flags.endpoint,
    ecsClusterName: flags.ecsCluster,
    ecsServiceName: flags.ecsService,
  };
}

function describeContext(settings: SmokeSettings, cwd: string): string {
  const file = settings.stackFile ?? settings.outputsFile;
  const shown = file ? relative(cwd, file) : undefined;
  const from = file && shown && !shown.startsWith('..') ? shown : file;
  return `Database ${settings.database} · workgroup ${settings.workgroup} · region ${settings.region ?? '(from the AWS environment)'}${from ? ` · settings from ${from}` : ''}\n\n`;
}

interface Session {
  readonly settings: SmokeSettings;
  readonly runner: AthenaQueryRunner;
  readonly progress: Progress;
  readonly runId: string;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly clients: { destroy(): void }[];
}

/**
 * Parses `argv` (without `node` and the script) and runs the command.
 * @returns the exit code (see the `--help` text)
 */
export async function runCli(argv: readonly string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const deps: CliDeps = { ...defaultDeps(), ...given };
  const write = (sink: TextSink) => (text: string) => void sink.write(text);
  let exitCode: number = ExitCode.Ok;
  let jsonMode = false;

  const fail = (error: unknown, command: string): number => {
    const failure = normalizeError(error);
    deps.stderr.write(`error: ${failure.message}\n`);
    if (failure.hint) deps.stderr.write(`  hint: ${failure.hint}\n`);
    if (jsonMode) {
      const kind = (failure as { kind?: string }).kind ?? failure.name;
      deps.stdout.write(
        `${JSON.stringify({ command, ok: false, exitCode: failure.exitCode, error: { kind, message: failure.message, hint: failure.hint } }, null, 2)}\n`,
      );
    }
    return failure.exitCode;
  };

  const open = async (
    flags: CommonFlags & Partial<E2eFlags>,
    required: readonly SettingName[],
  ): Promise<Session> => {
    jsonMode = flags.json === true;
    const timeoutMs = parseDuration('--timeout', flags.timeout);
    const concurrency = integerFlag('--concurrency', flags.concurrency, 1, 20);
    if (flags.outputLocation !== undefined) validateOutputLocation('--output-location', flags.outputLocation);
    const settings = loadSettings({
      app: flags.app,
      root: flags.root ? resolve(deps.cwd, flags.root) : findWorkspaceRoot(deps.cwd),
      cwd: deps.cwd,
      synthFile: flags.synth,
      outputsFile: flags.outputs,
      stack: flags.stack,
      flags: settingFlags(flags),
      required,
    });
    const client = await deps.createAthenaClient({ region: settings.region });
    // Fail fast, once, when no region or no credentials can be found (instead of once per query).
    try {
      await client.config.region();
      await client.config.credentials();
    } catch (error) {
      client.destroy();
      throw toAwsError(error, 'Athena client setup');
    }
    const runId = deps.newRunId();
    let runner: AthenaQueryRunner;
    try {
      runner = new AthenaQueryRunner({
        client,
        workgroup: settings.workgroup!,
        outputLocation: flags.outputLocation,
        runId,
        clock: deps.clock,
        random: deps.random,
      });
    } catch (error) {
      client.destroy();
      throw error;
    }
    const progress = new Progress({ sink: deps.stderr, clock: deps.clock, quiet: flags.quiet });
    return { settings, runner, progress, runId, timeoutMs, concurrency, clients: [client] };
  };

  const print = (report: CheckReport | E2eReport, text: string, settings: SmokeSettings) => {
    if (jsonMode)
      deps.stdout.write(
        `${JSON.stringify({ ...report, workgroup: settings.workgroup, region: settings.region ?? null }, null, 2)}\n`,
      );
    else deps.stdout.write(describeContext(settings, deps.cwd) + text);
  };

  const program = new Command('icelog-smoke')
    .description('Prove that nginx logs arrive in the icelog Iceberg tables, and how fast.')
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: write(deps.stdout), writeErr: write(deps.stderr) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  addCommonOptions(
    program
      .command('check')
      .description(
        'Count the rows of each request_<status> table in Athena and check there are at least --min-rows.',
      ),
    {
      text: 'deadline for all the queries (90s, 15m, 1h); queries still running then are stopped',
      default: '5m',
    },
  )
    .option('--min-rows <n>', 'rows each table needs', '1')
    .option(
      '--since <when>',
      'count only rows logged since a duration ago (15m, 2h) or an ISO time (2025-01-31T08:00:00Z)',
    )
    .addHelpText(
      'after',
      `\nExamples:\n  icelog-smoke check --app dev\n  icelog-smoke check --app prod --outputs prod-outputs.json --since 1h --min-rows 10 --json\n${EXIT_CODES_HELP}`,
    )
    .action(async (flags: CheckFlags) => {
      let session: Session | undefined;
      try {
        jsonMode = flags.json === true;
        const minRows = integerFlag('--min-rows', flags.minRows, 0, Number.MAX_SAFE_INTEGER);
        const since = flags.since ? parseSince('--since', flags.since, deps.clock.now()) : undefined;
        session = await open(flags, ['database', 'workgroup', 'statuses']);
        const { settings } = session;
        const report = await runCheck(
          {
            database: settings.database!,
            statuses: settings.statuses!,
            tablePrefix: settings.tablePrefix,
            minRows,
            since,
            timeoutMs: session.timeoutMs,
            concurrency: session.concurrency,
          },
          { runner: session.runner, clock: deps.clock, progress: session.progress, signal: deps.signal },
        );
        print(report, formatCheckReport(report), settings);
        exitCode = report.exitCode;
      } catch (error) {
        session?.progress.done();
        exitCode = fail(error, 'check');
      } finally {
        session?.clients.forEach((client) => client.destroy());
      }
    });

  addCommonOptions(
    program
      .command('e2e')
      .description(
        'Send requests with unique markers to the endpoint, wait until every marker is queryable in its table, and report the lag.',
      ),
    { text: 'how long to wait for the markers, counted from when the requests were sent', default: '10m' },
  )
    .option('--endpoint <url>', 'base URL of nginx (output "endpoint_url"; else found from the ECS service)')
    .addOption(
      new Option(
        '--request <status:path>',
        'request to send, repeatable; {marker} is replaced by a unique marker',
      )
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([], '200:/?icelog_smoke={marker} and 404:/icelog-smoke/{marker}'),
    )
    .option('--interval <duration>', 'time between polling rounds (the lag resolution)', '5s')
    .option('--http-timeout <duration>', 'time to wait for each HTTP response', '10s')
    .option(
      '--fallback-table <name>',
      'table of statuses without their own (output "fallback_table", default <prefix>other)',
    )
    .option(
      '--unparsed-table <name>',
      'table of lines without a status (output "unparsed_table", default <prefix>unparsed)',
    )
    .option(
      '--expect-error-log',
      'also expect each 404 marker in the unparsed table (nginx logs "open() failed" to stderr)',
    )
    .option('--ecs-cluster <name>', 'ECS cluster for endpoint discovery (output "ecs_cluster_name")')
    .option('--ecs-service <name>', 'ECS service for endpoint discovery (output "ecs_service_name")')
    .option('--port <n>', 'port of nginx in the task, for endpoint discovery', '80')
    .addHelpText(
      'after',
      `\nExamples:\n  icelog-smoke e2e --app dev\n  icelog-smoke e2e --app prod --outputs prod-outputs.json --request 200:/?m={marker} --request 404:/missing/{marker}\n\nLag: seconds from sending a request until the first polling query that returned its row had SUCCEEDED\n(an upper bound); "not before" is when the last query that missed it started (a lower bound).\n${EXIT_CODES_HELP}`,
    )
    .action(async (flags: E2eFlags) => {
      let session: Session | undefined;
      try {
        jsonMode = flags.json === true;
        const requests: RequestSpec[] =
          flags.request.length > 0 ? flags.request.map(parseRequestSpec) : [...DEFAULT_REQUESTS];
        validateRequests(requests);
        const intervalMs = parseDuration('--interval', flags.interval);
        const httpTimeoutMs = parseDuration('--http-timeout', flags.httpTimeout);
        const port = integerFlag('--port', flags.port, 1, 65535);
        session = await open(flags, ['database', 'workgroup', 'statuses']);
        const { settings } = session;
        const endpoint = await resolveEndpoint(settings, port, session, deps);
        session.progress.note(`endpoint ${endpoint.url} (${endpoint.source})`);
        const report = await runE2e(
          {
            endpoint: endpoint.url,
            requests,
            database: settings.database!,
            tablePrefix: settings.tablePrefix,
            routedStatuses: settings.statuses!,
            fallbackTable: settings.fallbackTable,
            unparsedTable: settings.unparsedTable,
            expectErrorLog: flags.expectErrorLog === true,
            runId: session.runId,
            timeoutMs: session.timeoutMs,
            intervalMs,
            httpTimeoutMs,
            concurrency: session.concurrency,
          },
          {
            runner: session.runner,
            clock: deps.clock,
            progress: session.progress,
            fetch: deps.fetch,
            signal: deps.signal,
          },
        );
        print(report, formatE2eReport(report), settings);
        exitCode = report.exitCode;
      } catch (error) {
        session?.progress.done();
        exitCode = fail(error, 'e2e');
      } finally {
        session?.clients.forEach((client) => client.destroy());
      }
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with exit code 0; everything else commander rejects is a usage error.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    return fail(error, argv[0] ?? '');
  }
  return exitCode;
}

async function resolveEndpoint(
  settings: SmokeSettings,
  port: number,
  session: Session,
  deps: CliDeps,
): Promise<ResolvedEndpoint> {
  if (settings.endpointUrl) return { url: settings.endpointUrl, source: settings.sources.endpointUrl ?? '' };
  if (settings.ecsClusterName && settings.ecsServiceName) {
    const ecs = await deps.createEcsClient({ region: settings.region });
    const ec2 = await deps.createEc2Client({ region: settings.region });
    session.clients.push(ecs, ec2);
    session.progress.status(`e2e: looking up a public IP of ECS service ${settings.ecsServiceName}`);
    return discoverTaskEndpoint({
      ecs,
      ec2,
      cluster: settings.ecsClusterName,
      service: settings.ecsServiceName,
      port,
      clock: deps.clock,
      random: deps.random,
      deadline: deps.clock.now() + session.timeoutMs,
      signal: deps.signal,
    });
  }
  const unresolved =
    'endpointUrl' in settings.unresolved
      ? ` (output "endpoint_url" is only known after deploy: pass --outputs <file> from "cdktf deploy --outputs-file" or "terraform output -json")`
      : '';
  throw new UsageError(
    `No endpoint to send requests to${unresolved}`,
    'Pass --endpoint <url>, or --ecs-cluster and --ecs-service so a running task can be found (outputs "ecs_cluster_name", "ecs_service_name").',
  );
}

function normalizeError(error: unknown): SmokeError {
  if (error instanceof SmokeError) return error;
  if (error instanceof ValidationError) return new UsageError(error.message);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'AbortError') return new InterruptedError();
  return new SmokeError(`${message}`, ExitCode.Aws);
}
