import { ValidationError } from '@icelog/core';

/**
 * The regular-expression subset that Fluent Bit (Onigmo, Ruby syntax) and JavaScript read the same way.
 *
 * Fluent Bit compiles parser regexes with Onigmo in Ruby syntax; icelog also runs them in JavaScript
 * (tests, the routing simulator, {@link parseNginxLine}). The two engines agree on plain literals,
 * explicit character classes, `.`, `^`/`$` on a single line, alternation, greedy and lazy quantifiers,
 * non-capturing groups, lookahead and named groups `(?<name>…)`. They disagree, or one of them lacks,
 * everything this module rejects:
 * - shorthand classes `\d \w \s \h` and their negations (Unicode-aware in Oniguruma, `\h` is a hex digit
 *   in Onigmo but the letter `h` in JavaScript): write `[0-9]`, `[A-Za-z0-9_]`, `[ \t]`, `[0-9a-fA-F]`;
 * - lookbehind `(?<=…)`/`(?<!…)`, atomic groups `(?>…)`, possessive quantifiers `*+ ++ ?+ }+`,
 *   inline options `(?i)`, comments `(?#…)`, other group syntaxes `(?'n'…)`/`(?P<n>…)`;
 * - back-references, `\A \z \Z \G \K \R \X \p{…}` and other engine-specific escapes;
 * - plain capturing groups `(…)`: Onigmo does not capture them when named groups exist, so every field is
 *   a named group and other groups are `(?:…)`;
 * - POSIX brackets and set operations inside classes (`[[:alpha:]]`, `[a-z&&[^x]]`), a `]` right after `[`,
 *   `{,n}` and bare `{`.
 * It also rejects what breaks the Fluent Bit configuration line: newlines, leading or trailing
 * whitespace, and `${` (Fluent Bit substitutes environment variables in parser values).
 */

/** What {@link checkPortableRegex} learned about a pattern. */
export interface PortableRegexInfo {
  /** Named groups in the order of their opening parenthesis (= their group number in both engines). */
  readonly groupNames: readonly string[];
}

const RULE = 'must use the regex subset Onigmo and JavaScript read the same way';
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SHORTHAND_ESCAPES = 'dDwWsShHbB';
const ENGINE_ESCAPES = 'AzZGKRXpPkgQENuceaCMoy';

/**
 * Throws unless `pattern` stays within the portable subset described above and compiles as a
 * JavaScript regular expression. Returns the named groups in order.
 */
export function checkPortableRegex(field: string, pattern: string): PortableRegexInfo {
  const fail = (what: string): never => {
    throw new ValidationError(field, pattern, `${RULE}: ${what}`);
  };
  if (typeof pattern !== 'string' || pattern.length === 0) fail('the pattern is empty');
  if (/[\r\n]/.test(pattern)) fail('it must be a single line');
  if (pattern !== pattern.trim()) fail('it must not start or end with whitespace');
  if (pattern.includes('${'))
    fail('"${" would be replaced by Fluent Bit\'s environment variable substitution');

  const names: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i = readEscape(pattern, i, fail);
      continue;
    }
    if (c === '[') {
      i = readClass(pattern, i, fail);
      continue;
    }
    if (c === '(') {
      const rest = pattern.slice(i);
      if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) fail('lookbehind (?<=…)/(?<!…) is not allowed');
      if (rest.startsWith('(?<')) {
        const end = pattern.indexOf('>', i + 3);
        const name = end === -1 ? '' : pattern.slice(i + 3, end);
        if (!NAME_PATTERN.test(name)) fail(`group name "${name}" must match [A-Za-z_][A-Za-z0-9_]*`);
        if (names.includes(name)) fail(`group name "${name}" is used twice`);
        names.push(name);
        i = end + 1;
      } else if (rest.startsWith('(?:') || rest.startsWith('(?=') || rest.startsWith('(?!')) {
        i += 3;
      } else if (rest.startsWith('(?>')) {
        fail('atomic groups (?>…) are not allowed');
      } else if (rest.startsWith('(?')) {
        fail(`"${rest.slice(0, 3)}" (inline options, comments or other group syntax) is not allowed`);
      } else {
        fail('plain capturing groups (…) are not allowed: name the field (?<name>…) or use (?:…)');
      }
      depth++;
      continue;
    }
    if (c === ')') {
      if (depth === 0) fail(`unbalanced ")" at position ${i}`);
      depth--;
      i++;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      if (c === '{') {
        const quantifier = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!quantifier)
          fail(`"{" at position ${i} must be a quantifier {n}, {n,} or {n,m}; escape a literal as \\{`);
        i += quantifier![0].length;
      } else {
        i++;
      }
      // A `?` right after a quantifier makes it lazy, which both engines support.
      if (pattern[i] === '?') i++;
      if (pattern[i] === '+') fail('possessive quantifiers (*+, ++, ?+, }+) are not allowed');
      continue;
    }
    i++;
  }
  if (depth !== 0) fail('a group is not closed');
  try {
    new RegExp(pattern);
  } catch (error) {
    fail(`it does not compile in JavaScript (${(error as Error).message})`);
  }
  return { groupNames: names };
}

function readEscape(pattern: string, i: number, fail: (what: string) => never): number {
  const next = pattern[i + 1];
  if (next === undefined) fail('it ends with a lone backslash');
  if (SHORTHAND_ESCAPES.includes(next)) {
    fail(`"\\${next}" is not allowed: write an explicit class such as [0-9], [A-Za-z0-9_] or [ \\t]`);
  }
  if (/[0-9]/.test(next)) fail(`back-references and octal escapes ("\\${next}") are not allowed`);
  if (next === 'x') {
    if (!/^[0-9A-Fa-f]{2}$/.test(pattern.slice(i + 2, i + 4)))
      fail('"\\x" must be followed by two hex digits');
    return i + 4;
  }
  if ('tnrf'.includes(next)) return i + 2;
  if (ENGINE_ESCAPES.includes(next) || /[A-Za-z]/.test(next)) {
    fail(`the escape "\\${next}" is not allowed (engine-specific)`);
  }
  return i + 2;
}

function readClass(pattern: string, start: number, fail: (what: string) => never): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') fail('"]" right after "[" reads differently in the two engines; escape it as \\]');
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i = readEscape(pattern, i, fail);
      continue;
    }
    if (c === '[')
      fail('"[" inside a character class (POSIX brackets, nested sets) is not allowed; escape it');
    if (c === '&' && pattern[i + 1] === '&') fail('"&&" (class intersection) is not allowed');
    if (c === ']') return i + 1;
    i++;
  }
  return fail('a character class is not closed');
}
