import { Command, Option } from 'commander';
import type { CliDeps } from '../cli/deps';
import {
  EXIT_CODES_HELP,
  addRunOptions,
  addSettingsOptions,
  integerFlag,
  type CommonFlags,
} from '../cli/options';
import { type CliState, type Session, runCommand } from '../cli/session';
import { parseDuration } from '../durations';
import { runE2e } from '../e2e';
import { formatE2eReport } from '../e2e-format';
import { type ResolvedEndpoint, discoverTaskEndpoint } from '../endpoint';
import { UsageError } from '../errors';
import { DEFAULT_REQUESTS, type RequestSpec, parseRequestSpec, validateRequests } from '../requests';
import type { SmokeSettings } from '../settings';
import { type AthenaFlags, addAthenaOptions, openAthena } from './athena-options';

interface E2eFlags extends CommonFlags, AthenaFlags {
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

/** `icelog-smoke e2e`: sends marked requests and measures how long each takes to become queryable. */
export function registerE2e(program: Command, deps: CliDeps, state: CliState): void {
  const command = program
    .command('e2e')
    .description(
      'Send requests with unique markers to the endpoint, wait until every marker is queryable in its table, and report the lag.',
    );
  addSettingsOptions(command);
  addAthenaOptions(command);
  addRunOptions(command, {
    text: 'how long to wait for the markers, counted from when the requests were sent',
    default: '10m',
  })
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
    .action((flags: E2eFlags) =>
      runCommand(deps, state, 'e2e', flags, async (session) => {
        const requests: RequestSpec[] =
          flags.request.length > 0 ? flags.request.map(parseRequestSpec) : [...DEFAULT_REQUESTS];
        validateRequests(requests);
        const intervalMs = parseDuration('--interval', flags.interval);
        const httpTimeoutMs = parseDuration('--http-timeout', flags.httpTimeout);
        const port = integerFlag('--port', flags.port, 1, 65535);
        // Until the requests are sent, allow for discovery and every HTTP request; runE2e then counts
        // --timeout from the moment the requests went out.
        session.control.armDeadline(deps.clock.now() + session.timeoutMs + httpTimeoutMs * requests.length);
        const athena = await openAthena(
          session,
          flags,
          {
            fallbackTable: flags.fallbackTable,
            unparsedTable: flags.unparsedTable,
            endpointUrl: flags.endpoint,
            ecsClusterName: flags.ecsCluster,
            ecsServiceName: flags.ecsService,
          },
          ['database', 'workgroup', 'statuses'],
        );
        const { settings } = athena;
        const endpoint = await resolveEndpoint(settings, port, session);
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
            runId: athena.runId,
            timeoutMs: session.timeoutMs,
            intervalMs,
            httpTimeoutMs,
            concurrency: athena.concurrency,
          },
          {
            runner: athena.runner,
            clock: deps.clock,
            progress: session.progress,
            fetch: deps.fetch,
            control: session.control,
          },
        );
        return {
          report,
          text: formatE2eReport(report),
          settings,
          extra: { workgroup: settings.workgroup, region: settings.region ?? null },
        };
      }),
    );
}

async function resolveEndpoint(
  settings: SmokeSettings,
  port: number,
  session: Session,
): Promise<ResolvedEndpoint> {
  if (settings.endpointUrl) return { url: settings.endpointUrl, source: settings.sources.endpointUrl ?? '' };
  if (settings.ecsClusterName && settings.ecsServiceName) {
    const { deps } = session;
    const ecs = await session.client(deps.createEcsClient, settings.region, 'ECS');
    const ec2 = await session.client(deps.createEc2Client, settings.region, 'EC2');
    session.progress.status(`e2e: looking up a public IP of ECS service ${settings.ecsServiceName}`);
    return discoverTaskEndpoint({
      ecs,
      ec2,
      cluster: settings.ecsClusterName,
      service: settings.ecsServiceName,
      port,
      clock: deps.clock,
      random: deps.random,
      deadline: session.control.deadline,
      signal: session.control.signal,
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
