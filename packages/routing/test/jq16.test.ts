import {
  JQ_BEHAVIOUR_CHANGES_AFTER_1_6,
  JQ_BUILTINS_AFTER_1_6,
  JQ_FORMATS_AFTER_1_6,
  JQ_SYNTAX_AFTER_1_6,
  JqLexError,
  StatusRouting,
  assertJq16Compatible,
  findJq16Incompatibilities,
  tokenizeJq,
} from '../src';
import { runJqWasm } from './support/jq-wasm';
import { requireJq16, runJq16 } from './support/jq16';

/** A call of `name` with `arity` arguments, each `.`. */
function call(name: string, arity: number): string {
  return arity === 0 ? name : `${name}(${Array(arity).fill('.').join('; ')})`;
}

describe('assertJq16Compatible', () => {
  test('rejects pick with the builtin, its position and the release that added it', () => {
    expect(() => assertJq16Compatible('customQuery', '{a: 1} | pick(.a)')).toThrow(
      'Invalid customQuery: must only use builtins and syntax of jq 1.6, the engine Firehose runs (JQ-1.6): pick/1 at line 1, column 10 was added in jq 1.7. Received: "{a: 1} | pick(.a)"',
    );
  });

  test('rejects abs', () => {
    expect(() => assertJq16Compatible('query', '.status | abs')).toThrow(
      'Invalid query: must only use builtins and syntax of jq 1.6, the engine Firehose runs (JQ-1.6): abs/0 at line 1, column 11 was added in jq 1.7. Received: ".status | abs"',
    );
  });

  test('rejects scan with flags but not scan with a regex only (scan/1 is in jq 1.6)', () => {
    expect(() => assertJq16Compatible('query', '.log | scan("a"; "g")')).toThrow(
      'Invalid query: must only use builtins and syntax of jq 1.6, the engine Firehose runs (JQ-1.6): scan/2 at line 1, column 8 was added in jq 1.7. Received: ".log | scan(\\"a\\"; \\"g\\")"',
    );
    expect(() => assertJq16Compatible('query', '.log | scan("a")')).not.toThrow();
  });

  test('rejects trim, toarray and debug(msg), naming line and column of a multi-line query', () => {
    expect(() => assertJq16Compatible('query', '.a\n| .b | trim')).toThrow(
      'Invalid query: must only use builtins and syntax of jq 1.6, the engine Firehose runs (JQ-1.6): trim/0 at line 2, column 8 was added in jq 1.8. Received: ".a\\n| .b | trim"',
    );
    expect(() => assertJq16Compatible('query', 'toarray')).toThrow(
      'toarray/0 at line 1, column 1 was added in jq 1.8',
    );
    expect(() => assertJq16Compatible('query', 'debug("x")')).toThrow(
      'debug/1 at line 1, column 1 was added in jq 1.7',
    );
  });

  test('rejects if without else', () => {
    expect(() => assertJq16Compatible('query', 'if .a then 1 elif .b then 2 end')).toThrow(
      'Invalid query: must only use builtins and syntax of jq 1.6, the engine Firehose runs (JQ-1.6): `if` without `else` at line 1, column 1 was added in jq 1.7. Received: "if .a then 1 elif .b then 2 end"',
    );
  });

  test.each([
    [
      '.a.["b"]',
      'a dot between chained indexes (`.a.[…]`) at line 1, column 3 was added in jq 1.7. Received: ".a.[\\"b\\"]"',
    ],
    [
      '"k" as $k | {$k: 1}',
      'a `$variable` as object key (`{$k: v}`) at line 1, column 14 was added in jq 1.7. Received: "\\"k\\" as $k | {$k: 1}"',
    ],
    [
      '. as $if | $if',
      'a keyword as variable name ($if) at line 1, column 6 was added in jq 1.7. Received: ". as $if | $if"',
    ],
    [
      '{a: 1, $__loc__}',
      '`{$__loc__}` object shorthand at line 1, column 8 was added in jq 1.7. Received: "{a: 1, $__loc__}"',
    ],
  ])('rejects the syntax of %s with an exact message', (query, message) => {
    expect(() => assertJq16Compatible('query', query)).toThrow(
      `Invalid query: must only use builtins and syntax of jq 1.6, the engine Firehose runs (JQ-1.6): ${message}`,
    );
  });

  test('rejects @base32d', () => {
    expect(() => assertJq16Compatible('query', '.a | @base32d')).toThrow(
      'Invalid query: must only use builtins and syntax of jq 1.6, the engine Firehose runs (JQ-1.6): @base32d at line 1, column 6 was added in jq 1.8. Received: ".a | @base32d"',
    );
  });

  test('rejects limit(0; …), whose output differs in jq 1.6', () => {
    expect(() => assertJq16Compatible('query', '[limit(0; .[])]')).toThrow(
      'Invalid query: must only use builtins and syntax of jq 1.6, the engine Firehose runs (JQ-1.6): limit(0; …) at line 1, column 2 behaves differently after jq 1.6: jq 1.6 emits the first output of f, jq 1.7+ emits nothing. Received: "[limit(0; .[])]"',
    );
  });

  test('rejects what it cannot tokenize', () => {
    expect(() => assertJq16Compatible('query', '.a | "open')).toThrow(
      'Invalid query: must be a jq program: unterminated string at line 1, column 6. Received: ".a | \\"open"',
    );
    expect(() => assertJq16Compatible('query', '(.a | [.b)')).toThrow(
      'Invalid query: must be a jq program: unbalanced ")" at line 1, column 10. Received: "(.a | [.b)"',
    );
    expect(() => assertJq16Compatible('query', '{a: (.b}')).toThrow(
      'Invalid query: must be a jq program: unbalanced "}" at line 1, column 8. Received: "{a: (.b}"',
    );
    expect(() => assertJq16Compatible('query', '"\\(.a"')).toThrow(
      'Invalid query: must be a jq program: unterminated string at line 1, column 6. Received: "\\"\\\\(.a\\""',
    );
    expect(() => assertJq16Compatible('query', '.a ^ 1')).toThrow(
      'Invalid query: must be a jq program: unexpected character "^" at line 1, column 4. Received: ".a ^ 1"',
    );
  });

  test('accepts the generated queries', () => {
    expect(findJq16Incompatibilities(new StatusRouting({ databaseName: 'db' }).query)).toEqual([]);
    expect(
      findJq16Incompatibilities(
        new StatusRouting({ databaseName: 'db', statuses: [418], operation: 'delete', tablePrefix: 'x' })
          .query,
      ),
    ).toEqual([]);
  });

  test('reports every incompatibility, in order', () => {
    expect(findJq16Incompatibilities('pick(.a) | if . then abs end')).toEqual([
      { feature: 'pick/1', reason: 'was added in jq 1.7', line: 1, column: 1 },
      { feature: 'abs/0', reason: 'was added in jq 1.7', line: 1, column: 22 },
      { feature: '`if` without `else`', reason: 'was added in jq 1.7', line: 1, column: 12 },
    ]);
  });
});

describe('the post-1.6 lists, verified on the real engines', () => {
  beforeAll(() => requireJq16());

  test.each(JQ_BUILTINS_AFTER_1_6.map((b) => [`${b.name}/${b.arity}`, b] as const))(
    '%s: the guard rejects it and jq 1.6 does not define it',
    (signature, builtin) => {
      const query = call(builtin.name, builtin.arity);
      expect(() => assertJq16Compatible('query', query)).toThrow(
        `${signature} at line 1, column 1 was added in jq ${builtin.since}`,
      );
      const run = runJq16(query);
      expect(run.status).toBe(3);
      expect(run.stderr).toContain(`jq: error: ${signature} is not defined`);
    },
  );

  test.each(JQ_FORMATS_AFTER_1_6.map((f) => [`@${f.name}`, f] as const))(
    '%s: the guard rejects it and jq 1.6 fails on it',
    (format, entry) => {
      const query = `"eA==" | ${format}`;
      expect(() => assertJq16Compatible('query', query)).toThrow(
        `${format} at line 1, column 10 was added in jq ${entry.since}`,
      );
      const run = runJq16(query);
      expect(run.status).toBe(5);
      expect(run.stderr).toContain(`${entry.name} is not a valid format`);
    },
  );

  test.each(JQ_SYNTAX_AFTER_1_6.map((s) => [s.id, s] as const))(
    '%s: the guard rejects the example, jq 1.6 cannot compile it, jq 1.7.1 can',
    async (_id, syntax) => {
      expect(() => assertJq16Compatible('query', syntax.example)).toThrow(syntax.description);
      expect(() => assertJq16Compatible('query', syntax.example)).toThrow(`was added in jq ${syntax.since}`);
      const run = runJq16(syntax.example, ['{"a": {"b": 1}}']);
      expect(run.status).toBe(3);
      expect(run.stderr).toContain('compile error');
      const wasm = await runJqWasm(syntax.example, ['{"a": {"b": 1}}']);
      expect(wasm).toMatchObject({ status: 0, stderr: '' });
    },
  );

  test.each(JQ_BEHAVIOUR_CHANGES_AFTER_1_6.map((b) => [b.id, b] as const))(
    '%s: the guard rejects the example, whose output differs between jq 1.6 and jq 1.7.1',
    async (_id, change) => {
      expect(() => assertJq16Compatible('query', change.example)).toThrow('behaves differently after jq 1.6');
      const jq16 = runJq16(change.example);
      const wasm = await runJqWasm(change.example);
      expect(jq16.status).toBe(0);
      expect(wasm.status).toBe(0);
      expect(jq16.stdout.trim()).not.toBe(wasm.stdout.trim());
    },
  );

  test('the builtin list is complete: every builtin jq 1.7.1 has and jq 1.6 lacks is listed', async () => {
    const jq16Run = runJq16('builtins | sort');
    expect(jq16Run.status).toBe(0);
    const jq16 = new Set(JSON.parse(jq16Run.stdout) as string[]);
    const wasmRun = await runJqWasm('builtins | sort');
    const wasm = JSON.parse(wasmRun.stdout) as string[];
    const listed = new Set(JQ_BUILTINS_AFTER_1_6.map((b) => `${b.name}/${b.arity}`));
    const missing = wasm.filter((b) => !jq16.has(b) && !listed.has(b));
    expect(missing).toEqual([]);
    // And the entries marked 1.7 really exist in jq 1.7.1.
    const marked17 = JQ_BUILTINS_AFTER_1_6.filter((b) => b.since === '1.7').map(
      (b) => `${b.name}/${b.arity}`,
    );
    expect(marked17.filter((b) => !wasm.includes(b))).toEqual([]);
  });
});

describe('no false positives: valid jq 1.6 that the guard accepts and jq 1.6 compiles', () => {
  beforeAll(() => requireJq16());

  const VALID_JQ16 = [
    'def pick(f): f; pick(.a)',
    'def f(abs): abs; f(1)',
    '{pick: 1, abs: 2, trim: 3}',
    '{abs}',
    '.trim, .pick',
    '"pick(.a) and abs"',
    '1 # abs',
    '{if: 1, end: 2}',
    'if .a then 1 else 2 end',
    'if .a then (if .b then 1 else 2 end) elif .c then 3 else 4 end',
    '$__loc__',
    '.a["b"]',
    '.a | .["b"]',
    '."a"."b"',
    '.a as [$x] ?// $x | $x',
    'reduce .[]? as $x (0; . + 1)',
    '"\\(1 + 2) and \\("x" | ascii_downcase)"',
    '@base64d',
    '@json "v: \\(.)"',
    '[limit(1; .[]?)]',
    'scan("a")',
    'debug',
    'add',
    'splits("a"; "g")',
    'ltrimstr("x")',
    '"a" as $k | {($k): 1}',
    '"a" as $k | {$k}',
    'label $out | 1, break $out',
    '.a?.b',
    '.[0:2]?',
  ];

  test.each(VALID_JQ16)('%s', (query) => {
    expect(findJq16Incompatibilities(query)).toEqual([]);
    const run = runJq16(query, ['"ab"']);
    expect(run.stderr).not.toContain('compile error');
  });
});

describe('tokenizeJq', () => {
  test('splits fields, variables, formats, strings with interpolation, keywords and operators', () => {
    expect(
      tokenizeJq('.a as $x | "v\\(.b)" | @base64 // $__loc__ ?// 1.5e3').map((t) => [t.kind, t.text]),
    ).toEqual([
      ['field', 'a'],
      ['keyword', 'as'],
      ['var', 'x'],
      ['op', '|'],
      ['string', 'v'],
      ['op', '('],
      ['field', 'b'],
      ['op', ')'],
      ['string', ''],
      ['op', '|'],
      ['format', 'base64'],
      ['op', '//'],
      ['var', '__loc__'],
      ['op', '?//'],
      ['number', '1.5e3'],
    ]);
  });

  test('reports the offset of a lexing error', () => {
    expect(() => tokenizeJq('.a | "x')).toThrow(JqLexError);
    try {
      tokenizeJq('.a | "x');
    } catch (error) {
      expect((error as JqLexError).offset).toBe(5);
    }
  });
});
