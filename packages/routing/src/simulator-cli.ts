import { readFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { ValidationError } from '@icelog/core';
import { JQ_ENGINE_NAMES, JqEngineName } from './jq-engine';
import { IRecordRouting, StatusRouting } from './routing';
import { LineParser, SimulationResult, simulateRouting } from './simulate';
import { DEFAULT_ROUTED_STATUSES } from './statuses';

/** Where the CLI reads and writes. */
export interface RouteSimulatorIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Read when no file (or `-`) is given. */
  readonly stdin: AsyncIterable<string | Buffer>;
}

/** What the CLI can be given beyond its arguments. */
export interface RouteSimulatorDependencies {
  /**
   * Turns raw nginx lines into FireLens records for `--nginx`.
   * @default - none: `--nginx` is a usage error
   */
  readonly nginxLineParser?: LineParser;
}

/** Exit status: no record would fail. */
export const EXIT_OK = 0;
/** Exit status: at least one record would fail. */
export const EXIT_FAILING_RECORDS = 1;
/** Exit status: bad arguments, unreadable input, or no jq engine. */
export const EXIT_USAGE = 2;

interface CliOptions {
  readonly database: string;
  readonly statuses?: string;
  readonly prefix: string;
  readonly fallbackTable?: string;
  readonly unparsedTable?: string;
  readonly engine: JqEngineName;
  readonly jq: string;
  readonly nginx?: boolean;
  readonly json?: boolean;
  readonly printQuery?: boolean;
  readonly maxFailures: string;
}

/** A problem with the invocation, reported on stderr with exit status 2. */
class UsageError extends Error {}

/**
 * `icelog-route-sim`: runs the status routing query over NDJSON records (a file or stdin) and prints
 * per-table counts and the records that would fail. Returns the exit status: 0 when no record would
 * fail, 1 when some would, 2 on usage errors.
 */
export async function runRouteSimulator(
  argv: readonly string[],
  io: RouteSimulatorIo,
  dependencies: RouteSimulatorDependencies = {},
): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('icelog-route-sim')
    .description(
      'Route NDJSON records (FireLens output: one JSON object per line) through the icelog status routing query on a real jq, and report the table of each record and the records Firehose would fail.',
    )
    .argument('[file]', 'NDJSON records; "-" or nothing reads stdin')
    .option('-d, --database <name>', 'Glue database name', 'icelog')
    .option(
      '-s, --statuses <list>',
      `comma-separated statuses with a table of their own (default: ${DEFAULT_ROUTED_STATUSES.join(',')})`,
    )
    .option('-p, --prefix <prefix>', 'prefix of the per-status tables', 'request_')
    .option('--fallback-table <name>', 'table for other statuses (default: <prefix>other)')
    .option('--unparsed-table <name>', 'table for records without status (default: <prefix>unparsed)')
    .addOption(
      new Option(
        '-e, --engine <engine>',
        'jq engine: jq-wasm (jq 1.7.1, in-process) or jq-binary (the jq executable)',
      )
        .choices(JQ_ENGINE_NAMES)
        .default('jq-wasm'),
    )
    .option('--jq <path>', 'jq executable for --engine jq-binary', 'jq')
    .option('--nginx', 'input lines are raw nginx log lines, read by the FireLens nginx parser')
    .option('--json', 'print the result as JSON')
    .option('--print-query', 'print the generated MetadataExtractionQuery and exit')
    .option('--max-failures <n>', 'failing records to list in text output', '20')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .action(async (file: string | undefined, options: CliOptions) => {
      exitCode = await simulate(file, options, io, dependencies);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? EXIT_OK
        : EXIT_USAGE;
    }
    if (error instanceof ValidationError || error instanceof UsageError) {
      io.stderr.write(`icelog-route-sim: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

async function simulate(
  file: string | undefined,
  options: CliOptions,
  io: RouteSimulatorIo,
  dependencies: RouteSimulatorDependencies,
): Promise<number> {
  const maxFailures = Number(options.maxFailures);
  if (!Number.isInteger(maxFailures) || maxFailures < 0) {
    throw new ValidationError('--max-failures', options.maxFailures, 'must be a non-negative integer');
  }
  if (options.nginx && !dependencies.nginxLineParser) {
    throw new UsageError(
      '--nginx needs the FireLens nginx line parser, which this build does not include; feed FireLens records (NDJSON) instead',
    );
  }
  const routing = new StatusRouting({
    databaseName: options.database,
    tablePrefix: options.prefix,
    statuses: options.statuses === undefined ? undefined : parseStatuses(options.statuses),
    fallbackTableName: options.fallbackTable,
    unparsedTableName: options.unparsedTable,
  });
  if (options.printQuery) {
    io.stdout.write(`${routing.query}\n`);
    return EXIT_OK;
  }

  const text = await readInput(file, io);
  let result: SimulationResult;
  try {
    result = await simulateRouting(routing, text, {
      engine: options.engine,
      jqPath: options.jq,
      lineParser: options.nginx ? dependencies.nginxLineParser : undefined,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  io.stdout.write(
    options.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result, routing, maxFailures),
  );
  return result.ok ? EXIT_OK : EXIT_FAILING_RECORDS;
}

function parseStatuses(list: string): number[] {
  return list.split(',').map((item) => {
    const trimmed = item.trim();
    if (!/^\d+$/.test(trimmed)) {
      throw new ValidationError(
        '--statuses',
        list,
        'must be a comma-separated list of integers, e.g. 200,404,500',
      );
    }
    return Number(trimmed);
  });
}

async function readInput(file: string | undefined, io: RouteSimulatorIo): Promise<string> {
  if (file === undefined || file === '-') {
    let text = '';
    for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    return text;
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** The human-readable report. */
export function formatResult(result: SimulationResult, routing: IRecordRouting, maxFailures = 20): string {
  const out: string[] = [];
  const routed = result.records - result.failures.length;
  out.push(
    `${result.records} records, ${routed} routed, ${result.failures.length} failing ` +
      `(engine ${result.engine}, ${result.engineVersion}; database ${routing.databaseName})`,
  );
  if (result.engineVersion !== 'jq-1.6') {
    out.push(`note: Firehose runs jq 1.6; confirm with --engine jq-binary where jq 1.6 is installed`);
  }
  const counts = Object.entries(result.tableCounts).filter(([, count]) => count > 0);
  if (counts.length > 0) {
    out.push('');
    const width = Math.max(...counts.map(([table]) => table.length));
    for (const [table, count] of counts) out.push(`  ${table.padEnd(width)}  ${count}`);
  }
  const empty = Object.values(result.tableCounts).filter((count) => count === 0).length;
  if (empty > 0) out.push(`  (${empty} other tables received no records)`);
  if (result.failures.length > 0) {
    out.push('', 'Failing records:');
    for (const failure of result.failures.slice(0, maxFailures)) {
      out.push(`  line ${failure.line}: ${failure.reason}: ${failure.message}`);
    }
    if (result.failures.length > maxFailures) {
      out.push(`  … and ${result.failures.length - maxFailures} more (--max-failures, or --json for all)`);
    }
  }
  return `${out.join('\n')}\n`;
}
