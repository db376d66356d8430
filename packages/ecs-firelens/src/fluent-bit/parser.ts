import { ValidationError, checkPattern } from '@icelog/core';
import { checkPortableRegex } from './regex';
import { validateStrptimeFormat } from './time-format';
import { FLUENT_BIT_TYPES, FluentBitType, FluentBitValue, castFluentBitValue } from './types';

/** A Fluent Bit `[PARSER]` of format `regex`, as typed input. */
export interface FluentBitRegexParser {
  /** Parser name, referenced by a parser filter: 1–64 characters of `[A-Za-z0-9_.-]`. */
  readonly name: string;
  /**
   * The regular expression, with one named group `(?<field>…)` per field; restricted to the subset that
   * Onigmo and JavaScript read the same way (see {@link checkPortableRegex}).
   */
  readonly regex: string;
  /**
   * Field whose value becomes the record's timestamp.
   * @default - none: the record keeps the time it was read
   */
  readonly timeKey?: string;
  /**
   * strptime format of {@link timeKey} (Fluent Bit adds `%L` for fractional seconds). Required with `timeKey`.
   * @default - none
   */
  readonly timeFormat?: string;
  /**
   * Keep the {@link timeKey} field in the record after using it as the timestamp.
   * @default true
   */
  readonly timeKeep?: boolean;
  /**
   * Casts of captured fields (`Types`), e.g. `{ status: 'integer' }`. Other fields stay strings.
   * @default - none
   */
  readonly types?: Readonly<Record<string, FluentBitType>>;
  /**
   * Drop fields whose capture is empty (Fluent Bit's own default is true). icelog keeps them so that
   * every access record carries every column: an empty capture, or an optional group that did not take
   * part in the match, arrives as `""`.
   * @default false
   */
  readonly skipEmptyValues?: boolean;
}

const PARSER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Throws unless `parser` is a valid, portable regex parser: name, regex subset (compiles in JavaScript),
 * time key among the named groups with a valid strptime format, and typed fields among the named groups.
 * Returns the named groups in order.
 */
export function validateRegexParser(field: string, parser: FluentBitRegexParser): readonly string[] {
  checkPattern(`${field}.name`, parser.name, PARSER_NAME, 'must be 1–64 characters of [A-Za-z0-9_.-]');
  const { groupNames } = checkPortableRegex(`${field}.regex`, parser.regex);
  if (groupNames.length === 0) {
    throw new ValidationError(
      `${field}.regex`,
      parser.regex,
      'must capture at least one field with a named group (?<name>…)',
    );
  }
  if (parser.timeKey !== undefined && !groupNames.includes(parser.timeKey)) {
    throw new ValidationError(
      `${field}.timeKey`,
      parser.timeKey,
      `must be one of the regex's named groups (${groupNames.join(', ')})`,
    );
  }
  if ((parser.timeKey === undefined) !== (parser.timeFormat === undefined)) {
    throw new ValidationError(
      `${field}.timeFormat`,
      parser.timeFormat,
      'must be set together with timeKey (and only then)',
    );
  }
  if (parser.timeFormat !== undefined) validateStrptimeFormat(`${field}.timeFormat`, parser.timeFormat);
  for (const [key, type] of Object.entries(parser.types ?? {})) {
    if (!groupNames.includes(key)) {
      throw new ValidationError(
        `${field}.types`,
        parser.types,
        `must only type named groups of the regex; "${key}" is not one (${groupNames.join(', ')})`,
      );
    }
    if (!FLUENT_BIT_TYPES.includes(type)) {
      throw new ValidationError(
        `${field}.types.${key}`,
        type,
        `must be one of ${FLUENT_BIT_TYPES.map((t) => `"${t}"`).join(', ')}`,
      );
    }
  }
  return groupNames;
}

/** Renders one `[PARSER]` section (after validating it). */
export function renderParserSection(parser: FluentBitRegexParser, field = 'parser'): string {
  validateRegexParser(field, parser);
  const entries: [string, string][] = [
    ['Name', parser.name],
    ['Format', 'regex'],
    ['Regex', parser.regex],
  ];
  if (parser.timeKey !== undefined && parser.timeFormat !== undefined) {
    entries.push(['Time_Key', parser.timeKey]);
    entries.push(['Time_Format', parser.timeFormat]);
    entries.push(['Time_Keep', onOff(parser.timeKeep ?? true)]);
  }
  entries.push(['Skip_Empty_Values', onOff(parser.skipEmptyValues ?? false)]);
  const types = Object.entries(parser.types ?? {});
  if (types.length > 0) entries.push(['Types', types.map(([key, type]) => `${key}:${type}`).join(' ')]);
  return renderSection('PARSER', entries);
}

/**
 * Renders a parsers file: one `[PARSER]` section per parser. The aws-for-fluent-bit init image treats
 * any file containing `[PARSER]` as a parsers file and loads it with `-R`.
 */
export function renderParsersFile(parsers: readonly FluentBitRegexParser[]): string {
  if (parsers.length === 0) throw new ValidationError('parsers', parsers, 'must contain at least one parser');
  const names = new Set<string>();
  const sections = parsers.map((parser, i) => {
    if (names.has(parser.name)) {
      throw new ValidationError(`parsers[${i}].name`, parser.name, 'must be unique within the parsers file');
    }
    names.add(parser.name);
    return renderParserSection(parser, `parsers[${i}]`);
  });
  return `${GENERATED_HEADER}\n${sections.join('\n')}`;
}

/**
 * Runs `parser` over one line the way Fluent Bit's regex parser does, and returns the record it
 * produces, or `undefined` when the line does not match (Fluent Bit then leaves the record untouched).
 *
 * Semantics copied from Fluent Bit: the first match anywhere in the line (anchor the regex with `^…$`);
 * one key per named group in group order; a group that did not take part in the match yields `""`; empty
 * values are dropped when `skipEmptyValues` is on; the time key is dropped when `timeKeep` is off;
 * `types` casts are applied (see {@link castFluentBitValue}). Not emulated: Fluent Bit drops the time key
 * when its value does not parse with `timeFormat` — keep the time group's regex as strict as the format.
 */
export function runParser(
  parser: FluentBitRegexParser,
  line: string,
): Record<string, FluentBitValue> | undefined {
  const groupNames = compiledParser(parser).groupNames;
  const match = compiledParser(parser).regex.exec(line);
  if (!match) return undefined;
  const record: Record<string, FluentBitValue> = {};
  for (const name of groupNames) {
    const value = match.groups?.[name] ?? '';
    if (value === '' && (parser.skipEmptyValues ?? false)) continue;
    if (name === parser.timeKey && parser.timeFormat !== undefined && !(parser.timeKeep ?? true)) continue;
    const type = parser.types?.[name];
    record[name] = type === undefined ? value : castFluentBitValue(value, type);
  }
  return record;
}

const compiled = new WeakMap<FluentBitRegexParser, { regex: RegExp; groupNames: readonly string[] }>();

function compiledParser(parser: FluentBitRegexParser): { regex: RegExp; groupNames: readonly string[] } {
  let entry = compiled.get(parser);
  if (!entry) {
    const groupNames = validateRegexParser('parser', parser);
    entry = { regex: new RegExp(parser.regex), groupNames };
    compiled.set(parser, entry);
  }
  return entry;
}

/** First line of every generated file. Must never contain `[PARSER]` (see {@link renderParsersFile}). */
export const GENERATED_HEADER =
  '# Generated by @icelog/ecs-firelens. Do not edit: change the typed input instead.';

/** Renders a classic-mode section with aligned keys and four-space indentation. */
export function renderSection(name: string, entries: readonly (readonly [string, string])[]): string {
  const width = Math.max(...entries.map(([key]) => key.length));
  const lines = entries.map(([key, value]) => `    ${key.padEnd(width)} ${value}`);
  return `[${name}]\n${lines.join('\n')}\n`;
}

function onOff(value: boolean): string {
  return value ? 'On' : 'Off';
}
