import { checkPortableRegex } from '../src';
import { loadOniguruma, onigCompile, onigMatch } from './support/oniguruma';

beforeAll(loadOniguruma);

const RULE = 'must use the regex subset Onigmo and JavaScript read the same way';
const reject = (pattern: string, what: string) =>
  `Invalid regex: ${RULE}: ${what}. Received: ${JSON.stringify(pattern)}`;

describe('checkPortableRegex', () => {
  // Patterns inside the subset, and inputs that exercise them: both engines must agree on every capture.
  const PORTABLE: readonly [string, readonly string[]][] = [
    ['^(?<a>[0-9]+)-(?<b>[a-z]*)$', ['12-ab', '12-', 'x-1', '']],
    ['^(?<k>[^=]+)=(?<v>.*?)(?:;|$)', ['a=b;c=d', 'a=', '=b']],
    ['^(?<word>foo|bar)(?<rest>\\.[A-Za-z]{2,3})?$', ['foo.js', 'bar', 'baz.js', 'foo.javascript']],
    ['^(?<hex>\\x41+)(?<tab>\\t?)(?=z)', ['AAz', 'A\tz', 'Az', 'B']],
    ['^(?<q>"[^"\\\\]*")(?!x)', ['"abc"', '"abc"x', '"a\\b"']],
    ['^(?<ip>[0-9a-fA-F:.]+) (?<n>[0-9]{1,3}?)(?<m>[0-9]*)$', ['::1 123', '10.0.0.1 9', 'bad']],
    ['^(?<a>\\[[^\\]]*\\]) (?<b>[{}]+)$', ['[x] {}', '[] }{', '[x {}']],
  ];

  test.each(PORTABLE.map(([p, inputs]) => [p, inputs] as const))(
    '%s: JavaScript and Oniguruma agree',
    (pattern, inputs) => {
      const { groupNames } = checkPortableRegex('regex', pattern);
      expect(() => onigCompile(pattern).dispose()).not.toThrow();
      for (const input of inputs) {
        const js = new RegExp(pattern).exec(input);
        const jsGroups = js
          ? Object.fromEntries(groupNames.map((n) => [n, js.groups?.[n] ?? '']))
          : undefined;
        expect({ input, groups: onigMatch(pattern, groupNames, input) }).toEqual({ input, groups: jsGroups });
      }
    },
  );

  test('returns the named groups in order', () => {
    expect(checkPortableRegex('regex', '^(?<b>x)(?:(?<a>y)|(?<c>z))$').groupNames).toEqual(['b', 'a', 'c']);
  });

  test.each([
    ['^(?<d>\\d+)$', '"\\d" is not allowed: write an explicit class such as [0-9], [A-Za-z0-9_] or [ \\t]'],
    ['^(?<h>\\h+)$', '"\\h" is not allowed: write an explicit class such as [0-9], [A-Za-z0-9_] or [ \\t]'],
    ['^(?<s>[\\s]+)$', '"\\s" is not allowed: write an explicit class such as [0-9], [A-Za-z0-9_] or [ \\t]'],
    ['^(?<w>\\w+)\\b', '"\\w" is not allowed: write an explicit class such as [0-9], [A-Za-z0-9_] or [ \\t]'],
    ['(?<=a)(?<x>b)', 'lookbehind (?<=…)/(?<!…) is not allowed'],
    ['(?<!a)(?<x>b)', 'lookbehind (?<=…)/(?<!…) is not allowed'],
    ['^(?>(?<x>a+))$', 'atomic groups (?>…) are not allowed'],
    ['^(?<x>a*+)$', 'possessive quantifiers (*+, ++, ?+, }+) are not allowed'],
    ['^(?<x>a{2}+)$', 'possessive quantifiers (*+, ++, ?+, }+) are not allowed'],
    ['^(?<x>a??+)$', 'possessive quantifiers (*+, ++, ?+, }+) are not allowed'],
    ['(?i)^(?<x>a)$', '"(?i" (inline options, comments or other group syntax) is not allowed'],
    ["^(?'x'a)$", '"(?\'" (inline options, comments or other group syntax) is not allowed'],
    ['^(?P<x>a)$', '"(?P" (inline options, comments or other group syntax) is not allowed'],
    ['^(a)(?<x>b)$', 'plain capturing groups (…) are not allowed: name the field (?<name>…) or use (?:…)'],
    ['^(?<1x>a)$', 'group name "1x" must match [A-Za-z_][A-Za-z0-9_]*'],
    ['^(?<x>a)(?<x>b)$', 'group name "x" is used twice'],
    ['^(?<x>a)\\1$', 'back-references and octal escapes ("\\1") are not allowed'],
    ['^(?<x>\\x4)$', '"\\x" must be followed by two hex digits'],
    ['^(?<x>\\p{L})$', 'the escape "\\p" is not allowed (engine-specific)'],
    ['\\A(?<x>a)\\z', 'the escape "\\A" is not allowed (engine-specific)'],
    [
      '^(?<x>[[:alpha:]]+)$',
      '"[" inside a character class (POSIX brackets, nested sets) is not allowed; escape it',
    ],
    ['^(?<x>[a-z&&[^q]])$', '"&&" (class intersection) is not allowed'],
    ['^(?<x>[]a])$', '"]" right after "[" reads differently in the two engines; escape it as \\]'],
    ['^(?<x>[abc)$', 'a character class is not closed'],
    ['^(?<x>a{,3})$', '"{" at position 7 must be a quantifier {n}, {n,} or {n,m}; escape a literal as \\{'],
    ['^(?<x>a)))$', 'unbalanced ")" at position 8'],
    ['^(?<x>(?:a)$', 'a group is not closed'],
    ['^(?<x>a)\\', 'it ends with a lone backslash'],
    [
      '^(?<x>a**)$',
      'it does not compile in JavaScript (Invalid regular expression: /^(?<x>a**)$/: Nothing to repeat)',
    ],
    ['', 'the pattern is empty'],
    ['^(?<x>a)\n$', 'it must be a single line'],
    [' ^(?<x>a)$', 'it must not start or end with whitespace'],
    ['^(?<x>${HOME})$', '"${" would be replaced by Fluent Bit\'s environment variable substitution'],
  ])('rejects %j', (pattern, what) => {
    expect(() => checkPortableRegex('regex', pattern)).toThrow(reject(pattern, what));
  });

  test('the rejected shorthands really differ between the engines', () => {
    // \d matches a non-ASCII digit in Oniguruma but not in JavaScript …
    expect(onigMatch('^(?<d>\\d)$', ['d'], '٣')).toEqual({ d: '٣' });
    expect(/^(?<d>\d)$/.exec('٣')).toBeNull();
    // … and \h is a hex digit in Oniguruma, the letter h in JavaScript.
    expect(onigMatch('^(?<h>\\h)$', ['h'], 'a')).toEqual({ h: 'a' });
    expect(/^(?<h>\h)$/.exec('a')).toBeNull();
  });
});
