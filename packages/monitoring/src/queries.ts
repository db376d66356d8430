import { ValidationError } from '@icelog/core';
import type { RoutedTable } from '@icelog/routing';

/** A ready Athena query over the stack's tables. */
export interface ReadyQuery {
  /** Stable key, e.g. `requests-per-status-per-minute`; the named query is `<prefix>-<key>`. */
  readonly key: string;
  /** Shown in the Athena console. */
  readonly description: string;
  /** Athena (Trino) SQL. */
  readonly sql: string;
}

/** The Joda-Time pattern of nginx's `$time_local`, e.g. `10/Oct/2000:13:55:36 +0000`. */
export const TIME_LOCAL_FORMAT = 'dd/MMM/yyyy:HH:mm:ss Z';

/** Name of the request timestamp column, used instead of parsing `time_local` when a table has it. */
export const REQUEST_TIME_COLUMN = 'request_time';

const ACCESS_COLUMNS = ['time_local', 'status', 'request', 'http_user_agent'];

/**
 * The ready queries for a routing's tables in `databaseName`: requests per status per minute (last
 * hour), top paths by 5xx (last day), top user agents (last day), unparsed lines per hour (last day) and
 * what went to the fallback table. Each names only tables of `tables`.
 */
export function readyQueries(databaseName: string, tables: readonly RoutedTable[]): ReadyQuery[] {
  const status = tables.filter((t) => t.kind === 'status');
  const fallback = only(tables, 'fallback');
  const unparsed = only(tables, 'unparsed');
  const access = [...status, fallback];
  for (const table of access) {
    const missing = ACCESS_COLUMNS.filter((c) => !table.columns.some((col) => col.name === c));
    if (missing.length > 0) {
      throw new ValidationError(
        `tables.${table.tableName}.columns`,
        table.columns.map((c) => c.name),
        `must include ${missing.join(', ')} for the ready queries (the nginx access-log columns)`,
      );
    }
  }
  const ref = (table: RoutedTable) => `"${databaseName}"."${table.tableName}"`;
  const union = (list: readonly RoutedTable[], columns: string, where = '') =>
    list.map((t) => `  SELECT ${timeOf(t)} AS ts, ${columns} FROM ${ref(t)}${where}`).join('\n  UNION ALL\n');
  const fiveXx = status.filter((t) => t.status !== undefined && t.status >= 500 && t.status <= 599);

  return [
    {
      key: 'requests-per-status-per-minute',
      description:
        'Requests per HTTP status per minute over the last hour, across every request_<status> table and the fallback table.',
      sql: [
        'WITH requests AS (',
        union(access, 'status'),
        ')',
        "SELECT date_trunc('minute', ts) AS minute, status, count(*) AS requests",
        'FROM requests',
        "WHERE ts > now() - INTERVAL '1' HOUR",
        'GROUP BY 1, 2',
        'ORDER BY 1 DESC, 2',
      ].join('\n'),
    },
    {
      key: 'top-paths-by-5xx',
      description: 'Paths (query string removed) with the most 5xx responses in the last day.',
      sql: [
        'WITH errors AS (',
        [
          fiveXx.length > 0 ? union(fiveXx, 'status, request') : undefined,
          union([fallback], 'status, request', ' WHERE status BETWEEN 500 AND 599'),
        ]
          .filter((part) => part !== undefined)
          .join('\n  UNION ALL\n'),
        ')',
        "SELECT split_part(split_part(request, ' ', 2), '?', 1) AS path, count(*) AS errors,",
        '  array_agg(DISTINCT status) AS statuses',
        'FROM errors',
        "WHERE ts > now() - INTERVAL '1' DAY",
        'GROUP BY 1',
        'ORDER BY 2 DESC',
        'LIMIT 25',
      ].join('\n'),
    },
    {
      key: 'top-user-agents',
      description: 'User agents with the most requests in the last day, across every access-log table.',
      sql: [
        'WITH requests AS (',
        union(access, 'http_user_agent'),
        ')',
        'SELECT http_user_agent, count(*) AS requests',
        'FROM requests',
        "WHERE ts > now() - INTERVAL '1' DAY",
        'GROUP BY 1',
        'ORDER BY 2 DESC',
        'LIMIT 25',
      ].join('\n'),
    },
    unparsedPerHour(databaseName, unparsed),
    {
      key: 'records-in-fallback-table',
      description: `What went to ${fallback.tableName} (statuses without a table of their own), per status, with an example request.`,
      sql: [
        'SELECT status, count(*) AS records, min(ts) AS first_seen, max(ts) AS last_seen,',
        '  arbitrary(request) AS example_request',
        `FROM (SELECT ${timeOf(fallback)} AS ts, status, request FROM ${ref(fallback)})`,
        'GROUP BY status',
        'ORDER BY records DESC',
      ].join('\n'),
    },
  ];
}

/**
 * Unparsed lines per hour. With a request timestamp column, by that time; otherwise by commit time, from
 * the rows each Iceberg snapshot added (`summary['added-records']` of the `$snapshots` metadata table,
 * compaction snapshots (`replace`) excluded): the unparsed table has no time column of its own, and its
 * history reaches back as far as snapshot retention keeps snapshots.
 */
function unparsedPerHour(databaseName: string, unparsed: RoutedTable): ReadyQuery {
  const key = 'unparsed-lines-per-hour';
  if (hasRequestTime(unparsed)) {
    return {
      key,
      description:
        'Lines that were not access records (nginx stderr, parser misses) per hour over the last day.',
      sql: [
        `SELECT date_trunc('hour', ${REQUEST_TIME_COLUMN}) AS hour, count(*) AS lines`,
        `FROM "${databaseName}"."${unparsed.tableName}"`,
        `WHERE ${REQUEST_TIME_COLUMN} > now() - INTERVAL '1' DAY`,
        'GROUP BY 1',
        'ORDER BY 1 DESC',
      ].join('\n'),
    };
  }
  return {
    key,
    description:
      'Lines that were not access records (nginx stderr, parser misses) committed per hour over the last day, from Iceberg snapshot summaries.',
    sql: [
      "SELECT date_trunc('hour', committed_at) AS hour,",
      "  sum(CAST(summary['added-records'] AS bigint)) AS lines",
      `FROM "${databaseName}"."${unparsed.tableName}$snapshots"`,
      "WHERE operation <> 'replace' AND committed_at > now() - INTERVAL '1' DAY",
      'GROUP BY 1',
      'ORDER BY 1 DESC',
    ].join('\n'),
  };
}

function hasRequestTime(table: RoutedTable): boolean {
  return table.columns.some((c) => c.name === REQUEST_TIME_COLUMN && c.type === 'timestamp');
}

/** The request time of a row: the timestamp column when the table has one, else parsed `time_local`. */
function timeOf(table: RoutedTable): string {
  return hasRequestTime(table) ? REQUEST_TIME_COLUMN : `parse_datetime(time_local, '${TIME_LOCAL_FORMAT}')`;
}

function only(tables: readonly RoutedTable[], kind: RoutedTable['kind']): RoutedTable {
  const found = tables.filter((t) => t.kind === kind);
  if (found.length !== 1) {
    throw new ValidationError(
      'tables',
      tables.map((t) => `${t.tableName} (${t.kind})`),
      `must contain exactly one ${kind} table, as StatusRouting produces`,
    );
  }
  return found[0];
}
