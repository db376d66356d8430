import { createHash } from 'node:crypto';
import type { AthenaClient, QueryExecution } from '@aws-sdk/client-athena';
import { ValidationError, checkIntegerInRange } from '@icelog/core/validation';
import { type BackoffOptions, fullJitterDelay, retryWithBackoff } from './backoff';
import { type Clock, systemClock } from './clock';
import { AwsError } from './errors';
import { isRetryable, toAwsError } from './aws-errors';
import { queryFailure } from './athena-failure';
import { DeadlineReached, abortError, clockTimeout } from './run-control';

/** Settings of {@link AthenaQueryRunner}. */
export interface AthenaQueryRunnerProps {
  /**
   * The Athena client. Create it with `maxAttempts: 1`: the runner retries itself, with jitter and
   * within the command's deadline.
   */
  readonly client: AthenaClient;
  /** The workgroup every query runs in (its settings decide the result location and encryption). */
  readonly workgroup: string;
  /**
   * `s3://…` location for query results, for workgroups that do not enforce their own.
   * @default - the workgroup's result location
   */
  readonly outputLocation?: string;
  /**
   * Identifies this run of the CLI. Client request tokens derive from it, so retries of one logical
   * query reuse a token (Athena starts it once) while the next run never reuses an old result.
   */
  readonly runId: string;
  /**
   * Time source for waits, deadlines and timestamps.
   * @default - the system clock
   */
  readonly clock?: Clock;
  /**
   * Uniform random numbers in [0, 1) for jitter.
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * Backoff between GetQueryExecution polls of a running query.
   * @default { baseMs: 200, capMs: 2000 }
   */
  readonly poll?: BackoffOptions;
  /**
   * Backoff and attempts for throttled or failed-transiently API calls.
   * @default { baseMs: 500, capMs: 20000, maxAttempts: 8 }
   */
  readonly retry?: BackoffOptions & { readonly maxAttempts: number };
  /**
   * Rows per GetQueryResults page (1–1000).
   * @default 1000
   */
  readonly pageSize?: number;
  /**
   * How long StopQueryExecution may take on the way out (after a deadline, a halt or Ctrl-C), so that
   * an endpoint that never answers cannot hold the exit.
   * @default 5000
   */
  readonly stopTimeoutMs?: number;
}

/** One logical query. */
export interface QuerySpec {
  /** The SQL text, built by the `sql` module only. */
  readonly sql: string;
  /**
   * Names this logical query attempt within the run (e.g. `check:request_200`, `e2e:3:request_404`).
   * Same key ⇒ same ClientRequestToken.
   */
  readonly key: string;
  /** What the query reads, for messages (e.g. `"icelog_dev"."request_200"`). */
  readonly label: string;
}

/** A state change or a retry, for progress output. */
export type QueryEvent =
  | {
      readonly type: 'state';
      readonly label: string;
      readonly queryId?: string;
      readonly state: 'SUBMITTING' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'STOPPED';
    }
  | {
      readonly type: 'retry';
      readonly label: string;
      readonly operation: string;
      readonly attempt: number;
      readonly waitMs: number;
      readonly error: string;
    };

/** Per-call options of {@link AthenaQueryRunner.run}. */
export interface QueryRunOptions {
  /** Epoch milliseconds; a query still QUEUED/RUNNING then is stopped (StopQueryExecution). */
  readonly deadline: number;
  /**
   * Aborting cuts off the call in flight, stops the running query and rejects with the error that
   * {@link abortError} derives from the signal's reason (a `TIMEOUT` at a {@link RunControl}
   * deadline, the halting error, or `InterruptedError` for Ctrl-C).
   */
  readonly signal?: AbortSignal;
  /** Told about state changes and retries. */
  readonly onEvent?: (event: QueryEvent) => void;
}

/** A SUCCEEDED query and its rows. */
export interface QueryResult {
  readonly queryId: string;
  /** Column names from the result metadata. */
  readonly columns: readonly string[];
  /** Data rows (the header row Athena puts first is removed); NULL is `null`. */
  readonly rows: readonly (readonly (string | null)[])[];
  /** Local clock just before StartQueryExecution was sent. */
  readonly startedAt: number;
  /** Local clock when GetQueryExecution first reported SUCCEEDED. */
  readonly finishedAt: number;
  /** Bytes Athena scanned (what the query is billed on), when reported. */
  readonly dataScannedBytes?: number;
}

const TERMINAL_FAILURES = new Set(['FAILED', 'CANCELLED']);

/** Throws unless `location` is an `s3://<bucket>[/<prefix>]` URI, as Athena's OutputLocation needs. */
export function validateOutputLocation(field: string, location: string): void {
  if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(location)) {
    throw new ValidationError(field, location, 'must be an s3://bucket/prefix/ URI');
  }
}

/**
 * The Athena SDK module, loaded on first use: the CLI's `--help` and usage errors then do not pay
 * for loading the SDK.
 */
const athenaSdk = () => import('@aws-sdk/client-athena');

/**
 * Runs Athena queries the way a CI job needs: idempotent starts, polling with exponential backoff and
 * full jitter, a hard deadline that stops the query on the way out, retries on throttling, all result
 * pages, and errors that say what to fix.
 */
export class AthenaQueryRunner {
  private readonly client: AthenaClient;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly poll: BackoffOptions;
  private readonly retry: BackoffOptions & { readonly maxAttempts: number };
  private readonly pageSize: number;

  constructor(private readonly props: AthenaQueryRunnerProps) {
    if (props.runId.length === 0) throw new ValidationError('runId', props.runId, 'must not be empty');
    this.client = props.client;
    this.clock = props.clock ?? systemClock;
    this.random = props.random ?? Math.random;
    this.poll = props.poll ?? { baseMs: 200, capMs: 2000 };
    this.retry = props.retry ?? { baseMs: 500, capMs: 20_000, maxAttempts: 8 };
    this.pageSize = props.pageSize ?? 1000;
    checkIntegerInRange('pageSize', this.pageSize, 1, 1000);
    if (props.outputLocation !== undefined) validateOutputLocation('outputLocation', props.outputLocation);
  }

  /**
   * The StartQueryExecution ClientRequestToken for a logical query: a SHA-256 hex digest (64
   * characters, inside Athena's 32–128) of the run id and the key.
   */
  clientRequestToken(key: string): string {
    return createHash('sha256').update(`${this.props.runId}\u0000${key}`).digest('hex');
  }

  /** Starts `spec`, waits for it, and returns all its rows. */
  async run(spec: QuerySpec, given: QueryRunOptions): Promise<QueryResult> {
    // A signal of its own per query: the SDK and the waits listen to it, not to the shared run signal
    // (20 queries in flight would otherwise put 20+ listeners on one signal).
    const options = { ...given, signal: given.signal ? AbortSignal.any([given.signal]) : undefined };
    if (options.signal?.aborted) throw abortError(options.signal, `Athena query on ${spec.label}`);
    if (this.clock.now() >= options.deadline) {
      throw new AwsError('TIMEOUT', `Query on ${spec.label} was not started: the deadline had passed`, {
        hint: 'Raise --timeout, or lower the number of tables per run.',
      });
    }
    const emit = options.onEvent ?? (() => undefined);
    emit({ type: 'state', label: spec.label, state: 'SUBMITTING' });
    const { StartQueryExecutionCommand } = await athenaSdk();
    const startedAt = this.clock.now();
    const started = await this.call('StartQueryExecution', spec, options, (abortSignal) =>
      this.client.send(
        new StartQueryExecutionCommand({
          QueryString: spec.sql,
          WorkGroup: this.props.workgroup,
          ClientRequestToken: this.clientRequestToken(spec.key),
          ResultConfiguration: this.props.outputLocation
            ? { OutputLocation: this.props.outputLocation }
            : undefined,
        }),
        { abortSignal },
      ),
    );
    const queryId = started.QueryExecutionId;
    if (!queryId) throw new AwsError('API', 'Athena StartQueryExecution returned no QueryExecutionId');

    const execution = await this.waitForCompletion(queryId, spec, options);
    const finishedAt = this.clock.now();
    const { columns, rows } = await this.fetchRows(queryId, spec, options);
    return {
      queryId,
      columns,
      rows,
      startedAt,
      finishedAt,
      dataScannedBytes: execution.Statistics?.DataScannedInBytes,
    };
  }

  private async waitForCompletion(
    queryId: string,
    spec: QuerySpec,
    options: QueryRunOptions,
  ): Promise<QueryExecution> {
    const emit = options.onEvent ?? (() => undefined);
    const { GetQueryExecutionCommand } = await athenaSdk();
    let lastState: string | undefined;
    for (let attempt = 0; ; attempt++) {
      let execution: QueryExecution | undefined;
      try {
        execution = (
          await this.call('GetQueryExecution', spec, options, (abortSignal) =>
            this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId }), { abortSignal }),
          )
        ).QueryExecution;
      } catch (error) {
        await this.stopQuietly(queryId, spec, emit);
        throw this.atDeadline(options.signal, queryId, spec, lastState) ?? error;
      }
      const state = execution?.Status?.State ?? 'QUEUED';
      if (state !== lastState) {
        lastState = state;
        emit({ type: 'state', label: spec.label, queryId, state: state as 'QUEUED' });
      }
      if (state === 'SUCCEEDED') return execution ?? {};
      if (TERMINAL_FAILURES.has(state)) throw queryFailure(queryId, spec.label, execution ?? {});
      const now = this.clock.now();
      if (now >= options.deadline) {
        await this.stopQuietly(queryId, spec, emit);
        throw this.timeout(queryId, spec, state);
      }
      try {
        await this.clock.sleep(
          Math.min(fullJitterDelay(attempt, this.poll, this.random), options.deadline - now),
          options.signal,
        );
      } catch {
        await this.stopQuietly(queryId, spec, emit);
        throw (
          this.atDeadline(options.signal, queryId, spec, state) ??
          abortError(options.signal, `Query ${queryId} on ${spec.label}`)
        );
      }
    }
  }

  private timeout(queryId: string, spec: QuerySpec, state: string): AwsError {
    return new AwsError(
      'TIMEOUT',
      `Query ${queryId} on ${spec.label} was still ${state} at the deadline; it was stopped (StopQueryExecution)`,
      {
        queryId,
        hint: 'Raise --timeout, or look for queued queries in the workgroup (the account quota on active queries is shared).',
      },
    );
  }

  /** The TIMEOUT error when `signal` was aborted by the deadline, else undefined. */
  private atDeadline(
    signal: AbortSignal | undefined,
    queryId: string,
    spec: QuerySpec,
    state: string | undefined,
  ): AwsError | undefined {
    return signal?.aborted && signal.reason instanceof DeadlineReached
      ? this.timeout(queryId, spec, state ?? 'QUEUED')
      : undefined;
  }

  private async fetchRows(
    queryId: string,
    spec: QuerySpec,
    options: QueryRunOptions,
  ): Promise<{ columns: string[]; rows: (string | null)[][] }> {
    const { GetQueryResultsCommand } = await athenaSdk();
    const rows: (string | null)[][] = [];
    let columns: string[] = [];
    let nextToken: string | undefined;
    let firstPage = true;
    do {
      const page = await this.call('GetQueryResults', spec, options, (abortSignal) =>
        this.client.send(
          new GetQueryResultsCommand({
            QueryExecutionId: queryId,
            NextToken: nextToken,
            MaxResults: this.pageSize,
          }),
          { abortSignal },
        ),
      );
      const pageRows = (page.ResultSet?.Rows ?? []).map((row) =>
        (row.Data ?? []).map((datum) => datum.VarCharValue ?? null),
      );
      if (firstPage) {
        columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((column) => column.Name ?? '');
        const header = pageRows[0];
        if (header && columns.length > 0 && header.every((value, index) => value === columns[index])) {
          pageRows.shift();
        }
        firstPage = false;
      }
      rows.push(...pageRows);
      nextToken = page.NextToken;
    } while (nextToken);
    return { columns, rows };
  }

  private async stopQuietly(
    queryId: string,
    spec: QuerySpec,
    emit: (event: QueryEvent) => void,
  ): Promise<void> {
    const bound = clockTimeout(this.clock, this.props.stopTimeoutMs ?? 5000);
    try {
      const { StopQueryExecutionCommand } = await athenaSdk();
      await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId }), {
        abortSignal: bound.signal,
      });
      emit({ type: 'state', label: spec.label, queryId, state: 'STOPPED' });
    } catch {
      // Best effort on the way out: the original error is what the user needs to see.
    } finally {
      bound.dispose();
    }
  }

  private async call<T>(
    operation: string,
    spec: QuerySpec,
    options: QueryRunOptions,
    send: (abortSignal?: AbortSignal) => Promise<T>,
  ): Promise<T> {
    let attempts = 0;
    try {
      return await retryWithBackoff(
        () => {
          attempts++;
          return send(options.signal);
        },
        {
          ...this.retry,
          deadline: options.deadline,
          clock: this.clock,
          random: this.random,
          isRetryable,
          signal: options.signal,
          onRetry: (error, attempt, waitMs) =>
            options.onEvent?.({
              type: 'retry',
              label: spec.label,
              operation,
              attempt,
              waitMs,
              error: error instanceof Error ? error.name : String(error),
            }),
        },
      );
    } catch (error) {
      if (options.signal?.aborted) throw abortError(options.signal, `Athena ${operation} for ${spec.label}`);
      throw toAwsError(error, `Athena ${operation} for ${spec.label}`, attempts);
    }
  }
}
