import { isUnresolved } from './references';

/**
 * Readers for attribute values of synthesized Terraform JSON. cdktf writes a nested block either as
 * an object or as a list of objects, a boolean as `true` or `"true"`, and any value may be an
 * unresolved `${…}` expression instead; these readers hide the differences and never throw.
 */

/** A resource, data source, backend or provider body. */
export type Body = Readonly<Record<string, unknown>>;

/** A boolean attribute: its literal value, `'unresolved'` for an expression, `undefined` when unset. */
export type Flag = boolean | 'unresolved' | undefined;

/** The nested blocks held by an attribute: `{…}` → `[{…}]`, `[{…}, …]` → as is, anything else → `[]`. */
export function blocks(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter(isBody);
  return isBody(value) ? [value] : [];
}

/** The first nested block of an attribute, or `undefined`. */
export function block(value: unknown): Body | undefined {
  return blocks(value)[0];
}

/** Reads a nested path of single blocks, e.g. `path(body, 'configuration', 'result_configuration')`. */
export function nested(body: Body | undefined, ...names: string[]): Body | undefined {
  let current = body;
  for (const name of names) current = current === undefined ? undefined : block(current[name]);
  return current;
}

/** A boolean attribute; Terraform also accepts the strings `"true"` and `"false"`. */
export function flag(value: unknown): Flag {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (isUnresolved(value)) return 'unresolved';
  return undefined;
}

/** A string attribute (numbers rendered as strings); `undefined` for anything else. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** A number attribute (numeric strings accepted), `'unresolved'` for an expression. */
export function numeric(value: unknown): number | 'unresolved' | undefined {
  if (typeof value === 'number') return value;
  if (isUnresolved(value)) return 'unresolved';
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** A list attribute as strings (booleans and numbers rendered); a lone string (e.g. an expression standing for a whole list) → `[it]`. */
export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const one = (v: unknown): string | undefined => (typeof v === 'boolean' ? String(v) : text(v));
  if (Array.isArray(value)) return value.map(one).filter((v): v is string => v !== undefined);
  const single = one(value);
  return single === undefined ? [] : [single];
}

/** Renders a value for a finding message. */
export function show(value: unknown): string {
  if (value === undefined) return 'unset';
  return JSON.stringify(value);
}

function isBody(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
