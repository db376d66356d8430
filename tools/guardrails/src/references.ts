/**
 * The one module that reads cdktf interpolation strings (`${aws_s3_bucket.b.id}`,
 * `${data.aws_iam_policy_document.p.json}`, `${var.x}`, `arn:${data.aws_partition.p.partition}:s3:::x`).
 *
 * Everything else in the pack asks this module whether a value is an unresolved expression, which
 * resource a value points at, and what a value looks like with its expressions blanked out. A value
 * this module cannot read is opaque: it is never evaluated, and never makes a rule throw.
 */

/** One `${…}` interpolation inside a string. */
export interface Interpolation {
  /** The expression between `${` and the matching `}`, trimmed. */
  readonly expression: string;
  /** Offset of `$` in the string. */
  readonly start: number;
  /** Offset just past the closing `}`. */
  readonly end: number;
}

/** What a reference names. */
export type ReferenceKind = 'resource' | 'data' | 'variable' | 'local' | 'module' | 'other';

/** A simple traversal such as `aws_s3_bucket.b.arn` or `data.aws_iam_policy_document.p.json`. */
export interface Reference {
  readonly kind: ReferenceKind;
  /** Resource or data source type, e.g. `aws_s3_bucket`; for `var`/`local`/`module`: that keyword. */
  readonly type: string;
  /** Logical id (resource/data), variable, local or module name. */
  readonly name: string;
  /** Attribute path after the name, dot-separated, e.g. `arn`, `rule.0.id`; `''` when none. */
  readonly attribute: string;
  /** The traversal text as written, e.g. `aws_s3_bucket.b.arn`. */
  readonly text: string;
}

const ROOTS: Record<string, ReferenceKind> = { var: 'variable', local: 'local', module: 'module' };
const OTHER_ROOTS = new Set(['each', 'count', 'path', 'terraform', 'self']);
const SEGMENT = String.raw`[A-Za-z_][A-Za-z0-9_-]*`;
const TRAVERSAL = new RegExp(
  String.raw`^(${SEGMENT})((?:\.${SEGMENT}|\.\d+|\[\d+\]|\[\*\]|\.\*|\["[^"\]]*"\])*)$`,
);
/** Traversals embedded in larger expressions (`element(aws_x.y.*.id, 0)`). */
const EMBEDDED_TRAVERSAL = new RegExp(
  String.raw`(?<![A-Za-z0-9_."])((?:data\.)?${SEGMENT}\.${SEGMENT}(?:\.${SEGMENT}|\.\d+|\[\d+\]|\[\*\]|\.\*)*)`,
  'g',
);

/**
 * The `${…}` interpolations of a string, outermost only. `$${` is Terraform's escape for a literal
 * `${` and is skipped. Braces inside quoted strings of the expression do not count. An unterminated
 * `${` runs to the end of the string.
 */
export function interpolations(value: string): Interpolation[] {
  const found: Interpolation[] = [];
  let i = 0;
  while (i < value.length) {
    if (value[i] === '$' && value[i + 1] === '$' && value[i + 2] === '{') {
      i += 3;
      continue;
    }
    if (value[i] === '$' && value[i + 1] === '{') {
      const start = i;
      let depth = 1;
      let j = i + 2;
      let quoted = false;
      while (j < value.length && depth > 0) {
        const c = value[j];
        if (quoted) {
          if (c === '\\') j++;
          else if (c === '"') quoted = false;
        } else if (c === '"') quoted = true;
        else if (c === '{') depth++;
        else if (c === '}') depth--;
        j++;
      }
      const innerEnd = depth === 0 ? j - 1 : j;
      found.push({ expression: value.slice(start + 2, innerEnd).trim(), start, end: j });
      i = j;
      continue;
    }
    i++;
  }
  return found;
}

/** True when `value` is a string holding at least one `${…}` expression (only known at apply time). */
export function isUnresolved(value: unknown): value is string {
  return typeof value === 'string' && interpolations(value).length > 0;
}

/** True when `value` is a string that is exactly one `${…}` expression, nothing around it. */
export function isWholeExpression(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const found = interpolations(value);
  return found.length === 1 && found[0].start === 0 && found[0].end === value.length;
}

/** Parses a traversal expression (without `${}`); `undefined` for anything else (calls, operators). */
export function parseTraversal(expression: string): Reference | undefined {
  const text = expression.trim();
  const match = TRAVERSAL.exec(text);
  if (!match) return undefined;
  const segments = splitSegments(text);
  const root = segments[0];
  if (root === 'data') {
    if (segments.length < 3) return undefined;
    return reference('data', segments[1], segments[2], segments.slice(3), text);
  }
  if (ROOTS[root]) {
    if (segments.length < 2) return undefined;
    return reference(ROOTS[root], root, segments[1], segments.slice(2), text);
  }
  if (OTHER_ROOTS.has(root)) return reference('other', root, segments[1] ?? '', segments.slice(2), text);
  if (segments.length < 2) return undefined;
  return reference('resource', root, segments[1], segments.slice(2), text);
}

/**
 * The reference a value consists of: `${aws_iam_role.r.arn}` → resource `aws_iam_role.r`, attribute
 * `arn`. `undefined` when the value is a literal, a function call, or has text around the expression.
 */
export function soleReference(value: unknown): Reference | undefined {
  if (!isWholeExpression(value)) return undefined;
  return parseTraversal(interpolations(value)[0].expression);
}

/**
 * Every reference inside a value: in each interpolation of a string, also inside function calls
 * (`${element(aws_subnet.a.*.id, 0)}`), and recursively through arrays and objects.
 */
export function referencesIn(value: unknown): Reference[] {
  const found: Reference[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const { expression } of interpolations(v)) {
        const whole = parseTraversal(expression);
        if (whole) {
          found.push(whole);
          continue;
        }
        for (const match of expression.matchAll(EMBEDDED_TRAVERSAL)) {
          const ref = parseTraversal(match[1]);
          if (ref && ref.kind !== 'other') found.push(ref);
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}

/** True when `value` refers (anywhere in it) to the resource or data source `type.name`. */
export function refersTo(value: unknown, kind: 'resource' | 'data', type: string, name: string): boolean {
  return referencesIn(value).some((r) => r.kind === kind && r.type === type && r.name === name);
}

/**
 * The literal skeleton of a string: every `${…}` replaced by `placeholder`. Wildcard checks run on
 * the skeleton, so `${aws_s3_bucket.b.arn}/*` is seen as `…/*` and `${var.x}` never looks like `*`.
 */
export function literalSkeleton(value: string, placeholder = '\u2026'): string {
  let out = '';
  let last = 0;
  for (const { start, end } of interpolations(value)) {
    out += value.slice(last, start) + placeholder;
    last = end;
  }
  return out + value.slice(last);
}

/** Two values name the same thing: equal literals, or references to the same resource attribute. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  const ra = soleReference(a);
  const rb = soleReference(b);
  if (ra && rb) return ra.kind === rb.kind && ra.type === rb.type && ra.name === rb.name;
  return JSON.stringify(a) === JSON.stringify(b);
}

function splitSegments(text: string): string[] {
  const segments: string[] = [];
  for (const match of text.matchAll(/\[\*\]|\[(\d+)\]|\["([^"\]]*)"\]|\.?([^.[\]]+)/g)) {
    if (match[0] === '[*]') segments.push('*');
    else segments.push(match[1] ?? match[2] ?? match[3]);
  }
  return segments;
}

function reference(kind: ReferenceKind, type: string, name: string, rest: string[], text: string): Reference {
  return { kind, type, name, attribute: rest.join('.'), text };
}
