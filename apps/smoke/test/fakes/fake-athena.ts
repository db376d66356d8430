import type { Clock } from '../../src/clock';
import { type FakeResponse, type FakeService, type FakeServiceError, jsonError, jsonOk } from './aws-server';

/** A row of a fake table; only the columns the smoke queries read. */
export interface FakeRow {
  readonly request?: string;
  readonly log?: string;
  readonly time_local?: string;
  /** Virtual time from which queries see the row (a committed Iceberg snapshot). */
  readonly visibleAt: number;
}

/** How a query that matches a rule behaves. */
export interface QueryBehaviour {
  /** Virtual milliseconds the query stays RUNNING (and QUEUED for the first poll). */
  readonly runMs?: number;
  /** Never finishes (stays RUNNING until stopped). */
  readonly never?: boolean;
  /** End in this state instead of SUCCEEDED, with this StateChangeReason. */
  readonly state?: 'FAILED' | 'CANCELLED';
  readonly reason?: string;
}

interface FakeQuery {
  readonly id: string;
  readonly sql: string;
  readonly token?: string;
  readonly workgroup?: string;
  readonly submittedAt: number;
  readonly behaviour: QueryBehaviour;
  /** Evaluated at submission: the snapshot the query reads. */
  readonly outcome: { columns: string[]; rows: (string | null)[][] } | { failure: string };
  stopped: boolean;
  polls: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Parses nginx's `$time_local` (`10/Oct/2000:13:55:36 +0000`) like Joda `dd/MMM/yyyy:HH:mm:ss Z`. */
export function parseTimeLocal(text: string): number | undefined {
  const m = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!m || !MONTHS.includes(m[2])) return undefined;
  const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return (
    Date.UTC(Number(m[3]), MONTHS.indexOf(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) -
    offset
  );
}

/** Formats an epoch time as nginx's `$time_local` in UTC. */
export function formatTimeLocal(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

const COUNT_SQL =
  /^SELECT count\(\*\) FROM "([a-z0-9_]+)"\."([a-z0-9_]+)"(?: WHERE try\(parse_datetime\(time_local, 'dd\/MMM\/yyyy:HH:mm:ss Z'\)\) >= from_iso8601_timestamp\('([^']+)'\))?$/;
const MARKER_SQL = /^SELECT (request|log) FROM "([a-z0-9_]+)"\."([a-z0-9_]+)" WHERE (.+)$/;

/**
 * Athena's JSON 1.1 API (StartQueryExecution, GetQueryExecution, GetQueryResults,
 * StopQueryExecution) over in-memory tables, for the real `@aws-sdk/client-athena`. It understands
 * exactly the SQL the smoke checks write, honours ClientRequestToken idempotency, reads the table
 * snapshot at submission, pages results, and injects faults:
 * - `failNext(operation, …errors)`: the next calls of an operation return these errors, in order;
 * - `whenQuery(pattern, behaviour)`: matching queries run long, never finish, FAIL or get CANCELLED.
 */
export class FakeAthena implements FakeService {
  readonly targetPrefix = 'AmazonAthena';
  readonly queries: FakeQuery[] = [];
  /** Most queries RUNNING at the same time so far. */
  maxConcurrent = 0;
  private readonly tables = new Map<string, FakeRow[]>();
  private readonly databases = new Set<string>();
  private readonly workgroups = new Set<string>();
  private readonly errors = new Map<string, FakeServiceError[]>();
  private readonly rules: { pattern: RegExp; behaviour: QueryBehaviour }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly options: { defaultRunMs?: number; maxPageSize?: number } = {},
  ) {}

  addWorkgroup(name: string): this {
    this.workgroups.add(name);
    return this;
  }

  addTable(database: string, table: string, rows: readonly FakeRow[] = []): this {
    this.databases.add(database);
    this.tables.set(`${database}.${table}`, [...rows]);
    return this;
  }

  dropTable(database: string, table: string): this {
    this.tables.delete(`${database}.${table}`);
    return this;
  }

  hasTable(database: string, table: string): boolean {
    return this.tables.has(`${database}.${table}`);
  }

  insert(database: string, table: string, row: FakeRow): void {
    const rows = this.tables.get(`${database}.${table}`);
    if (!rows) throw new Error(`fake table ${database}.${table} does not exist`);
    rows.push(row);
  }

  failNext(operation: string, ...errors: FakeServiceError[]): this {
    this.errors.set(operation, [...(this.errors.get(operation) ?? []), ...errors]);
    return this;
  }

  whenQuery(pattern: RegExp, behaviour: QueryBehaviour): this {
    this.rules.push({ pattern, behaviour });
    return this;
  }

  handle(operation: string, input: Record<string, unknown>): FakeResponse {
    const injected = this.errors.get(operation)?.shift();
    if (injected) return jsonError(injected);
    switch (operation) {
      case 'StartQueryExecution':
        return this.start(input);
      case 'GetQueryExecution':
        return this.describe(String(input.QueryExecutionId));
      case 'GetQueryResults':
        return this.results(input);
      case 'StopQueryExecution': {
        const query = this.find(String(input.QueryExecutionId));
        if (!query) return this.notFound(String(input.QueryExecutionId));
        query.stopped = true;
        return jsonOk({});
      }
      default:
        return jsonError({ type: 'UnknownOperationException', message: `fake Athena has no ${operation}` });
    }
  }

  private find(id: string): FakeQuery | undefined {
    return this.queries.find((query) => query.id === id);
  }

  private notFound(id: string): FakeResponse {
    return jsonError({
      type: 'InvalidRequestException',
      message: `QueryExecution ${id} was not found`,
      extra: { AthenaErrorCode: 'INVALID_INPUT' },
    });
  }

  private start(input: Record<string, unknown>): FakeResponse {
    const token = input.ClientRequestToken as string | undefined;
    const existing = token ? this.queries.find((query) => query.token === token) : undefined;
    if (existing) {
      if (existing.sql !== input.QueryString) {
        return jsonError({
          type: 'InvalidRequestException',
          message: 'Idempotent parameters do not match',
          extra: { AthenaErrorCode: 'INVALID_INPUT' },
        });
      }
      return jsonOk({ QueryExecutionId: existing.id });
    }
    const workgroup = input.WorkGroup as string | undefined;
    if (workgroup && this.workgroups.size > 0 && !this.workgroups.has(workgroup)) {
      return jsonError({ type: 'InvalidRequestException', message: `WorkGroup ${workgroup} is not found.` });
    }
    const sql = String(input.QueryString);
    const behaviour = this.rules.find((rule) => rule.pattern.test(sql))?.behaviour ?? {};
    const query: FakeQuery = {
      id: `5e1f0c2a-7b3d-4e8f-9a6b-${String(this.queries.length + 1).padStart(12, '0')}`,
      sql,
      token,
      workgroup,
      submittedAt: this.clock.now(),
      behaviour,
      outcome: this.evaluate(sql, this.clock.now()),
      stopped: false,
      polls: 0,
    };
    this.queries.push(query);
    return jsonOk({ QueryExecutionId: query.id });
  }

  private isRunning(query: FakeQuery, now: number): boolean {
    if (query.stopped) return false;
    if (query.behaviour.never) return true;
    return now < query.submittedAt + (query.behaviour.runMs ?? this.options.defaultRunMs ?? 0);
  }

  private stateOf(query: FakeQuery, now: number): { State: string; StateChangeReason?: string } {
    if (query.stopped) return { State: 'CANCELLED', StateChangeReason: 'Query was cancelled by user' };
    if (this.isRunning(query, now)) return { State: query.polls <= 1 ? 'QUEUED' : 'RUNNING' };
    if (query.behaviour.state)
      return { State: query.behaviour.state, StateChangeReason: query.behaviour.reason };
    if ('failure' in query.outcome) return { State: 'FAILED', StateChangeReason: query.outcome.failure };
    return { State: 'SUCCEEDED' };
  }

  private describe(id: string): FakeResponse {
    const query = this.find(id);
    if (!query) return this.notFound(id);
    query.polls++;
    const now = this.clock.now();
    const running = this.queries.filter((q) => this.isRunning(q, now)).length;
    this.maxConcurrent = Math.max(this.maxConcurrent, running);
    const status = this.stateOf(query, now);
    const done = status.State !== 'QUEUED' && status.State !== 'RUNNING';
    return jsonOk({
      QueryExecution: {
        QueryExecutionId: query.id,
        Query: query.sql,
        StatementType: 'DML',
        WorkGroup: query.workgroup,
        Status: {
          ...status,
          SubmissionDateTime: query.submittedAt / 1000,
          ...(done ? { CompletionDateTime: now / 1000 } : {}),
          ...(status.State === 'FAILED'
            ? {
                AthenaError: {
                  ErrorCategory: 2,
                  ErrorType: 1006,
                  Retryable: false,
                  ErrorMessage: status.StateChangeReason,
                },
              }
            : {}),
        },
        Statistics: done
          ? { DataScannedInBytes: 1024, EngineExecutionTimeInMillis: now - query.submittedAt }
          : {},
      },
    });
  }

  private results(input: Record<string, unknown>): FakeResponse {
    const query = this.find(String(input.QueryExecutionId));
    if (!query) return this.notFound(String(input.QueryExecutionId));
    const state = this.stateOf(query, this.clock.now()).State;
    if (state !== 'SUCCEEDED' || 'failure' in query.outcome) {
      return jsonError({
        type: 'InvalidRequestException',
        message: `Query has not yet finished. Current state: ${state}`,
        extra: { AthenaErrorCode: 'INVALID_INPUT' },
      });
    }
    const { columns, rows } = query.outcome;
    const all = [columns, ...rows];
    const pageSize = Math.min(Number(input.MaxResults ?? 1000), this.options.maxPageSize ?? 1000);
    const offset = input.NextToken ? Number(String(input.NextToken).replace('page-', '')) : 0;
    const page = all.slice(offset, offset + pageSize);
    const next = offset + pageSize < all.length ? `page-${offset + pageSize}` : undefined;
    return jsonOk({
      UpdateCount: 0,
      ResultSet: {
        Rows: page.map((row) => ({
          Data: row.map((value) => (value === null ? {} : { VarCharValue: value })),
        })),
        ResultSetMetadata: {
          ColumnInfo: columns.map((name) => ({
            CatalogName: 'hive',
            Name: name,
            Label: name,
            Type: 'varchar',
          })),
        },
      },
      ...(next ? { NextToken: next } : {}),
    });
  }

  /** Runs `sql` against the snapshot at `at`: the rows visible then. */
  private evaluate(sql: string, at: number): FakeQuery['outcome'] {
    const count = COUNT_SQL.exec(sql);
    const marker = MARKER_SQL.exec(sql);
    const database = count?.[1] ?? marker?.[2];
    const table = count?.[2] ?? marker?.[3];
    if (!database || !table) {
      return { failure: 'SYNTAX_ERROR: line 1:1: the fake Athena does not understand this query' };
    }
    if (!this.databases.has(database)) {
      return { failure: `SCHEMA_NOT_FOUND: line 1:22: Schema '${database}' does not exist` };
    }
    const rows = this.tables.get(`${database}.${table}`);
    if (!rows) {
      return {
        failure: `TABLE_NOT_FOUND: line 1:22: Table 'awsdatacatalog.${database}.${table}' does not exist`,
      };
    }
    const visible = rows.filter((row) => row.visibleAt <= at);
    if (count) {
      const since = count[3] ? Date.parse(count[3]) : undefined;
      const counted = visible.filter((row) => {
        if (since === undefined) return true;
        const time = row.time_local ? parseTimeLocal(row.time_local) : undefined;
        return time !== undefined && time >= since;
      });
      return { columns: ['_col0'], rows: [[String(counted.length)]] };
    }
    const column = marker![1] as 'request' | 'log';
    const terms = marker![4].split(' OR ');
    const markers: string[] = [];
    for (const term of terms) {
      const m = new RegExp(`^strpos\\(${column}, '([^']*)'\\) > 0$`).exec(term);
      if (!m) return { failure: `SYNTAX_ERROR: line 1:1: unexpected condition ${term}` };
      markers.push(m[1]);
    }
    const matching = visible
      .map((row) => row[column] ?? null)
      .filter((value): value is string => value !== null && markers.some((m) => value.includes(m)));
    return { columns: [column], rows: matching.map((value) => [value]) };
  }
}
