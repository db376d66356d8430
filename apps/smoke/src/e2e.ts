import { type AthenaQueryRunner, type QueryEvent } from './athena';
import type { Clock } from './clock';
import { mapWithConcurrency } from './concurrency';
import { toSeconds } from './durations';
import { AwsError, ExitCode, type ExitCodeValue, InterruptedError } from './errors';
import { type ReportedError, exitCodeFor, reportError } from './outcome';
import { formatSeconds } from './format';
import { type ProbeResult, sendProbe } from './http-probe';
import type { Progress } from './progress';
import { DeadlineReached, type RunControl, haltOnThrottling } from './run-control';
import { type RequestSpec, makeMarker, requestUrl, validateRequests } from './requests';
import { type MarkerColumn, markerSql, qualifiedTable } from './sql';

/** What `e2e` does. */
export interface E2eOptions {
  /** Base URL of the nginx service. */
  readonly endpoint: string;
  /** Requests to send, one marker each. */
  readonly requests: readonly RequestSpec[];
  readonly database: string;
  readonly tablePrefix: string;
  /** Statuses with their own table; any other status lands in `fallbackTable`. */
  readonly routedStatuses: readonly number[];
  readonly fallbackTable: string;
  /** Table of records without `status` (nginx stderr). */
  readonly unparsedTable: string;
  /** Also expect each 404 marker in the unparsed table (nginx logs `open() … failed` to stderr). */
  readonly expectErrorLog: boolean;
  /** 12 hex characters; part of every marker. */
  readonly runId: string;
  /** Milliseconds from the first request until missing markers fail the run. */
  readonly timeoutMs: number;
  /** Milliseconds between the starts of two polling rounds. */
  readonly intervalMs: number;
  /** Milliseconds to wait for each HTTP response. */
  readonly httpTimeoutMs: number;
  /** Athena queries in flight at once. */
  readonly concurrency: number;
}

/** One marker expected in one table. */
export interface E2eExpectationResult {
  readonly marker: string;
  /** Status the request was meant to produce. */
  readonly status: number;
  readonly url: string;
  /** `access`: the access-log row; `error-log`: nginx's stderr line in the unparsed table. */
  readonly kind: 'access' | 'error-log';
  readonly table: string;
  readonly column: MarkerColumn;
  /** HTTP status received, if any. */
  readonly httpStatus?: number;
  /** ISO time just before the request was sent. */
  readonly sentAt: string;
  readonly visible: boolean;
  /**
   * Seconds from sending the request until the first polling query that returned the row had
   * SUCCEEDED: an upper bound of the delivery lag.
   */
  readonly lagSeconds?: number;
  /**
   * Seconds from sending the request until the start of the last polling query that did not return
   * the row: a lower bound of the lag (0 when the first query already found it).
   */
  readonly notBeforeSeconds?: number;
  /** The query that first returned the row. */
  readonly queryId?: string;
  readonly error?: ReportedError;
}

/** Per-table summary. */
export interface E2eTableResult {
  readonly table: string;
  readonly expected: number;
  readonly visible: number;
  /** The largest `lagSeconds` of the table's markers, once all are visible. */
  readonly lagSeconds?: number;
  readonly ok: boolean;
}

/** The full `e2e` result; also the `--json` document. */
export interface E2eReport {
  readonly command: 'e2e';
  readonly ok: boolean;
  readonly exitCode: ExitCodeValue;
  readonly endpoint: string;
  readonly database: string;
  readonly timeoutSeconds: number;
  readonly intervalSeconds: number;
  /** Polling rounds run. */
  readonly rounds: number;
  /** True when polling stopped because the deadline passed. */
  readonly deadlineReached: boolean;
  readonly expectations: readonly E2eExpectationResult[];
  readonly tables: readonly E2eTableResult[];
}

/** Injected collaborators of {@link runE2e}. */
export interface E2eContext {
  readonly runner: AthenaQueryRunner;
  readonly clock: Clock;
  readonly progress: Progress;
  readonly fetch: typeof fetch;
  readonly signal?: AbortSignal;
  /**
   * The command's deadline, Ctrl-C and halt switch; runE2e moves its deadline to `timeoutMs` after
   * the requests were sent. No polling query starts after it, and throttling beyond the retries
   * stops the run.
   * @default - `signal` and a deadline of its own
   */
  readonly control?: RunControl;
}

interface Expectation {
  readonly marker: string;
  readonly status: number;
  readonly url: string;
  readonly kind: 'access' | 'error-log';
  readonly table: string;
  readonly column: MarkerColumn;
  probe?: ProbeResult;
  found?: { queryId: string; finishedAt: number; lastMissStartedAt?: number };
  error?: ReportedError;
}

/** The table a status's access record is routed to. */
export function tableForStatus(
  status: number,
  options: Pick<E2eOptions, 'routedStatuses' | 'tablePrefix' | 'fallbackTable'>,
): string {
  return options.routedStatuses.includes(status) ? `${options.tablePrefix}${status}` : options.fallbackTable;
}

/**
 * Sends each request with a unique marker in its path, then polls Athena every `intervalMs` until
 * every marker is visible in the table its status routes to, and reports the lag per marker and per
 * table. Markers still missing at the deadline fail the run.
 */
export async function runE2e(options: E2eOptions, context: E2eContext): Promise<E2eReport> {
  validateRequests(options.requests);
  const expectations: Expectation[] = [];
  options.requests.forEach((spec, index) => {
    const marker = makeMarker(options.runId, spec.status, index);
    const url = requestUrl(options.endpoint, spec, marker);
    const table = tableForStatus(spec.status, options);
    expectations.push({ marker, status: spec.status, url, kind: 'access', table, column: 'request' });
    if (options.expectErrorLog && spec.status === 404) {
      expectations.push({
        marker,
        status: spec.status,
        url,
        kind: 'error-log',
        table: options.unparsedTable,
        column: 'log',
      });
    }
  });
  // Validate every identifier and marker before the first request goes out.
  for (const expectation of expectations)
    markerSql(options.database, expectation.table, expectation.column, [expectation.marker]);

  const { clock, progress, control } = context;
  const signal = control?.signal ?? context.signal;
  const probes = new Map<string, ProbeResult>();
  const requests = expectations.filter((expectation) => expectation.kind === 'access');
  for (const [index, request] of requests.entries()) {
    progress.status(`e2e: sending request ${index + 1}/${requests.length}: GET ${request.url}`);
    const probe = await sendProbe(request.url, {
      clock,
      timeoutMs: options.httpTimeoutMs,
      fetch: context.fetch,
      signal,
    });
    probes.set(request.marker, probe);
    if (probe.error !== undefined || probe.httpStatus !== request.status) {
      progress.note(
        `GET ${request.url}: ${probe.error ?? `HTTP ${probe.httpStatus}`}, expected HTTP ${request.status}; its marker is not polled`,
      );
    }
  }
  const deadline = clock.now() + options.timeoutMs;
  control?.armDeadline(deadline);
  for (const expectation of expectations) {
    const probe = probes.get(expectation.marker)!;
    expectation.probe = probe;
    if (probe.error !== undefined) {
      expectation.error = { kind: 'HTTP', message: `GET ${probe.url} failed: ${probe.error}` };
    } else if (probe.httpStatus !== expectation.status) {
      expectation.error = {
        kind: 'HTTP',
        message: `GET ${probe.url} answered HTTP ${probe.httpStatus}, expected ${expectation.status}; its row would land in ${tableForStatus(probe.httpStatus ?? 0, options)}, not ${expectation.table}`,
        hint: 'Fix the --request mapping (status:path) for this endpoint.',
      };
    }
  }

  const groups = new Map<
    string,
    { table: string; column: MarkerColumn; lastMissStartedAt?: number; done: boolean }
  >();
  for (const expectation of expectations) {
    if (!expectation.error)
      groups.set(`${expectation.table}/${expectation.column}`, {
        table: expectation.table,
        column: expectation.column,
        done: false,
      });
  }
  const pendingIn = (key: string) =>
    expectations.filter((e) => !e.error && !e.found && `${e.table}/${e.column}` === key);
  const visibleCount = () => expectations.filter((e) => e.found).length;
  const states = new Map<string, string>();
  let round = 0;
  let deadlineReached = false;
  const render = () => {
    const waiting = [...groups.entries()]
      .filter(([key, group]) => !group.done && pendingIn(key).length > 0)
      .map(([, group]) => `${group.table}${states.has(group.table) ? ` ${states.get(group.table)}` : ''}`);
    const visible = `${visibleCount()}/${expectations.length} markers visible`;
    progress.status(`e2e: round ${round}, ${visible}; waiting for ${waiting.join(', ') || '-'}`, visible);
  };

  while (!deadlineReached) {
    const active = [...groups.entries()].filter(([key, group]) => !group.done && pendingIn(key).length > 0);
    if (active.length === 0) break;
    round++;
    const roundStartedAt = clock.now();
    render();
    await mapWithConcurrency(
      active,
      options.concurrency,
      async ([key, group]) => {
        const pending = pendingIn(key);
        const onEvent = (event: QueryEvent) => {
          if (event.type === 'retry') {
            progress.note(`${event.label}: ${event.operation} ${event.error}, retry ${event.attempt}`);
            return;
          }
          states.set(group.table, event.state);
          render();
        };
        try {
          const result = await context.runner.run(
            {
              sql: markerSql(
                options.database,
                group.table,
                group.column,
                pending.map((e) => e.marker),
              ),
              key: `e2e:${round}:${group.table}:${group.column}`,
              label: qualifiedTable(options.database, group.table),
            },
            { deadline, signal, onEvent },
          );
          const values = result.rows.map((row) => row[0] ?? '');
          for (const expectation of pending) {
            if (values.some((value) => value.includes(expectation.marker))) {
              expectation.found = {
                queryId: result.queryId,
                finishedAt: result.finishedAt,
                lastMissStartedAt: group.lastMissStartedAt,
              };
              const lag = toSeconds(result.finishedAt - expectation.probe!.sentAt);
              progress.note(`${group.table}: ${expectation.marker} visible after ${formatSeconds(lag)} s`);
            }
          }
          group.lastMissStartedAt = result.startedAt;
        } catch (error) {
          if (error instanceof InterruptedError) throw error;
          if (error instanceof AwsError && error.kind === 'TIMEOUT') {
            deadlineReached = true;
            return;
          }
          haltOnThrottling(control, error);
          group.done = true;
          for (const expectation of pending) expectation.error = reportError(error);
        } finally {
          states.delete(group.table);
        }
      },
      () => control?.stopped() ?? false,
    );
    if (signal?.aborted) {
      if (signal.reason instanceof DeadlineReached) deadlineReached = true;
      else if (signal.reason instanceof AwsError) {
        for (const [key, group] of groups) {
          if (group.done) continue;
          group.done = true;
          for (const expectation of pendingIn(key)) expectation.error = reportError(signal.reason);
        }
        break;
      } else throw new InterruptedError();
    }
    const now = clock.now();
    if (now >= deadline) deadlineReached = true;
    const stillPending = [...groups.entries()].some(
      ([key, group]) => !group.done && pendingIn(key).length > 0,
    );
    if (deadlineReached || !stillPending) break;
    const wait = Math.min(roundStartedAt + options.intervalMs, deadline) - now;
    if (wait > 0) {
      render();
      try {
        await clock.sleep(wait, signal);
      } catch {
        if (signal?.reason instanceof DeadlineReached) break;
        if (!(signal?.reason instanceof AwsError)) throw new InterruptedError();
      }
    }
  }
  progress.done();
  return buildReport(expectations, options, round, deadlineReached);
}

function buildReport(
  expectations: readonly Expectation[],
  options: E2eOptions,
  rounds: number,
  deadlineReached: boolean,
): E2eReport {
  const results: E2eExpectationResult[] = expectations.map((e) => {
    const sentAt = e.probe!.sentAt;
    return {
      marker: e.marker,
      status: e.status,
      url: e.url,
      kind: e.kind,
      table: e.table,
      column: e.column,
      httpStatus: e.probe?.httpStatus,
      sentAt: new Date(sentAt).toISOString(),
      visible: e.found !== undefined,
      lagSeconds: e.found ? toSeconds(e.found.finishedAt - sentAt) : undefined,
      notBeforeSeconds: e.found
        ? toSeconds(Math.max(0, (e.found.lastMissStartedAt ?? sentAt) - sentAt))
        : undefined,
      queryId: e.found?.queryId,
      error: e.error,
    };
  });
  const tableNames = [...new Set(results.map((r) => r.table))];
  const tables: E2eTableResult[] = tableNames.map((table) => {
    const inTable = results.filter((r) => r.table === table);
    const visible = inTable.filter((r) => r.visible);
    const ok = visible.length === inTable.length;
    return {
      table,
      expected: inTable.length,
      visible: visible.length,
      lagSeconds: ok ? Math.max(...visible.map((r) => r.lagSeconds ?? 0)) : undefined,
      ok,
    };
  });
  const exitCode = exitCodeFor(results.map((r) => ({ ok: r.visible, error: r.error })));
  return {
    command: 'e2e',
    ok: exitCode === ExitCode.Ok,
    exitCode,
    endpoint: options.endpoint,
    database: options.database,
    timeoutSeconds: toSeconds(options.timeoutMs),
    intervalSeconds: toSeconds(options.intervalMs),
    rounds,
    deadlineReached,
    expectations: results,
    tables,
  };
}
