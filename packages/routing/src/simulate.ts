import { isUnresolved } from '@icelog/core';
import { JqEngineName, createJqEngine } from './jq-engine';
import { ICEBERG_OPERATIONS, IRecordRouting } from './routing';

/**
 * Turns one raw log line into the record FireLens would send (e.g. the nginx access-log parser of
 * `@icelog/ecs-firelens`). Throw to report a line that cannot be turned into a record.
 */
export interface LineParser {
  parse(line: string): Record<string, unknown>;
}

/**
 * A {@link LineParser} that builds records the way FireLens does with the access-log parser filter
 * (`Reserve_Data On`, `Preserve_Key Off`): a line `parseAccessLine` reads becomes its fields, any other
 * line stays raw in `log`; `metadata` (e.g. `{ source: 'stdout', container_name: 'nginx' }`) is added
 * to every record.
 *
 * @example
 * // with @icelog/ecs-firelens
 * simulateRouting(routing, text, { lineParser: fireLensRecordParser(parseNginxLine) });
 */
export function fireLensRecordParser(
  parseAccessLine: (line: string) => object | undefined,
  metadata: Readonly<Record<string, unknown>> = {},
): LineParser {
  return {
    parse(line) {
      const fields = parseAccessLine(line);
      return { ...(fields ?? { log: line }), ...metadata };
    },
  };
}

/** Why a record would fail in Firehose. */
export type SimulationFailureReason =
  /** The line is not one JSON text: Firehose cannot parse the record. */
  | 'invalid-json'
  /** The injected {@link LineParser} threw. */
  | 'parse-error'
  /** jq cannot compile the query: every record fails. */
  | 'compile-error'
  /** The query raised a jq error for this record. */
  | 'query-error'
  /** The query's output is not exactly one object naming the routing's database, a table and an operation. */
  | 'bad-output'
  /** The query names a table the routing does not have: Firehose fails the record with `Iceberg.NoSuchTable`. */
  | 'no-such-table';

/** A record that would not reach a table. */
export interface SimulationFailure {
  /** 1-based line of the input. */
  readonly line: number;
  readonly reason: SimulationFailureReason;
  /** What went wrong, in words. */
  readonly message: string;
  /** The input line. */
  readonly input: string;
  /** The table the query named, for `no-such-table`. */
  readonly tableName?: string;
}

/** The outcome of a simulation. */
export interface SimulationResult {
  /** The engine that ran the query. */
  readonly engine: JqEngineName;
  /** Its version, e.g. `jq-1.6` (Firehose's) or `jq-1.7.1`. */
  readonly engineVersion: string;
  /** Number of records simulated (non-blank input lines). */
  readonly records: number;
  /** Records per table, for every table of the routing in its order (0 when none arrived). */
  readonly tableCounts: Readonly<Record<string, number>>;
  /** Records that would fail, in input order. */
  readonly failures: readonly SimulationFailure[];
  /** True when no record would fail. */
  readonly ok: boolean;
}

/** Options of {@link simulateRouting}. */
export interface SimulateOptions {
  /**
   * The jq that runs the query.
   * @default 'jq-wasm'
   */
  readonly engine?: JqEngineName;
  /**
   * The jq executable for the `jq-binary` engine.
   * @default 'jq'
   */
  readonly jqPath?: string;
  /**
   * Reads each input line as a raw log line through this parser instead of as a JSON record.
   * @default - each line is one JSON record, as FireLens sends it
   */
  readonly lineParser?: LineParser;
}

/**
 * Wraps the query so that each record yields exactly one line: all of the query's outputs, or its
 * error. The query itself runs unchanged; nothing follows the `try`, so jq 1.6's habit of catching
 * errors raised after a `try` body cannot hide anything.
 */
function harness(query: string): string {
  // The newline ends a trailing `# comment` of the query before the closing brackets.
  return `try {ok: [(${query}\n)]} catch {error: (if type == "string" then . else tojson end)}`;
}

interface PendingRecord {
  readonly line: number;
  readonly input: string;
  readonly json: string;
}

/**
 * Runs the routing's real query over `records` on a jq engine and reports, per table, how many records
 * would arrive, and which records would fail (with their input line). Nothing here re-implements the
 * routing: the table of each record is whatever jq computes.
 *
 * `jq-wasm` (default) runs in-process with jq 1.7.1; `jq-binary` spawns the `jq` executable once for
 * all records (jq 1.6 on Debian/Ubuntu: the Firehose version).
 *
 * @param records NDJSON text, or one record per array element (each counts as one line)
 */
export async function simulateRouting(
  routing: IRecordRouting,
  records: string | readonly string[],
  options: SimulateOptions = {},
): Promise<SimulationResult> {
  const engineName = options.engine ?? 'jq-wasm';
  const engine = createJqEngine(engineName, { jqPath: options.jqPath });
  const lines = typeof records === 'string' ? records.split(/\r?\n/) : records;
  const failures: SimulationFailure[] = [];
  const pending: PendingRecord[] = [];
  let total = 0;

  lines.forEach((input, index) => {
    if (input.trim() === '') return;
    total += 1;
    const line = index + 1;
    if (options.lineParser) {
      try {
        pending.push({ line, input, json: JSON.stringify(options.lineParser.parse(input)) });
      } catch (error) {
        failures.push({ line, input, reason: 'parse-error', message: errorMessage(error) });
      }
      return;
    }
    try {
      JSON.parse(input);
      pending.push({ line, input, json: input });
    } catch (error) {
      failures.push({
        line,
        input,
        reason: 'invalid-json',
        message: `not a JSON record: ${errorMessage(error)}`,
      });
    }
  });

  const engineVersion = await engine.version();
  const run = await engine.run(
    harness(routing.query),
    pending.map((p) => p.json),
  );
  if (run.exitCode === 0 && run.outputs.length !== pending.length) {
    throw new Error(
      `jq printed ${run.outputs.length} results for ${pending.length} records: the query must not read other records (input/inputs)`,
    );
  }

  const counts = new Map<string, number>(routing.tables.map((t) => [t.tableName, 0]));
  pending.forEach((record, i) => {
    const output = run.outputs[i];
    if (output === undefined) {
      failures.push({
        line: record.line,
        input: record.input,
        reason: run.exitCode === 3 ? 'compile-error' : 'query-error',
        message: `jq exited with status ${run.exitCode}: ${run.stderr.trim()}`,
      });
      return;
    }
    const outcome = judge(routing, JSON.parse(output) as HarnessOutput, counts);
    if (outcome.reason === undefined) {
      counts.set(outcome.tableName, (counts.get(outcome.tableName) ?? 0) + 1);
    } else {
      failures.push({
        line: record.line,
        input: record.input,
        reason: outcome.reason,
        message: outcome.message,
        ...(outcome.tableName === undefined ? {} : { tableName: outcome.tableName }),
      });
    }
  });

  failures.sort((a, b) => a.line - b.line);
  return {
    engine: engineName,
    engineVersion,
    records: total,
    tableCounts: Object.fromEntries(counts),
    failures,
    ok: failures.length === 0,
  };
}

type HarnessOutput = { ok: unknown[] } | { error: string };

type Outcome =
  | { reason: undefined; tableName: string }
  | { reason: 'query-error' | 'bad-output' | 'no-such-table'; message: string; tableName?: string };

/** Decides what Firehose would do with one harness output. */
function judge(routing: IRecordRouting, output: HarnessOutput, counts: ReadonlyMap<string, number>): Outcome {
  if ('error' in output) return { reason: 'query-error', message: `jq error: ${output.error}` };
  if (output.ok.length !== 1) {
    return {
      reason: 'bad-output',
      message: `the query produced ${output.ok.length} results; Firehose needs exactly one object per record`,
    };
  }
  const result = output.ok[0];
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return { reason: 'bad-output', message: `the query produced ${JSON.stringify(result)}, not an object` };
  }
  const { destinationDatabaseName, destinationTableName, operation } = result as Record<string, unknown>;
  if (typeof destinationTableName !== 'string') {
    return {
      reason: 'bad-output',
      message: `destinationTableName must be a string, the query produced ${JSON.stringify(destinationTableName)}`,
    };
  }
  if (!isUnresolved(routing.databaseName) && destinationDatabaseName !== routing.databaseName) {
    return {
      reason: 'bad-output',
      message: `destinationDatabaseName is ${JSON.stringify(destinationDatabaseName)}, not the routing's database "${routing.databaseName}"`,
    };
  }
  if (operation !== undefined && !(ICEBERG_OPERATIONS as readonly unknown[]).includes(operation)) {
    return {
      reason: 'bad-output',
      message: `operation must be one of ${ICEBERG_OPERATIONS.join(', ')}, the query produced ${JSON.stringify(operation)}`,
    };
  }
  if (!counts.has(destinationTableName)) {
    return {
      reason: 'no-such-table',
      tableName: destinationTableName,
      message: `table "${destinationTableName}" is not one of the routing's tables: Firehose would fail the record with Iceberg.NoSuchTable`,
    };
  }
  return { reason: undefined, tableName: destinationTableName };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
