/**
 * The value types of a Fluent Bit parser's `Types` option (`Types status:integer body_bytes_sent:integer`).
 * A field without a type stays a string.
 */
export type FluentBitType = 'string' | 'integer' | 'float' | 'bool' | 'hex';

/** The types {@link FluentBitType} allows, for validation. */
export const FLUENT_BIT_TYPES: readonly FluentBitType[] = ['string', 'integer', 'float', 'bool', 'hex'];

/** A parsed field value after the `Types` casts. */
export type FluentBitValue = string | number | boolean;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MOD = 2n ** 64n;
// C isspace(): space, \t, \n, \v, \f, \r.
const C_SPACE = /^[ \t\n\v\f\r]*/;

/**
 * Casts one captured string the way Fluent Bit's parser does (`flb_parser_typecast`):
 * - `integer`: C `atoll` — optional leading spaces and sign, then the leading digits; a value without
 *   leading digits becomes `0` (so `"-"` becomes 0), trailing text is ignored (`"12ab"` → 12), and
 *   values beyond 64 bits saturate. Values beyond 2^53 lose precision in JavaScript.
 * - `hex`: C `strtoull(…, 16)` — optional `0x`, the leading hex digits, `0` when there are none.
 * - `float`: C `atof` — the leading decimal number (with exponent), `inf`/`nan`, `0` when there is none.
 * - `bool`: `true` when the value starts with `true`, `false` when it starts with `false` (any case);
 *   anything else is a cast error and Fluent Bit keeps the string.
 * - `string`: unchanged.
 */
export function castFluentBitValue(value: string, type: FluentBitType): FluentBitValue {
  switch (type) {
    case 'integer': {
      const match = /^([+-]?)([0-9]+)/.exec(value.replace(C_SPACE, ''));
      if (!match) return 0;
      let n = BigInt(match[2]);
      if (match[1] === '-') n = -n;
      if (n > INT64_MAX) n = INT64_MAX;
      if (n < INT64_MIN) n = INT64_MIN;
      return Number(n);
    }
    case 'hex': {
      const match = /^([+-]?)(?:0[xX])?([0-9a-fA-F]+)/.exec(value.replace(C_SPACE, ''));
      if (!match) return 0;
      let n = BigInt(`0x${match[2]}`);
      if (n >= UINT64_MOD) n = UINT64_MOD - 1n;
      if (match[1] === '-') n = (UINT64_MOD - n) % UINT64_MOD;
      return Number(n);
    }
    case 'float': {
      const text = value.replace(C_SPACE, '');
      const special = /^([+-]?)(inf(?:inity)?|nan)/i.exec(text);
      if (special) {
        if (special[2].toLowerCase() === 'nan') return NaN;
        return special[1] === '-' ? -Infinity : Infinity;
      }
      const match = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text);
      return match ? Number(match[0]) : 0;
    }
    case 'bool': {
      const lower = value.toLowerCase();
      if (lower.startsWith('true')) return true;
      if (lower.startsWith('false')) return false;
      return value;
    }
    case 'string':
      return value;
  }
}

/**
 * Applies a parser's `Types` to a record of captured strings, like Fluent Bit does after a regex match.
 * Fields without a type, and fields the record lacks, are left as they are.
 */
export function applyTypes(
  record: Readonly<Record<string, string>>,
  types: Readonly<Record<string, FluentBitType>>,
): Record<string, FluentBitValue> {
  const result: Record<string, FluentBitValue> = {};
  for (const [key, value] of Object.entries(record)) {
    const type = types[key];
    result[key] = type === undefined ? value : castFluentBitValue(value, type);
  }
  return result;
}
