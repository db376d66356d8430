import { readFileSync } from 'node:fs';
import * as onig from 'vscode-oniguruma';

/**
 * Oniguruma (the engine Fluent Bit's Onigmo forks) compiled to WASM, for cross-checking parser regexes.
 * Loading is asynchronous, so the check runs in tests: call {@link loadOniguruma} in `beforeAll`.
 */
let loading: Promise<void> | undefined;

export function loadOniguruma(): Promise<void> {
  loading ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  })();
  return loading;
}

// `Syntax` is an ambient const enum (unusable under isolatedModules); Ruby is its 11th member, the syntax
// Fluent Bit passes to onig_new (ONIG_SYNTAX_RUBY).
const RUBY_SYNTAX = 10 as onig.Syntax;

/** Compiles `pattern` with Ruby syntax; throws Oniguruma's error message when it does not compile. */
export function onigCompile(pattern: string): onig.OnigScanner {
  return new onig.OnigScanner([pattern], { syntax: RUBY_SYNTAX });
}

/**
 * Searches `line` like Fluent Bit's `onig_search` and returns the named groups (numbered in order, as
 * `groupNames` lists them), `""` for groups that did not take part in the match; `undefined` when there
 * is no match.
 */
export function onigMatch(
  pattern: string,
  groupNames: readonly string[],
  line: string,
): Record<string, string> | undefined {
  const scanner = onigCompile(pattern);
  try {
    const match = scanner.findNextMatchSync(line, 0);
    if (!match) return undefined;
    const groups: Record<string, string> = {};
    groupNames.forEach((name, i) => {
      const capture = match.captureIndices[i + 1];
      // Oniguruma reports a group that did not participate as start = end = -1 (as unsigned).
      groups[name] = capture.start === 0xffffffff ? '' : line.slice(capture.start, capture.end);
    });
    return groups;
  } finally {
    scanner.dispose();
  }
}
