import type { Command } from 'commander';
import { formatCheckReport, runCheck } from '../check';
import {
  EXIT_CODES_HELP,
  addRunOptions,
  addSettingsOptions,
  integerFlag,
  type CommonFlags,
} from '../cli/options';
import { type CliState, runCommand } from '../cli/session';
import type { CliDeps } from '../cli/deps';
import { parseSince } from '../durations';
import { type AthenaFlags, addAthenaOptions, openAthena } from './athena-options';

interface CheckFlags extends CommonFlags, AthenaFlags {
  minRows: string;
  since?: string;
}

/** `icelog-smoke check`: counts the rows of each routed table. */
export function registerCheck(program: Command, deps: CliDeps, state: CliState): void {
  const command = program
    .command('check')
    .description(
      'Count the rows of each request_<status> table in Athena and check there are at least --min-rows.',
    );
  addSettingsOptions(command);
  addAthenaOptions(command);
  addRunOptions(command, {
    text: 'deadline for all the queries (90s, 15m, 1h); queries still running then are stopped',
    default: '5m',
  })
    .option('--min-rows <n>', 'rows each table needs', '1')
    .option(
      '--since <when>',
      'count only rows logged since a duration ago (15m, 2h) or an ISO time (2025-01-31T08:00:00Z)',
    )
    .addHelpText(
      'after',
      `\nExamples:\n  icelog-smoke check --app dev\n  icelog-smoke check --app prod --outputs prod-outputs.json --since 1h --min-rows 10 --json\n${EXIT_CODES_HELP}`,
    )
    .action((flags: CheckFlags) =>
      runCommand(deps, state, 'check', flags, async (session) => {
        const minRows = integerFlag('--min-rows', flags.minRows, 0, Number.MAX_SAFE_INTEGER);
        const since = flags.since ? parseSince('--since', flags.since, deps.clock.now()) : undefined;
        const athena = await openAthena(session, flags, {}, ['database', 'workgroup', 'statuses']);
        const { settings } = athena;
        const report = await runCheck(
          {
            database: settings.database!,
            statuses: settings.statuses!,
            tablePrefix: settings.tablePrefix,
            minRows,
            since,
            timeoutMs: session.timeoutMs,
            concurrency: athena.concurrency,
          },
          { runner: athena.runner, clock: deps.clock, progress: session.progress, control: session.control },
        );
        return {
          report,
          text: formatCheckReport(report),
          settings,
          extra: { workgroup: settings.workgroup, region: settings.region ?? null },
        };
      }),
    );
}
