import { type AthenaQueryRunner, type QueryEvent } from './athena';
import type { Clock } from './clock';
import { mapWithConcurrency } from './concurrency';
import { toSeconds } from './durations';
import { AwsError, ExitCode, type ExitCodeValue, InterruptedError } from './errors';
import { type ReportedError, exitCodeFor, reportError } from './outcome';
import { formatSeconds, renderTable } from './format';
import type { Progress } from './progress';
import { type RunControl, abortError, haltOnThrottling, notStartedError } from './run-control';
import { countRowsSql, qualifiedTable } from './sql';

/** What `check` verifies. */
export interface CheckOptions {
  /** Glue database holding the tables. */
  readonly database: string;
  /** Statuses whose `<tablePrefix><status>` table is counted. */
  readonly statuses: readonly number[];
  /** Prefix of the per-status tables. */
  readonly tablePrefix: string;
  /** A table passes with at least this many rows (0 only checks that the table can be queried). */
  readonly minRows: number;
  /** Count only rows whose `time_local` is at or after this time. */
  readonly since?: Date;
  /** Milliseconds the whole check may take; queries still running then are stopped. */
  readonly timeoutMs: number;
  /** Queries in flight at once. */
  readonly concurrency: number;
}

/** The outcome for one table. */
export interface CheckTableResult {
  readonly status: number;
  readonly table: string;
  /** Rows counted; undefined when the query did not succeed. */
  readonly rows?: number;
  /** True when the table has at least `minRows` rows. */
  readonly ok: boolean;
  readonly queryId?: string;
  /** Wall time of the query (start → SUCCEEDED seen), in seconds. */
  readonly seconds?: number;
  readonly dataScannedBytes?: number;
  readonly error?: ReportedError;
}

/** The full `check` result; also the `--json` document. */
export interface CheckReport {
  readonly command: 'check';
  readonly ok: boolean;
  readonly exitCode: ExitCodeValue;
  readonly database: string;
  readonly minRows: number;
  /** ISO time of `--since`, or null. */
  readonly since: string | null;
  readonly tables: readonly CheckTableResult[];
}

/** Injected collaborators of {@link runCheck}. */
export interface CheckContext {
  readonly runner: AthenaQueryRunner;
  readonly clock: Clock;
  readonly progress: Progress;
  readonly signal?: AbortSignal;
  /**
   * The command's deadline, Ctrl-C and halt switch. With it, no query starts after the deadline,
   * and throttling beyond the retries stops the queries in flight and starts no new ones.
   * @default - a deadline `timeoutMs` from now and `signal`
   */
  readonly control?: RunControl;
}

/**
 * Counts the rows of `<prefix><status>` for every status, `concurrency` queries at a time, and checks
 * each count against `minRows`. Identifiers are validated before any query starts.
 */
export async function runCheck(options: CheckOptions, context: CheckContext): Promise<CheckReport> {
  const targets = options.statuses.map((status) => {
    const table = `${options.tablePrefix}${status}`;
    return { status, table, sql: countRowsSql(options.database, table, options.since) };
  });
  const deadline = context.control?.deadline ?? context.clock.now() + options.timeoutMs;
  const signal = context.control?.signal ?? context.signal;
  const stopped = () => (context.control ? context.control.stopped() : context.clock.now() >= deadline);
  const states = new Map<string, string>();
  let done = 0;
  const render = () => {
    const active = [...states.entries()].map(([table, state]) => `${table} ${state}`).join(', ');
    const counts = `check: ${done}/${targets.length} tables done`;
    context.progress.status(`${counts}${active ? `; ${active}` : ''}`, counts);
  };
  const onEvent = (table: string, event: QueryEvent) => {
    if (event.type === 'retry') {
      context.progress.note(
        `${event.label}: ${event.operation} ${event.error}, retry ${event.attempt} in ${formatSeconds(event.waitMs / 1000)}s`,
      );
      return;
    }
    if (event.state === 'SUCCEEDED' || event.state === 'FAILED' || event.state === 'CANCELLED')
      states.delete(table);
    else states.set(table, event.state);
    render();
  };
  render();

  const started = await mapWithConcurrency(
    targets,
    options.concurrency,
    async (target) => {
      try {
        const result = await context.runner.run(
          {
            sql: target.sql,
            key: `check:${target.table}`,
            label: qualifiedTable(options.database, target.table),
          },
          { deadline, signal, onEvent: (event) => onEvent(target.table, event) },
        );
        const rows = Number(result.rows[0]?.[0] ?? Number.NaN);
        const ok = Number.isFinite(rows) && rows >= options.minRows;
        return {
          status: target.status,
          table: target.table,
          rows: Number.isFinite(rows) ? rows : undefined,
          ok,
          queryId: result.queryId,
          seconds: toSeconds(result.finishedAt - result.startedAt),
          dataScannedBytes: result.dataScannedBytes,
        } satisfies CheckTableResult;
      } catch (error) {
        if (error instanceof InterruptedError) throw error;
        haltOnThrottling(context.control, error);
        return {
          status: target.status,
          table: target.table,
          ok: false,
          queryId: error instanceof AwsError ? error.queryId : undefined,
          error: reportError(error),
        } satisfies CheckTableResult;
      } finally {
        done++;
        states.delete(target.table);
        render();
      }
    },
    stopped,
  );
  if (signal?.aborted && abortError(signal, '') instanceof InterruptedError) throw new InterruptedError();
  const results = started.map(
    (result, index): CheckTableResult =>
      result ?? {
        status: targets[index].status,
        table: targets[index].table,
        ok: false,
        error: reportError(
          notStartedError(signal, `Query on ${qualifiedTable(options.database, targets[index].table)}`),
        ),
      },
  );
  context.progress.done();
  const exitCode = exitCodeFor(results);
  return {
    command: 'check',
    ok: exitCode === ExitCode.Ok,
    exitCode,
    database: options.database,
    minRows: options.minRows,
    since: options.since ? options.since.toISOString() : null,
    tables: results,
  };
}

/** The human-readable report: a table, then one paragraph per problem, then a verdict line. */
export function formatCheckReport(report: CheckReport): string {
  const rows = report.tables.map((result) => [
    String(result.status),
    result.table,
    result.rows === undefined ? '-' : String(result.rows),
    result.ok
      ? 'ok'
      : result.error
        ? result.error.kind === 'TABLE_NOT_FOUND'
          ? 'MISSING'
          : 'ERROR'
        : 'TOO FEW',
    result.queryId ?? '-',
    formatSeconds(result.seconds),
  ]);
  let text = renderTable(['STATUS', 'TABLE', 'ROWS', 'RESULT', 'QUERY ID', 'SECONDS'], rows, [
    'right',
    'left',
    'right',
    'left',
    'left',
    'right',
  ]);
  for (const result of report.tables) {
    if (result.error) {
      text += `\n${result.table}: ${result.error.message}\n`;
      if (result.error.hint) text += `  hint: ${result.error.hint}\n`;
    }
  }
  const failing = report.tables.filter((result) => !result.ok);
  const window = report.since ? ` since ${report.since}` : '';
  if (failing.length === 0) {
    const all = report.tables.length === 1 ? 'the table has' : `all ${report.tables.length} tables have`;
    text += `\nOK: ${all} at least ${report.minRows} row(s)${window}.\n`;
  } else {
    const below = failing.filter((result) => !result.error).map((result) => result.table);
    const parts = [
      below.length > 0 ? `${below.length} below ${report.minRows} row(s)${window} (${below.join(', ')})` : '',
      failing.length > below.length ? `${failing.length - below.length} could not be counted` : '',
    ].filter(Boolean);
    text += `\nFAIL: ${failing.length} of ${report.tables.length} tables: ${parts.join('; ')}.\n`;
  }
  return text;
}
