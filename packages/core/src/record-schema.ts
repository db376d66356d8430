/**
 * The record schema shared by the producer (the FireLens parser in `@icelog/ecs-firelens`), the router
 * (`@icelog/routing`) and the tables (`@icelog/catalog`): column types, and the columns of an nginx
 * access record and of the metadata FireLens adds. Pure data: no cdktf.
 */
import { validateGlueName } from './aws-names';
import { ValidationError, checkUnique } from './validation';

/**
 * Column types that Glue, Athena and the Firehose Iceberg destination agree on for JSON input.
 * `decimal(p,s)` is accepted with 1 ≤ p ≤ 38 and 0 ≤ s ≤ p.
 */
export const PRIMITIVE_COLUMN_TYPES = [
  'string',
  'int',
  'bigint',
  'boolean',
  'double',
  'float',
  'timestamp',
  'date',
] as const;

/** A column type name as Glue spells it, e.g. `int`, `string`, `decimal(10,2)`. */
export type ColumnType = (typeof PRIMITIVE_COLUMN_TYPES)[number] | `decimal(${number},${number})`;

/** One column of an Iceberg table. */
export interface IcebergColumn {
  /** Column name: `^[a-z0-9_]{1,255}$`. */
  readonly name: string;
  /** Glue type name. */
  readonly type: ColumnType;
  /**
   * Shown in the Glue console and Athena.
   * @default - none
   */
  readonly comment?: string;
}

/**
 * The fields of the default nginx access-log format (`combined` plus `"$http_x_forwarded_for"`, as in
 * the official nginx image), typed to match what the FireLens parser emits: `status` is an int and
 * `body_bytes_sent` a bigint, everything else a string (`-` where nginx had no value).
 */
export const NGINX_ACCESS_LOG_COLUMNS: readonly IcebergColumn[] = [
  { name: 'remote_addr', type: 'string', comment: 'Client address ($remote_addr), IPv4 or IPv6' },
  { name: 'remote_user', type: 'string', comment: 'HTTP basic auth user ($remote_user), "-" when absent' },
  {
    name: 'time_local',
    type: 'string',
    comment: 'Request time ($time_local), e.g. 10/Oct/2000:13:55:36 +0000',
  },
  { name: 'request', type: 'string', comment: 'Request line ($request), e.g. GET /index.html HTTP/1.1' },
  { name: 'status', type: 'int', comment: 'Response status code ($status)' },
  { name: 'body_bytes_sent', type: 'bigint', comment: 'Response body size in bytes ($body_bytes_sent)' },
  { name: 'http_referer', type: 'string', comment: 'Referer header ($http_referer)' },
  { name: 'http_user_agent', type: 'string', comment: 'User-Agent header ($http_user_agent)' },
  { name: 'http_x_forwarded_for', type: 'string', comment: 'X-Forwarded-For header ($http_x_forwarded_for)' },
];

/**
 * The request time as a real timestamp, in every table: the FireLens log router computes it from
 * `$time_local` (or, for lines without one, the time it read them) as epoch microseconds, the form the
 * Firehose Iceberg destination requires for `timestamp` columns. Iceberg keeps per-file min/max
 * statistics of it, so `WHERE request_time >= …` lets Athena skip files outside the range.
 */
export const REQUEST_TIME_COLUMN: IcebergColumn = {
  name: 'request_time',
  type: 'timestamp',
  comment: 'Request time (UTC), from $time_local; when the log router read the line for unparsed lines',
};

/**
 * The fields FireLens adds to every record it forwards (ECS log metadata): which stream the line came
 * from and which container and task wrote it.
 */
export const FIRELENS_METADATA_COLUMNS: readonly IcebergColumn[] = [
  { name: 'source', type: 'string', comment: 'stdout or stderr' },
  { name: 'container_id', type: 'string', comment: 'Container id' },
  { name: 'container_name', type: 'string', comment: 'Container name in the task definition' },
  { name: 'ecs_cluster', type: 'string', comment: 'ECS cluster name' },
  { name: 'ecs_task_arn', type: 'string', comment: 'ECS task ARN' },
  { name: 'ecs_task_definition', type: 'string', comment: 'Task definition family:revision' },
];

/** Throws unless `columns` is a non-empty list of valid, uniquely named, typed columns. */
export function validateColumns(field: string, columns: readonly IcebergColumn[]): void {
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new ValidationError(field, columns, 'must contain at least one column');
  }
  columns.forEach((column, i) => {
    validateGlueName(`${field}[${i}].name`, column.name);
    validateColumnType(`${field}[${i}].type`, column.type);
  });
  checkUnique(field, columns, (c) => c.name);
}

/** Throws unless `type` is one of {@link PRIMITIVE_COLUMN_TYPES} or a valid `decimal(p,s)`. */
export function validateColumnType(field: string, type: string): void {
  if ((PRIMITIVE_COLUMN_TYPES as readonly string[]).includes(type)) return;
  const decimal = /^decimal\((\d{1,2}),(\d{1,2})\)$/.exec(type);
  if (decimal) {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2]);
    if (precision >= 1 && precision <= 38 && scale <= precision) return;
  }
  throw new ValidationError(
    field,
    type,
    `must be one of ${PRIMITIVE_COLUMN_TYPES.join(', ')} or decimal(p,s) with 1 ≤ p ≤ 38, 0 ≤ s ≤ p`,
  );
}
