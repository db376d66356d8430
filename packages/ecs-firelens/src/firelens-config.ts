import { createHash } from 'node:crypto';
import {
  FIRELENS_METADATA_COLUMNS,
  IcebergColumn,
  NGINX_ACCESS_LOG_COLUMNS,
  ValidationError,
  checkPattern,
  validateColumns,
} from '@icelog/core';
import { renderConfigFile } from './fluent-bit/config-file';
import { FluentBitParserFilter } from './fluent-bit/filter';
import { FluentBitRegexParser, renderParsersFile, validateRegexParser } from './fluent-bit/parser';
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
}

/** Keys FireLens and the Docker log driver put in every record; a parsed field must not reuse them. */
export const FIRELENS_RECORD_KEYS: readonly string[] = [
  'log',
  ...FIRELENS_METADATA_COLUMNS.map((c) => c.name),
];

/**
 * Generates and validates the two Fluent Bit files a FireLens log router needs to turn the app
 * container's access lines into typed records: a parsers file with the access-log parser, and a config
 * file with a `parser` filter on the `log` key of the app container's records (`Reserve_Data On`, so the
 * ECS metadata stays; `Preserve_Key Off`, so `log` goes away after a successful parse). Lines that do not
 * match keep `log` and pass through unchanged.
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
  validateParserCoversColumns('parser', parser, columns);
  const filter: FluentBitParserFilter = {
    match: `${props.appContainerName}-firelens-*`,
    parser: parser.name,
    keyName: 'log',
    reserveData: true,
    preserveKey: false,
  };
  const parsersFile = renderParsersFile([parser]);
  const configFile = renderConfigFile({ filters: [filter] });
  const sha256 = createHash('sha256').update(parsersFile).update('\0').update(configFile).digest('hex');
  return { parsersFile, configFile, sha256, parser, filter };
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
