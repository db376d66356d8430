import { flag, show } from './hcl';

/**
 * Small shared checks for attributes that must hold a literal value. An unresolved expression never
 * satisfies them: the rule cannot prove the value, so it says so instead of guessing.
 */

/** `undefined` when `value` is literally true; else the reason, naming `attribute`. */
export function mustBeTrue(attribute: string, value: unknown): string | undefined {
  const f = flag(value);
  if (f === true) return undefined;
  if (f === 'unresolved')
    return `${attribute} is an unresolved expression (${String(value)}); it must be the literal true`;
  return `${attribute} is ${show(value)}; set it to true`;
}

/** `undefined` when `value` is the literal string `expected`; else the reason. */
export function mustEqual(attribute: string, value: unknown, expected: string): string | undefined {
  if (value === expected) return undefined;
  return `${attribute} is ${show(value)}; set it to ${JSON.stringify(expected)}`;
}

/** True when a string attribute is set: a non-empty literal or an expression (a reference names something). */
export function isSet(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : typeof value === 'number';
}
