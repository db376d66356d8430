/**
 * An evaluator for the subset of the CloudWatch Logs filter pattern syntax icelog uses on unstructured
 * log events (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):
 *
 * - `"exact phrase"`: the event contains the phrase (case-sensitive);
 * - several terms separated by spaces: the event contains all of them;
 * - `?"a" ?"b"`: the event contains at least one of them;
 * - `-"a"`: the event does not contain it (with AND terms).
 *
 * Only double-quoted terms are accepted, so every term is an exact, case-sensitive phrase and the
 * evaluator is exact for the patterns it accepts; anything else (bare words, JSON or space-delimited
 * patterns, regular expressions, mixing `?` with AND terms) is rejected rather than approximated.
 */

/** One term of a parsed pattern. */
interface Term {
  readonly kind: 'and' | 'or' | 'not';
  readonly phrase: string;
}

/** Parses `pattern`; throws on anything outside the supported subset. */
export function parseFilterPattern(pattern: string): readonly Term[] {
  const terms: Term[] = [];
  const token = /\s*([?-]?)"([^"\\]*)"\s*/y;
  let index = 0;
  while (index < pattern.length) {
    token.lastIndex = index;
    const match = token.exec(pattern);
    if (!match) {
      throw new Error(
        `filter pattern ${JSON.stringify(pattern)}: only double-quoted terms, optionally prefixed with ? or -, are supported (at offset ${index})`,
      );
    }
    const phrase = match[2];
    if (phrase.length === 0) throw new Error(`filter pattern ${JSON.stringify(pattern)}: empty term`);
    terms.push({ kind: match[1] === '?' ? 'or' : match[1] === '-' ? 'not' : 'and', phrase });
    index = token.lastIndex;
  }
  if (terms.length === 0) throw new Error('filter pattern is empty (it would match every event)');
  const hasOr = terms.some((t) => t.kind === 'or');
  if (hasOr && terms.some((t) => t.kind !== 'or')) {
    throw new Error(`filter pattern ${JSON.stringify(pattern)}: ?-terms cannot be mixed with other terms`);
  }
  if (terms.every((t) => t.kind === 'not')) {
    throw new Error(`filter pattern ${JSON.stringify(pattern)}: needs at least one term to match`);
  }
  return terms;
}

/** True when the log event `message` matches `pattern`. */
export function matchesFilterPattern(pattern: string, message: string): boolean {
  const terms = parseFilterPattern(pattern);
  if (terms[0].kind === 'or') return terms.some((t) => message.includes(t.phrase));
  return terms.every((t) => (t.kind === 'not' ? !message.includes(t.phrase) : message.includes(t.phrase)));
}

/** Renders terms as a filter pattern: `anyOf` gives `?"a" ?"b"`, a single phrase gives `"a"`. */
export function anyOfPhrases(phrases: readonly string[]): string {
  const quote = (p: string) => {
    if (/["\\]/.test(p)) throw new Error(`filter pattern term ${JSON.stringify(p)} must not contain " or \\`);
    return `"${p}"`;
  };
  const pattern = phrases.length === 1 ? quote(phrases[0]) : phrases.map((p) => `?${quote(p)}`).join(' ');
  parseFilterPattern(pattern);
  return pattern;
}
