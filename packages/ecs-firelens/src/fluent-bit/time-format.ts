import { ValidationError } from '@icelog/core';

/**
 * Conversion characters Fluent Bit's `flb_strptime` (OpenBSD strptime) understands, plus Fluent Bit's own
 * `%L` (fractional seconds). `%E` and `%O` are modifiers and must be followed by one of these.
 */
export const STRPTIME_CONVERSIONS = 'aAbBcCdDeHIjklLmMnprRsStTUwWyYzZh%';

/**
 * Throws unless `format` is a strptime format Fluent Bit can use: every `%` starts a known conversion
 * ({@link STRPTIME_CONVERSIONS}, optionally after an `E`/`O` modifier), and the format is one line.
 */
export function validateStrptimeFormat(field: string, format: string): void {
  const fail = (rule: string): never => {
    throw new ValidationError(field, format, `must be a strptime format: ${rule}`);
  };
  if (typeof format !== 'string' || format.trim().length === 0) fail('it is empty');
  if (/[\r\n]/.test(format) || format !== format.trim()) {
    fail('it must be one line without leading or trailing whitespace');
  }
  if (format.includes('${'))
    fail('"${" would be replaced by Fluent Bit\'s environment variable substitution');
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    let conversion = format[i + 1];
    if (conversion === 'E' || conversion === 'O') {
      i++;
      conversion = format[i + 1];
    }
    if (conversion === undefined) fail('it ends with a lone "%"');
    if (!STRPTIME_CONVERSIONS.includes(conversion)) {
      fail(
        `"%${conversion}" is not a conversion Fluent Bit understands (use one of %${[...STRPTIME_CONVERSIONS].join(' %')})`,
      );
    }
    i++;
  }
}
