/**
 * A lexer for the jq language, close to jq 1.6's own (src/lexer.l), for static checks of queries
 * before deploy. It does not parse: it yields tokens with their offsets, and reports what it cannot
 * read (an unterminated string, an unknown character, unbalanced brackets).
 */

/** The kind of a jq token. */
export type JqTokenKind =
  /** A name such as `map`, `pick`, `mod::fn`. */
  | 'ident'
  /** A reserved word: `if`, `then`, `def`, `as`, … */
  | 'keyword'
  /** `.name` */
  | 'field'
  /** `$name` (text without the `$`), including `$__loc__`. */
  | 'var'
  /** `@name` (text without the `@`). */
  | 'format'
  | 'number'
  /** A literal part of a string; interpolations `\(…)` appear as `(` … `)` op tokens in between. */
  | 'string'
  /** Operators and punctuation: `.`, `..`, `|`, `,`, `(`, `?//`, `//`, `==`, … */
  | 'op';

/** One token. */
export interface JqToken {
  readonly kind: JqTokenKind;
  readonly text: string;
  /** Offset of the token's first character in the query. */
  readonly offset: number;
}

/** A query the lexer cannot read. */
export class JqLexError extends Error {
  constructor(
    message: string,
    public readonly offset: number,
  ) {
    super(message);
    this.name = 'JqLexError';
  }
}

/** jq 1.6's reserved words (lexer.l). `__loc__` only appears as `$__loc__`. */
export const JQ_KEYWORDS: ReadonlySet<string> = new Set([
  'as',
  'import',
  'include',
  'module',
  'def',
  'if',
  'then',
  'elif',
  'else',
  'end',
  'and',
  'or',
  'reduce',
  'foreach',
  'try',
  'catch',
  'label',
  '__loc__',
]);

/** Multi-character operators, longest first so that the first match is the longest. */
const OPERATORS = ['?//', '//=', '|=', '+=', '-=', '*=', '/=', '%=', '==', '!=', '<=', '>=', '//', '..'];
const SINGLE_CHAR_OPERATORS = '.[](){}|,:;=<>+-*/%?';
const IDENT = /[a-zA-Z_][a-zA-Z_0-9]*(?:::[a-zA-Z_][a-zA-Z_0-9]*)*/y;
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const FIELD_NAME = /[a-zA-Z_][a-zA-Z_0-9]*/y;
const FORMAT_NAME = /[a-zA-Z0-9_]+/y;
const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function matchAt(pattern: RegExp, text: string, offset: number): string | undefined {
  pattern.lastIndex = offset;
  const match = pattern.exec(text);
  return match ? match[0] : undefined;
}

/** 1-based line and column of `offset` in `text`, for messages. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/**
 * Splits a jq program into tokens. Throws {@link JqLexError} on an unterminated string or comment-free
 * garbage, and on unbalanced `()`, `[]`, `{}` (checked across string interpolations).
 */
export function tokenizeJq(query: string): JqToken[] {
  const tokens: JqToken[] = [];
  /** Open brackets; `"` marks an open string interpolation `\(` that returns to a string at its `)`. */
  const open: { char: string; offset: number; interpolation: boolean }[] = [];
  let i = 0;

  const push = (kind: JqTokenKind, text: string, offset: number): void => {
    tokens.push({ kind, text, offset });
  };

  /** Reads string literal text from `i` (just after `"` or after an interpolation's `)`). */
  const readStringPart = (): void => {
    const start = i;
    let text = '';
    while (i < query.length) {
      const c = query[i];
      if (c === '"') {
        push('string', text, start);
        i += 1;
        return;
      }
      if (c === '\\') {
        const next = query[i + 1];
        if (next === '(') {
          push('string', text, start);
          push('op', '(', i);
          open.push({ char: '(', offset: i, interpolation: true });
          i += 2;
          return;
        }
        if (next === undefined) break;
        text += c + next;
        i += 2;
        continue;
      }
      text += c;
      i += 1;
    }
    throw new JqLexError('unterminated string', start - 1);
  };

  while (i < query.length) {
    const c = query[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
      continue;
    }
    if (c === '#') {
      while (i < query.length && query[i] !== '\n') i += 1;
      continue;
    }
    if (c === '"') {
      i += 1;
      readStringPart();
      continue;
    }
    const start = i;
    const number = matchAt(NUMBER, query, i);
    if (number !== undefined) {
      push('number', number, start);
      i += number.length;
      continue;
    }
    if (c === '.') {
      const field = matchAt(FIELD_NAME, query, i + 1);
      if (field !== undefined) {
        push('field', field, start);
        i += 1 + field.length;
        continue;
      }
    }
    if (c === '$') {
      let j = i + 1;
      while (query[j] === ' ' || query[j] === '\t' || query[j] === '\n' || query[j] === '\r') j += 1;
      const name = matchAt(IDENT, query, j);
      if (name === undefined) throw new JqLexError('"$" must be followed by a variable name', start);
      push('var', name, start);
      i = j + name.length;
      continue;
    }
    if (c === '@') {
      const name = matchAt(FORMAT_NAME, query, i + 1);
      if (name === undefined) throw new JqLexError('"@" must be followed by a format name', start);
      push('format', name, start);
      i += 1 + name.length;
      continue;
    }
    const ident = matchAt(IDENT, query, i);
    if (ident !== undefined) {
      push(JQ_KEYWORDS.has(ident) ? 'keyword' : 'ident', ident, start);
      i += ident.length;
      continue;
    }
    const operator = OPERATORS.find((op) => query.startsWith(op, i));
    if (operator !== undefined) {
      push('op', operator, start);
      i += operator.length;
      continue;
    }
    if (SINGLE_CHAR_OPERATORS.includes(c)) {
      if (c === '(' || c === '[' || c === '{') open.push({ char: c, offset: i, interpolation: false });
      if (c === ')' || c === ']' || c === '}') {
        const top = open.pop();
        if (top === undefined || CLOSING[top.char] !== c) {
          throw new JqLexError(`unbalanced "${c}"`, start);
        }
        push('op', c, start);
        i += 1;
        if (top.interpolation) readStringPart();
        continue;
      }
      push('op', c, start);
      i += 1;
      continue;
    }
    throw new JqLexError(`unexpected character ${JSON.stringify(c)}`, start);
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) {
    throw new JqLexError(
      unclosed.interpolation ? 'unterminated string interpolation' : `unclosed "${unclosed.char}"`,
      unclosed.offset,
    );
  }
  return tokens;
}
