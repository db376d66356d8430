import { ValidationError } from '@icelog/core';
import { JQ_KEYWORDS, JqLexError, JqToken, lineAndColumn, tokenizeJq } from './jq-lexer';

/**
 * Firehose runs MetadataExtraction queries with JQ 1.6 (`JsonParsingEngine` = `JQ-1.6`). jq 1.7 and
 * later added builtins and syntax that 1.6 rejects at compile time (or, for formats, at run time, which
 * fails every record). This module lists them as data and scans queries for them before deploy.
 *
 * The lists are verified against the real engines by the tests: every entry is rejected by the jq 1.6
 * binary, and every builtin that jq-wasm (jq 1.7.1) has and jq 1.6 lacks is listed.
 */

/** A jq release after 1.6. */
export type JqVersionAfter16 = '1.7' | '1.7.1' | '1.8';

/** A builtin function that jq 1.6 does not have. */
export interface JqBuiltinAfter16 {
  /** Function name. */
  readonly name: string;
  /** Number of arguments (jq functions are identified by name and arity). */
  readonly arity: number;
  /** The release that added it. */
  readonly since: JqVersionAfter16;
}

/** Builtins added after jq 1.6 (jq NEWS for 1.7, 1.7.1 and 1.8; checked against the engines). */
export const JQ_BUILTINS_AFTER_1_6: readonly JqBuiltinAfter16[] = [
  { name: 'pick', arity: 1, since: '1.7' },
  { name: 'debug', arity: 1, since: '1.7' },
  { name: 'scan', arity: 2, since: '1.7' },
  { name: 'abs', arity: 0, since: '1.7' },
  { name: 'have_literal_numbers', arity: 0, since: '1.8' },
  { name: 'have_decnum', arity: 0, since: '1.8' },
  { name: 'toarray', arity: 0, since: '1.8' },
  { name: 'trim', arity: 0, since: '1.8' },
  { name: 'ltrim', arity: 0, since: '1.8' },
  { name: 'rtrim', arity: 0, since: '1.8' },
  { name: 'trimstr', arity: 1, since: '1.8' },
  { name: 'add', arity: 1, since: '1.8' },
  { name: 'skip', arity: 2, since: '1.8' },
];

/** A `@format` string filter that jq 1.6 does not have (1.6 fails at run time: "is not a valid format"). */
export interface JqFormatAfter16 {
  /** Format name without the `@`. */
  readonly name: string;
  /** The release that added it. */
  readonly since: JqVersionAfter16;
}

/** Formats added after jq 1.6. */
export const JQ_FORMATS_AFTER_1_6: readonly JqFormatAfter16[] = [
  { name: 'base32d', since: '1.8' },
  { name: 'urid', since: '1.8' },
];

/** The kinds of syntax jq 1.6 rejects and the scan detects. */
export type JqSyntaxAfter16Id =
  | 'if-without-else'
  | 'variable-object-key'
  | 'dot-before-bracket'
  | 'keyword-variable'
  | 'loc-object-shorthand';

/** Syntax added after jq 1.6, with an example that jq 1.6 rejects. */
export interface JqSyntaxAfter16 {
  readonly id: JqSyntaxAfter16Id;
  /** What the syntax is, for messages. */
  readonly description: string;
  /** A query using it (jq 1.6 fails to compile it; the tests check that). */
  readonly example: string;
  /** How to write it for jq 1.6. */
  readonly instead: string;
  /** The release that added it. */
  readonly since: JqVersionAfter16;
}

/** Syntax added after jq 1.6. */
export const JQ_SYNTAX_AFTER_1_6: readonly JqSyntaxAfter16[] = [
  {
    id: 'if-without-else',
    description: '`if` without `else`',
    example: 'if .a then 1 end',
    instead: 'write `else . end`',
    since: '1.7',
  },
  {
    id: 'variable-object-key',
    description: 'a `$variable` as object key (`{$k: v}`)',
    example: '"a" as $k | {$k: 1}',
    instead: 'write `{($k): v}`',
    since: '1.7',
  },
  {
    id: 'dot-before-bracket',
    description: 'a dot between chained indexes (`.a.[…]`)',
    example: '.a.["b"]',
    instead: 'write `.a["b"]`',
    since: '1.7',
  },
  {
    id: 'keyword-variable',
    description: 'a keyword as variable name',
    example: '. as $end | $end',
    instead: 'rename the variable',
    since: '1.7',
  },
  {
    id: 'loc-object-shorthand',
    description: '`{$__loc__}` object shorthand',
    example: '{$__loc__}',
    instead: 'write `{__loc__: $__loc__}`',
    since: '1.7',
  },
];

/** A builtin whose behaviour changed after jq 1.6 in a way a static scan can see. */
export interface JqBehaviourChange {
  readonly id: 'limit-zero';
  readonly description: string;
  /** A query whose output differs between jq 1.6 and jq 1.7.1 (the tests check that). */
  readonly example: string;
  readonly since: JqVersionAfter16;
}

/**
 * Behaviour changes the scan rejects because the query would run differently on Firehose than in a
 * newer local jq. Other changes (`ltrimstr` on non-strings, `getpath` on invalid paths, `tostring` of
 * number literals like `200.0`, `try` catching errors raised after its body) cannot be seen statically:
 * the tests run queries on the real jq 1.6 for those.
 */
export const JQ_BEHAVIOUR_CHANGES_AFTER_1_6: readonly JqBehaviourChange[] = [
  {
    id: 'limit-zero',
    description: 'jq 1.6 emits the first output of f, jq 1.7+ emits nothing',
    example: '[limit(0; 1, 2)]',
    since: '1.7',
  },
];

/** One use of a post-1.6 feature in a query. */
export interface Jq16Incompatibility {
  /** What was found, e.g. `pick/1`, `@base32d`, `if without else`. */
  readonly feature: string;
  /** Why jq 1.6 cannot run it, e.g. `was added in jq 1.7`. */
  readonly reason: string;
  /** 1-based position in the query. */
  readonly line: number;
  readonly column: number;
}

function syntax(id: JqSyntaxAfter16Id): JqSyntaxAfter16 {
  return JQ_SYNTAX_AFTER_1_6.find((s) => s.id === id)!;
}

/** Index of the token closing the bracket opened at `openIndex`. */
function closingIndex(tokens: readonly JqToken[], openIndex: number): number {
  let depth = 0;
  for (let k = openIndex; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth += 1;
    if (t.text === ')' || t.text === ']' || t.text === '}') {
      depth -= 1;
      if (depth === 0) return k;
    }
  }
  return tokens.length - 1;
}

/** Number of `;`-separated arguments between the parenthesis at `openIndex` and its match. */
function argumentCount(tokens: readonly JqToken[], openIndex: number): number {
  const close = closingIndex(tokens, openIndex);
  let depth = 0;
  let count = 1;
  for (let k = openIndex + 1; k < close; k++) {
    const t = tokens[k];
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth += 1;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth -= 1;
    else if (t.text === ';' && depth === 0) count += 1;
  }
  return count;
}

/** Tokens that end a term, after which `.[` chains an index (jq 1.7+ only). */
function endsTerm(token: JqToken | undefined): boolean {
  if (token === undefined) return false;
  if (token.kind === 'field' || token.kind === 'var' || token.kind === 'string' || token.kind === 'number') {
    return true;
  }
  if (token.kind === 'ident') return true;
  return token.kind === 'op' && [')', ']', '}', '?'].includes(token.text);
}

/**
 * Lists every use of a builtin, format or syntax that jq 1.6 lacks (see {@link JQ_BUILTINS_AFTER_1_6},
 * {@link JQ_FORMATS_AFTER_1_6}, {@link JQ_SYNTAX_AFTER_1_6}, {@link JQ_BEHAVIOUR_CHANGES_AFTER_1_6}).
 * Functions the query defines itself (`def pick(f): …;`) are not reported. Throws
 * {@link JqLexError} when the query cannot be tokenized.
 */
export function findJq16Incompatibilities(query: string): Jq16Incompatibility[] {
  const tokens = tokenizeJq(query);
  const found: Jq16Incompatibility[] = [];
  const report = (feature: string, reason: string, token: JqToken): void => {
    found.push({ feature, reason, ...lineAndColumn(query, token.offset) });
  };
  const reportSyntax = (id: JqSyntaxAfter16Id, token: JqToken, detail = ''): void => {
    const entry = syntax(id);
    report(`${entry.description}${detail}`, `was added in jq ${entry.since}`, token);
  };

  // Functions and parameters the query defines shadow builtins of the same name and arity.
  const defined = new Set<string>();
  tokens.forEach((t, k) => {
    if (t.kind !== 'keyword' || t.text !== 'def') return;
    const name = tokens[k + 1];
    if (name?.kind !== 'ident') return;
    const next = tokens[k + 2];
    if (next?.kind === 'op' && next.text === '(') {
      defined.add(`${name.text}/${argumentCount(tokens, k + 2)}`);
      const close = closingIndex(tokens, k + 2);
      for (let p = k + 3; p < close; p++) {
        if (tokens[p].kind === 'ident') defined.add(`${tokens[p].text}/0`);
      }
    } else {
      defined.add(`${name.text}/0`);
    }
  });

  // Which bracket encloses each token: object keys sit right after `{` or `,` inside `{…}`.
  const enclosing: string[] = [];
  const ifStack: { token: JqToken; hasElse: boolean }[] = [];
  tokens.forEach((t, k) => {
    const previous = tokens[k - 1];
    const next = tokens[k + 1];
    const inObjectKeyPosition =
      enclosing[enclosing.length - 1] === '{' &&
      previous?.kind === 'op' &&
      (previous.text === '{' || previous.text === ',');

    if (t.kind === 'op') {
      if (t.text === '(' || t.text === '[' || t.text === '{') enclosing.push(t.text);
      if (t.text === ')' || t.text === ']' || t.text === '}') enclosing.pop();
      if (t.text === '.' && next?.kind === 'op' && next.text === '[' && endsTerm(previous)) {
        reportSyntax('dot-before-bracket', t);
      }
      return;
    }

    if (t.kind === 'keyword') {
      // `{if: 1}` uses a keyword as an object key, which jq 1.6 allows.
      if (inObjectKeyPosition && next?.kind === 'op' && next.text === ':') return;
      if (t.text === 'if') ifStack.push({ token: t, hasElse: false });
      if (t.text === 'else' && ifStack.length > 0) ifStack[ifStack.length - 1].hasElse = true;
      if (t.text === 'end') {
        const open = ifStack.pop();
        if (open !== undefined && !open.hasElse) {
          reportSyntax('if-without-else', open.token);
        }
      }
      return;
    }

    if (t.kind === 'var') {
      if (t.text !== '__loc__' && JQ_KEYWORDS.has(t.text)) {
        reportSyntax('keyword-variable', t, ` ($${t.text})`);
      }
      if (inObjectKeyPosition) {
        if (next?.kind === 'op' && next.text === ':') {
          reportSyntax('variable-object-key', t);
        } else if (t.text === '__loc__') {
          reportSyntax('loc-object-shorthand', t);
        }
      }
      return;
    }

    if (t.kind === 'format') {
      const format = JQ_FORMATS_AFTER_1_6.find((f) => f.name === t.text);
      if (format) report(`@${format.name}`, `was added in jq ${format.since}`, t);
      return;
    }

    if (t.kind !== 'ident') return;
    if (previous?.kind === 'keyword' && previous.text === 'def') return;
    // `{pick: 1}` and `{pick}` are object keys, not calls.
    if (inObjectKeyPosition) return;
    const arity = next?.kind === 'op' && next.text === '(' ? argumentCount(tokens, k + 1) : 0;
    const signature = `${t.text}/${arity}`;
    if (defined.has(signature)) return;
    const builtin = JQ_BUILTINS_AFTER_1_6.find((b) => b.name === t.text && b.arity === arity);
    if (builtin) {
      report(signature, `was added in jq ${builtin.since}`, t);
      return;
    }
    if (t.text === 'limit' && arity === 2) {
      const [count, separator] = tokens.slice(k + 2, k + 4);
      if (count?.kind === 'number' && Number(count.text) === 0 && separator?.text === ';') {
        const change = JQ_BEHAVIOUR_CHANGES_AFTER_1_6[0];
        report(`limit(${count.text}; …)`, `behaves differently after jq 1.6: ${change.description}`, t);
      }
    }
  });
  return found;
}

/**
 * Throws a {@link ValidationError} naming `field` when `query` uses a builtin, format or syntax that
 * jq 1.6 (the Firehose engine) lacks, or cannot be tokenized. The message names the first offending
 * feature and its position, e.g. `pick/1 (line 1, column 1) was added in jq 1.7`.
 *
 * A static scan: it proves the absence of post-1.6 features, not that jq 1.6 compiles the query. Run
 * the query through the jq 1.6 binary (see `simulateRouting` with `engine: 'jq-binary'`) for that.
 */
export function assertJq16Compatible(field: string, query: string): void {
  let found: Jq16Incompatibility[];
  try {
    found = findJq16Incompatibilities(query);
  } catch (error) {
    if (error instanceof JqLexError) {
      const { line, column } = lineAndColumn(query, error.offset);
      throw new ValidationError(
        field,
        query,
        `must be a jq program: ${error.message} at line ${line}, column ${column}`,
      );
    }
    throw error;
  }
  if (found.length > 0) {
    const first = found[0];
    throw new ValidationError(
      field,
      query,
      `must only use builtins and syntax of jq 1.6, the engine Firehose runs (JQ-1.6): ${first.feature} at line ${first.line}, column ${first.column} ${first.reason}`,
    );
  }
}
