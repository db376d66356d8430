import { ValidationError, checkPattern } from '@icelog/core';
import { FluentBitRegexParser, runParser } from './parser';
import { FluentBitValue } from './types';

/** A Fluent Bit `parser` filter, as typed input. */
export interface FluentBitParserFilter {
  /**
   * Tag pattern of the records to parse. FireLens tags a container's stdout/stderr records
   * `<container name>-firelens-<task id>`, so `nginx-firelens-*` matches the `nginx` container.
   */
  readonly match: string;
  /** Name of the parser to apply (a `[PARSER]` in the parsers file). */
  readonly parser: string;
  /**
   * Record key that holds the raw line.
   * @default 'log'
   */
  readonly keyName?: string;
  /**
   * Keep the record's other keys (FireLens' ECS metadata) next to the parsed fields.
   * @default true
   */
  readonly reserveData?: boolean;
  /**
   * Keep the raw line under {@link keyName} after a successful parse.
   * @default false
   */
  readonly preserveKey?: boolean;
}

const MATCH_PATTERN = /^[A-Za-z0-9_.*-]{1,255}$/;
const KEY_PATTERN = /^[A-Za-z0-9_.-]{1,255}$/;

/** Throws unless the filter's values are valid, single-line Fluent Bit values. */
export function validateParserFilter(field: string, filter: FluentBitParserFilter): void {
  checkPattern(
    `${field}.match`,
    filter.match,
    MATCH_PATTERN,
    'must be a tag pattern of [A-Za-z0-9_.*-] (1–255 characters)',
  );
  checkPattern(
    `${field}.parser`,
    filter.parser,
    /^[A-Za-z0-9_.-]{1,64}$/,
    'must be 1–64 characters of [A-Za-z0-9_.-]',
  );
  if (filter.keyName !== undefined) {
    checkPattern(
      `${field}.keyName`,
      filter.keyName,
      KEY_PATTERN,
      'must be 1–255 characters of [A-Za-z0-9_.-]',
    );
  }
}

/** Renders one `[FILTER]` section of the `parser` plugin. */
export function renderParserFilterSection(filter: FluentBitParserFilter, field = 'filter'): string {
  validateParserFilter(field, filter);
  return [
    '[FILTER]',
    `    Name         parser`,
    `    Match        ${filter.match}`,
    `    Key_Name     ${filter.keyName ?? 'log'}`,
    `    Parser       ${filter.parser}`,
    `    Reserve_Data ${(filter.reserveData ?? true) ? 'On' : 'Off'}`,
    `    Preserve_Key ${(filter.preserveKey ?? false) ? 'On' : 'Off'}`,
    '',
  ].join('\n');
}

/**
 * Applies a parser filter to one record the way Fluent Bit's `parser` filter does: when the value under
 * `keyName` is a string that `parser` matches, the record becomes the parsed fields plus (with
 * `reserveData`) its other keys, without `keyName` unless `preserveKey`; otherwise the record passes
 * through unchanged. Parsed fields win over record keys of the same name (avoid such names: Fluent Bit
 * would emit the key twice).
 */
export function applyParserFilter(
  record: Readonly<Record<string, unknown>>,
  parser: FluentBitRegexParser,
  filter: Pick<FluentBitParserFilter, 'keyName' | 'reserveData' | 'preserveKey'> = {},
): Record<string, unknown> {
  const keyName = filter.keyName ?? 'log';
  const raw = record[keyName];
  if (typeof raw !== 'string') return { ...record };
  const parsed: Record<string, FluentBitValue> | undefined = runParser(parser, raw);
  if (!parsed) return { ...record };
  const kept: Record<string, unknown> = {};
  if (filter.reserveData ?? true) {
    for (const [key, value] of Object.entries(record)) {
      if (key !== keyName || (filter.preserveKey ?? false)) kept[key] = value;
    }
  } else if (filter.preserveKey ?? false) {
    kept[keyName] = raw;
  }
  return { ...kept, ...parsed };
}

/** Throws when a filter references a parser the parsers file does not define. */
export function checkFilterParsers(
  filters: readonly FluentBitParserFilter[],
  parsers: readonly FluentBitRegexParser[],
): void {
  filters.forEach((filter, i) => {
    if (!parsers.some((p) => p.name === filter.parser)) {
      throw new ValidationError(
        `filters[${i}].parser`,
        filter.parser,
        `must name a parser of the parsers file (${parsers.map((p) => p.name).join(', ')})`,
      );
    }
  });
}
