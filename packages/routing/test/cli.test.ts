import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineParser, StatusRouting } from '../src';
import { RouteSimulatorDependencies, runRouteSimulator } from '../src/simulator-cli';
import { JQ16_PATH, requireJq16 } from './support/jq16';

const FIXTURES = join(__dirname, 'fixtures');
const RECORDS = join(FIXTURES, 'firelens-records.ndjson');
const BROKEN = join(FIXTURES, 'broken-records.ndjson');
const PACKAGE_ROOT = join(__dirname, '..');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(
  argv: readonly string[],
  stdinText = '',
  dependencies: RouteSimulatorDependencies = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runRouteSimulator(
    argv,
    {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: (async function* () {
        yield Buffer.from(stdinText, 'utf8');
      })(),
    },
    dependencies,
  );
  return { code, stdout, stderr };
}

const BINARY = ['--engine', 'jq-binary', '--jq', JQ16_PATH];

describe('icelog-route-sim', () => {
  beforeAll(() => requireJq16());

  test('prints per-table counts and exits 0 when every record reaches a table', async () => {
    const result = await run([RECORDS, ...BINARY, '--database', 'icelog_dev', '--statuses', '200,404']);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        '5 records, 5 routed, 0 failing (engine jq-binary, jq-1.6; database icelog_dev)',
        '',
        '  request_200       2',
        '  request_404       1',
        '  request_other     1',
        '  request_unparsed  1',
        '',
      ].join('\n'),
    });
  });

  test('lists failing records with their line and exits 1', async () => {
    const result = await run([BROKEN, ...BINARY]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^3 records, 2 routed, 1 failing \(engine jq-binary, jq-1\.6; database icelog\)\n/,
    );
    expect(result.stdout).toContain(
      '  request_200       1\n  request_unparsed  1\n  (20 other tables received no records)\n',
    );
    expect(result.stdout).toMatch(/\nFailing records:\n {2}line 2: invalid-json: not a JSON record: .+\n$/);
  });

  test('reads stdin when no file or "-" is given, and runs on jq-wasm by default', async () => {
    const text = readFileSync(RECORDS, 'utf8');
    const fromStdin = await run(['--json'], text);
    expect(fromStdin.code).toBe(0);
    const result = JSON.parse(fromStdin.stdout);
    expect(result.engine).toBe('jq-wasm');
    expect(result.engineVersion).toMatch(/^jq-1\.7\.1/);
    expect(result.records).toBe(5);
    expect(result.tableCounts.request_200).toBe(2);
    expect(result.tableCounts.request_404).toBe(1);
    expect(result.tableCounts.request_other).toBe(1);
    expect(result.tableCounts.request_unparsed).toBe(1);
    expect(Object.keys(result.tableCounts)).toHaveLength(22);
    const dash = await run(['-', '--json', ...BINARY], text);
    expect(JSON.parse(dash.stdout).tableCounts).toEqual(result.tableCounts);
  });

  test('notes that jq-wasm is not the Firehose version', async () => {
    const result = await run([RECORDS, '--statuses', '200']);
    expect(result.stdout).toContain(
      '\nnote: Firehose runs jq 1.6; confirm with --engine jq-binary where jq 1.6 is installed\n',
    );
  });

  test('--json lists every failure', async () => {
    const result = await run([BROKEN, '--json', ...BINARY]);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.ok).toBe(false);
    expect(parsed.failures).toHaveLength(1);
    expect(parsed.failures[0]).toMatchObject({ line: 2, reason: 'invalid-json', input: '{"status": 200' });
  });

  test('--max-failures caps the listed failures', async () => {
    const result = await run(['--max-failures', '1', ...BINARY], 'x\ny\nz\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  … and 2 more (--max-failures, or --json for all)\n');
    expect(result.stdout.match(/ {2}line \d+: invalid-json/g)).toHaveLength(1);
  });

  test('honours prefix and table names, and --print-query prints the query', async () => {
    const result = await run([
      '--print-query',
      '--database',
      'web',
      '--prefix',
      'http_',
      '--statuses',
      '200',
      '--fallback-table',
      'misc',
      '--unparsed-table',
      'errors',
    ]);
    const expected = new StatusRouting({
      databaseName: 'web',
      tablePrefix: 'http_',
      statuses: [200],
      fallbackTableName: 'misc',
      unparsedTableName: 'errors',
    });
    expect(result).toEqual({ code: 0, stdout: `${expected.query}\n`, stderr: '' });
  });

  test('feeds raw lines through the injected nginx parser with --nginx', async () => {
    const parser: LineParser = {
      parse: (raw) => (raw.startsWith('404 ') ? { status: 404 } : { log: raw }),
    };
    const result = await run(['--nginx', '--json', ...BINARY], '404 GET /x\nstarting\n', {
      nginxLineParser: parser,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).tableCounts).toMatchObject({ request_404: 1, request_unparsed: 1 });
  });

  test.each([
    [
      ['--statuses', '200,abc'],
      'icelog-route-sim: Invalid --statuses: must be a comma-separated list of integers, e.g. 200,404,500. Received: "200,abc"\n',
    ],
    [
      ['--statuses', '99'],
      'icelog-route-sim: Invalid statuses[0]: must be an integer from 100 to 599. Received: 99\n',
    ],
    [
      ['--statuses', '200,200'],
      'icelog-route-sim: Invalid statuses: must not contain duplicates ("200" appears twice). Received: [200,200]\n',
    ],
    [
      ['--database', 'Web'],
      'icelog-route-sim: Invalid databaseName: must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires). Received: "Web"\n',
    ],
    [
      ['--max-failures', '-1'],
      'icelog-route-sim: Invalid --max-failures: must be a non-negative integer. Received: "-1"\n',
    ],
    [
      ['--nginx'],
      'icelog-route-sim: --nginx needs the FireLens nginx line parser, which this build does not include; feed FireLens records (NDJSON) instead\n',
    ],
    [
      [join(FIXTURES, 'missing.ndjson')],
      `icelog-route-sim: cannot read ${join(FIXTURES, 'missing.ndjson')}: ENOENT\n`,
    ],
    [
      ['--engine', 'jq-binary', '--jq', '/nonexistent/jq'],
      'icelog-route-sim: jq executable "/nonexistent/jq" not found: install jq 1.6 (Debian/Ubuntu: apt-get install jq) or use the jq-wasm engine\n',
    ],
    [
      ['--engine', 'gojq'],
      "error: option '-e, --engine <engine>' argument 'gojq' is invalid. Allowed choices are jq-wasm, jq-binary.\n",
    ],
    [['--no-such-option'], "error: unknown option '--no-such-option'\n"],
    [['a.ndjson', 'b.ndjson'], 'error: too many arguments. Expected 1 argument but got 2.\n'],
  ])('usage error %j exits 2', async (argv, message) => {
    const result = await run(argv, '{}\n');
    expect(result).toEqual({ code: 2, stdout: '', stderr: message });
  });

  test('--help exits 0 and documents the options', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: icelog-route-sim [options] [file]');
    expect(result.stdout).toContain('--engine <engine>');
    expect(result.stdout).toContain('--nginx');
  });
});

describe('the icelog-route-sim executable, end to end', () => {
  beforeAll(() => requireJq16());

  /** Runs src/cli.ts in a fresh node process, as the bin does after a build. */
  const exec = (args: readonly string[], input = '') =>
    spawnSync(
      process.execPath,
      [
        '--conditions=@icelog/source',
        '-r',
        join(__dirname, 'support', 'register-ts.js'),
        join(PACKAGE_ROOT, 'src', 'cli.ts'),
        ...args,
      ],
      { input, encoding: 'utf8', cwd: PACKAGE_ROOT },
    );

  test('exits 0 for routable records piped on stdin', () => {
    const result = exec([...BINARY, '--statuses', '200,404'], readFileSync(RECORDS, 'utf8'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      '5 records, 5 routed, 0 failing (engine jq-binary, jq-1.6; database icelog)',
    );
  });

  test('exits 1 for a file with a failing record, 2 for a usage error', () => {
    expect(exec([BROKEN, ...BINARY]).status).toBe(1);
    const usage = exec(['--statuses', '600']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe(
      'icelog-route-sim: Invalid statuses[0]: must be an integer from 100 to 599. Received: 600\n',
    );
  });

  test('--nginx routes raw lines through the FireLens nginx parser', () => {
    const lines = [
      '203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.0" "-"',
      '203.0.113.9 - - [25/Nov/2026:10:00:01 +0000] "GET /missing HTTP/1.1" 404 153 "-" "curl/8.0" "-"',
      '203.0.113.9 - - [25/Nov/2026:10:00:02 +0000] "BREW /pot HTTP/1.1" 418 0 "-" "curl/8.0" "-"',
      '2026/11/25 10:00:03 [notice] 1#1: start worker processes',
    ];
    const result = exec(['--nginx', ...BINARY, '--statuses', '200,404', '--json'], lines.join('\n') + '\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.tableCounts).toEqual({
      request_200: 1,
      request_404: 1,
      request_other: 1,
      request_unparsed: 1,
    });
    expect(report.failures).toEqual([]);
  });

  test('the package declares the executable at the built entry point', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'icelog-route-sim': './dist/cli.js' });
    expect(
      readFileSync(join(PACKAGE_ROOT, 'src', 'cli.ts'), 'utf8').startsWith('#!/usr/bin/env node\n'),
    ).toBe(true);
  });
});
