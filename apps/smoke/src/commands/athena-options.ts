import type { Command } from 'commander';
import { AthenaQueryRunner, validateOutputLocation } from '../athena';
import { addConcurrencyOption, integerFlag } from '../cli/options';
import type { Session } from '../cli/session';
import type { SettingName, SmokeSettings } from '../settings';

/** Flags of the Athena commands (`check`, `e2e`). */
export interface AthenaFlags {
  database?: string;
  workgroup?: string;
  tablePrefix?: string;
  statuses?: string;
  outputLocation?: string;
  concurrency: string;
}

/** `--database`, `--workgroup`, `--table-prefix`, `--statuses`, `--output-location`, `--concurrency`. */
export function addAthenaOptions(command: Command): Command {
  command
    .option('--database <name>', 'Glue database (output "glue_database")')
    .option('--workgroup <name>', 'Athena workgroup (output "athena_workgroup")')
    .option(
      '--table-prefix <prefix>',
      'prefix of the per-status tables (output "table_prefix", default request_)',
    )
    .option('--statuses <list>', 'routed statuses, comma-separated, e.g. 200,404 (output "routed_statuses")')
    .option('--output-location <s3uri>', 'query result location, for workgroups that do not enforce one');
  return addConcurrencyOption(
    command,
    "Athena queries in flight at once, 1–20 (the account's active-query quota is shared)",
  );
}

/** An Athena session: validated settings and a query runner. */
export interface AthenaSession {
  readonly settings: SmokeSettings;
  readonly runner: AthenaQueryRunner;
  readonly runId: string;
  readonly concurrency: number;
}

/** Validates the Athena flags, loads the settings and builds the runner (credentials checked once). */
export async function openAthena(
  session: Session,
  flags: AthenaFlags,
  extra: Partial<Record<SettingName, unknown>>,
  required: readonly SettingName[],
): Promise<AthenaSession> {
  const concurrency = integerFlag('--concurrency', flags.concurrency, 1, 20);
  if (flags.outputLocation !== undefined) validateOutputLocation('--output-location', flags.outputLocation);
  const settings = session.settings(
    {
      database: flags.database,
      workgroup: flags.workgroup,
      tablePrefix: flags.tablePrefix,
      statuses: flags.statuses,
      ...extra,
    },
    required,
  );
  const client = await session.client(session.deps.createAthenaClient, settings.region, 'Athena');
  const runId = session.deps.newRunId();
  const runner = new AthenaQueryRunner({
    client,
    workgroup: settings.workgroup!,
    outputLocation: flags.outputLocation,
    runId,
    clock: session.deps.clock,
    random: session.deps.random,
  });
  return { settings, runner, runId, concurrency };
}
