import { createHash } from 'node:crypto';
import {
  FIRELENS_METADATA_COLUMNS,
  IcebergColumn,
  NGINX_ACCESS_LOG_COLUMNS,
  ValidationError,
  checkPattern,
  validateColumns,
} from '@icelog/core';
import {
  LogRouterBuffer,
  LogRouterBufferProps,
  renderBufferedOutputSection,
  renderRewriteToOutputSection,
  renderStorageServiceSection,
  resolveBuffer,
} from './fluent-bit/buffered-output';
import { FluentBitParserFilter, renderParserFilterSection } from './fluent-bit/filter';
import { healthCheckExclude, renderGrepExcludeSection } from './fluent-bit/grep';
import { FluentBitOutput } from './fluent-bit/output';
import {
  FluentBitRegexParser,
  GENERATED_HEADER,
  renderParsersFile,
  validateRegexParser,
} from './fluent-bit/parser';
import { renderPartialMessageSection } from './fluent-bit/partial-messages';
import {
  REQUEST_TIME_FUNCTION,
  REQUEST_TIME_KEY,
  renderLuaFilterSection,
  requestTimeLua,
} from './fluent-bit/request-time';
import { FluentBitType } from './fluent-bit/types';
import { NGINX_ACCESS_LOG_PARSER } from './nginx';

/** Input of {@link buildFireLensConfig}. */
export interface FireLensConfigProps {
  /** Name of the app container whose stdout/stderr FireLens forwards (its records are tagged `<name>-firelens-<task id>`). */
  readonly appContainerName: string;
  /**
   * The access-log parser.
   * @default NGINX_ACCESS_LOG_PARSER
   */
  readonly parser?: FluentBitRegexParser;
  /**
   * Table columns every parsed access record must carry; the parser must capture each of them and cast
   * `int`/`bigint` columns to `integer`, `double`/`float`/`decimal` to `float` and `boolean` to `bool`.
   * @default NGINX_ACCESS_LOG_COLUMNS
   */
  readonly columns?: readonly IcebergColumn[];
  /**
   * What happens to Application Load Balancer health checks (user agent `ELB-HealthChecker/…`):
   * `'drop'` removes them in the log router (a grep filter), `'keep'` routes them like any request.
   * @default 'drop'
   */
  readonly healthChecks?: 'drop' | 'keep';
  /**
   * Join lines the container runtime split at 16 KiB (FireLens' `partial_*` fields) before parsing.
   * @default true
   */
  readonly joinPartialMessages?: boolean;
  /**
   * The output plugin of the stream the records go to.
   * @default 'kinesis_firehose'
   */
  readonly outputKind?: FluentBitOutput['kind'];
  /**
   * The log router's buffer for records the stream cannot take yet.
   * @default - 32 MiB of chunks in memory, 1024 MiB on disk
   */
  readonly buffer?: LogRouterBufferProps;
}

/** The generated Fluent Bit files for one FireLens log router. */
export interface FireLensConfigFiles {
  /** The parsers file (`[PARSER]` sections); the init image loads it with `-R`. */
  readonly parsersFile: string;
  /** The extra config file (`[FILTER]` sections); the init image `@INCLUDE`s it. */
  readonly configFile: string;
  /** SHA-256 (hex) over both files; changes whenever either file changes. */
  readonly sha256: string;
  /** The parser in the parsers file. */
  readonly parser: FluentBitRegexParser;
  /** The parser filter in the config file. */
  readonly filter: FluentBitParserFilter;
  /** The log router's buffer settings. */
  readonly buffer: LogRouterBuffer;
}

/** Keys FireLens and the Docker log driver put in every record; a parsed field must not reuse them. */
export const FIRELENS_RECORD_KEYS: readonly string[] = [
  'log',
  ...FIRELENS_METADATA_COLUMNS.map((c) => c.name),
];

/**
 * Generates and validates the two Fluent Bit files a FireLens log router needs to turn the app
 * container's lines into typed records and deliver them: a parsers file with the access-log parser,
 * and a config file that, in order,
 * 1. joins lines the runtime split at 16 KiB (`multiline`, `partial_message` mode);
 * 2. parses the `log` key (`Reserve_Data On`, so the ECS metadata stays; `Preserve_Key Off`, so `log`
 *    goes away after a successful parse; lines that do not match keep `log` unchanged);
 * 3. drops ALB health checks (`grep`, unless `healthChecks: 'keep'`);
 * 4. adds `request_time`, epoch microseconds from `$time_local` (`lua`);
 * 5. moves the records onto a filesystem-buffered emitter (`rewrite_tag`) read by the one output,
 *    which retries without limit (see `buffered-output.ts`).
 */
export function buildFireLensConfig(props: FireLensConfigProps): FireLensConfigFiles {
  checkPattern(
    'appContainerName',
    props.appContainerName,
    /^[A-Za-z0-9_-]{1,255}$/,
    'must be 1–255 characters of [A-Za-z0-9_-] (an ECS container name)',
  );
  const parser = props.parser ?? NGINX_ACCESS_LOG_PARSER;
  const columns = props.columns ?? NGINX_ACCESS_LOG_COLUMNS;
  validateColumns('columns', columns);
  validateRequestTimeColumn('columns', columns);
  validateParserCoversColumns(
    'parser',
    parser,
    columns.filter((c) => c.name !== REQUEST_TIME_KEY),
  );
  const healthChecks = props.healthChecks ?? 'drop';
  if (healthChecks !== 'drop' && healthChecks !== 'keep') {
    throw new ValidationError('healthChecks', healthChecks, 'must be "drop" or "keep"');
  }
  const buffer = resolveBuffer('buffer', props.buffer);
  const match = `${props.appContainerName}-firelens-*`;
  const filter: FluentBitParserFilter = {
    match,
    parser: parser.name,
    keyName: 'log',
    reserveData: true,
    preserveKey: false,
  };
  const parsersFile = renderParsersFile([parser]);
  const sections = [
    renderStorageServiceSection(buffer),
    ...((props.joinPartialMessages ?? true) ? [renderPartialMessageSection(match)] : []),
    renderParserFilterSection(filter, 'filter'),
    ...(healthChecks === 'drop' ? [renderGrepExcludeSection(healthCheckExclude(match))] : []),
    renderLuaFilterSection({
      match,
      code: requestTimeLua(parser.timeKey ?? 'time_local'),
      call: REQUEST_TIME_FUNCTION,
      intKeys: [REQUEST_TIME_KEY],
    }),
    renderRewriteToOutputSection(match, buffer),
    renderBufferedOutputSection(props.outputKind ?? 'kinesis_firehose', buffer),
  ];
  // Every value is validated to a bracket-free pattern, so the text can never contain "[PARSER]".
  const configFile = `${GENERATED_HEADER}\n${sections.join('\n')}`;
  const sha256 = createHash('sha256').update(parsersFile).update('\0').update(configFile).digest('hex');
  return { parsersFile, configFile, sha256, parser, filter, buffer };
}

/** Throws unless a `request_time` column, when present, is a `timestamp` (filled by the Lua filter). */
function validateRequestTimeColumn(field: string, columns: readonly IcebergColumn[]): void {
  const column = columns.find((c) => c.name === REQUEST_TIME_KEY);
  if (column && column.type !== 'timestamp') {
    throw new ValidationError(
      `${field}.${REQUEST_TIME_KEY}`,
      column.type,
      'must be "timestamp": the log router fills it with epoch microseconds',
    );
  }
}

/**
 * Throws unless `parser` yields every column with the right JSON type and no field collides with the keys
 * FireLens adds ({@link FIRELENS_RECORD_KEYS}).
 */
export function validateParserCoversColumns(
  field: string,
  parser: FluentBitRegexParser,
  columns: readonly IcebergColumn[],
): void {
  const groups = validateRegexParser(field, parser);
  const missing = columns.filter((c) => !groups.includes(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw new ValidationError(
      `${field}.regex`,
      parser.regex,
      `must capture every table column with a named group; missing: ${missing.join(', ')}`,
    );
  }
  const clash = groups.filter((g) => FIRELENS_RECORD_KEYS.includes(g));
  if (clash.length > 0) {
    throw new ValidationError(
      `${field}.regex`,
      parser.regex,
      `must not capture fields FireLens already sets (${clash.join(', ')})`,
    );
  }
  for (const column of columns) {
    const wanted = castFor(column.type);
    const actual = parser.types?.[column.name] ?? 'string';
    if (wanted !== actual) {
      throw new ValidationError(
        `${field}.types.${column.name}`,
        parser.types?.[column.name],
        `must be "${wanted}" because column ${column.name} is ${column.type}`,
      );
    }
  }
  if (
    parser.timeKey !== undefined &&
    columns.some((c) => c.name === parser.timeKey) &&
    parser.timeKeep === false
  ) {
    throw new ValidationError(
      `${field}.timeKeep`,
      parser.timeKeep,
      `must be true because the time key ${parser.timeKey} is a table column (Time_Keep Off would drop it)`,
    );
  }
}

function castFor(type: IcebergColumn['type']): FluentBitType {
  if (type === 'int' || type === 'bigint') return 'integer';
  if (type === 'double' || type === 'float' || type.startsWith('decimal(')) return 'float';
  if (type === 'boolean') return 'bool';
  return 'string';
}
