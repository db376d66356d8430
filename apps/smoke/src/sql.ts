import { ValidationError, validateGlueName } from '@icelog/core/validation';

/**
 * The only place that writes SQL. Nothing typed by a user reaches a query as text: identifiers must
 * pass the Glue name rule (`^[a-z0-9_]{1,255}$`, which leaves nothing to escape inside `"…"`), and
 * the only literals are values this CLI generates (markers, ISO timestamps), checked against their
 * own strict patterns before use.
 */

/** The `time_local` column as nginx writes it (`10/Oct/2000:13:55:36 +0000`), in Joda-Time syntax. */
export const TIME_LOCAL_FORMAT = 'dd/MMM/yyyy:HH:mm:ss Z';

/** Markers this CLI puts into request paths: `icelog-<12 hex>-<status>-<2 digits>`. */
export const MARKER_PATTERN = /^icelog-[0-9a-f]{12}-[1-5][0-9]{2}-[0-9]{2}$/;

const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** `"<database>"."<table>"`, both validated as Glue names. */
export function qualifiedTable(database: string, table: string): string {
  validateGlueName('database', database);
  validateGlueName('table', table);
  return `"${database}"."${table}"`;
}

/** A single-quoted SQL string literal for a value that must fully match `pattern`. */
export function sqlLiteral(field: string, value: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw new ValidationError(field, value, rule);
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The `--since` predicate on `time_local`. `try()` turns a line that does not parse into NULL (the
 * row is left out) instead of failing the whole query with INVALID_FUNCTION_ARGUMENT.
 */
export function sinceCondition(since: Date): string {
  const literal = sqlLiteral(
    'since',
    since.toISOString(),
    ISO_UTC_PATTERN,
    'must be an ISO 8601 UTC timestamp with milliseconds',
  );
  return `try(parse_datetime(time_local, '${TIME_LOCAL_FORMAT}')) >= from_iso8601_timestamp(${literal})`;
}

/** `SELECT count(*) FROM "<db>"."<table>"`, optionally limited to rows logged since `since`. */
export function countRowsSql(database: string, table: string, since?: Date): string {
  const from = `SELECT count(*) FROM ${qualifiedTable(database, table)}`;
  return since ? `${from} WHERE ${sinceCondition(since)}` : from;
}

/** The text columns a marker can be searched in: `request` (access tables) or `log` (unparsed table). */
export type MarkerColumn = 'request' | 'log';

/**
 * Selects the `column` values that contain any of `markers`:
 * `SELECT request FROM "<db>"."<table>" WHERE strpos(request, '<m1>') > 0 OR …`.
 * All markers have the same length and differ, so none is a substring of another.
 */
export function markerSql(
  database: string,
  table: string,
  column: MarkerColumn,
  markers: readonly string[],
): string {
  if (markers.length === 0) throw new ValidationError('markers', markers, 'must contain at least one entry');
  if (column !== 'request' && column !== 'log')
    throw new ValidationError('column', column, 'must be one of "request", "log"');
  const conditions = markers.map(
    (marker) =>
      `strpos(${column}, ${sqlLiteral('marker', marker, MARKER_PATTERN, `must match ${MARKER_PATTERN.source}`)}) > 0`,
  );
  return `SELECT ${column} FROM ${qualifiedTable(database, table)} WHERE ${conditions.join(' OR ')}`;
}
