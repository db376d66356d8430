import { ValidationError, isUnresolved } from '@icelog/core';
import { assertJq16Compatible } from './jq16';

/** The longest `ParameterValue` Firehose accepts for a processor parameter (API reference). */
export const MAX_METADATA_EXTRACTION_QUERY_LENGTH = 5120;

/** The longest Glue name, used to bound the length of a query whose database name is a token. */
const MAX_GLUE_NAME_LENGTH = 255;

/** What the status routing query needs to know. */
export interface StatusRoutingQueryInput {
  readonly databaseName: string;
  readonly tablePrefix: string;
  readonly statuses: readonly number[];
  readonly fallbackTableName: string;
  readonly unparsedTableName: string;
  readonly operation: string;
}

/** A jq string literal. JSON string syntax is a subset of jq's, and Glue names need no escaping. */
function literal(value: string): string {
  return JSON.stringify(value);
}

/**
 * Builds the MetadataExtraction query for status routing, on one line:
 *
 * - the record is an object with a `status` key
 *   - holding a number equal to an integer, or a string of exactly those digits, that is routed
 *     → `<prefix><status>`
 *   - holding anything else (unrouted code, `200.5`, `"abc"`, `" 200"`, `null`, `true`, `{}`, `[]`)
 *     → the fallback table
 * - anything else (no `status`: nginx stderr lines; not an object) → the unparsed table
 *
 * The query cannot raise a jq error: every operation is guarded by a type check (`floor` and
 * `tostring` only run on numbers, `has` only on objects with a string key). Numbers go through `floor`
 * before `tostring` so that `200.0` names `200` on every jq: jq 1.7+ would print the literal `200.0`.
 * Lookups use an object of the routed statuses as keys, which keeps the query short: 500 statuses fit
 * in Firehose's 5,120 characters.
 */
export function buildStatusRoutingQuery(input: StatusRoutingQueryInput): string {
  const routed = `{${input.statuses.map((s) => `${literal(String(s))}:1`).join(',')}}`;
  const status =
    '(.status | if type == "number" and . == floor then floor | tostring ' +
    'elif type == "string" then . else null end) as $k';
  const table =
    `if type == "object" and has("status") then ${status} | ` +
    `if $k != null and (${routed} | has($k)) then ${literal(input.tablePrefix)} + $k ` +
    `else ${literal(input.fallbackTableName)} end ` +
    `else ${literal(input.unparsedTableName)} end`;
  return (
    `{destinationDatabaseName: ${literal(input.databaseName)}, ` +
    `destinationTableName: (${table}), ` +
    `operation: ${literal(input.operation)}}`
  );
}

/**
 * Throws unless `query` can be a Firehose `MetadataExtractionQuery`: not blank, at most 5,120
 * characters (counting a token database name as 255), and free of post-1.6 jq features (see
 * {@link assertJq16Compatible}).
 */
export function validateMetadataExtractionQuery(field: string, query: string): void {
  if (typeof query !== 'string' || query.trim() === '') {
    throw new ValidationError(field, query, 'must be a non-blank jq program');
  }
  const tokens = isUnresolved(query);
  const length = tokens ? resolvedLengthBound(query) : query.length;
  if (length > MAX_METADATA_EXTRACTION_QUERY_LENGTH) {
    throw new ValidationError(
      `${field}.length`,
      length,
      `must be at most ${MAX_METADATA_EXTRACTION_QUERY_LENGTH} characters${tokens ? ' (counting each token as 255)' : ''}, the Firehose limit for a processor parameter; route fewer statuses, or shorten the database name or table names`,
    );
  }
  assertJq16Compatible(field, query);
}

/** The length of `query` with every cdktf token counted as a maximal Glue name. */
function resolvedLengthBound(query: string): number {
  const tokens = query.match(/\$\{Token\[[^\]]*\]\}|\$\{TfToken\[[^\]]*\]\}/g) ?? [];
  return tokens.reduce((length, token) => length - token.length + MAX_GLUE_NAME_LENGTH, query.length);
}
