import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runCli } from '../src/cli';
import { RecordingSink } from './harness';

async function run(argv: string[]) {
  const stdout = new RecordingSink();
  const stderr = new RecordingSink();
  const code = await runCli(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('--help', () => {
  test.each([[['--help']], [['check', '--help']], [['e2e', '--help']], [['help', 'e2e']]])(
    '%j prints usage with the exit codes and exits 0',
    async (argv) => {
      const { code, stdout } = await run(argv);
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: icelog-smoke');
      expect(stdout).toContain('Exit codes:\n  0    every expectation holds');
      expect(stdout).toContain('  3    AWS error');
    },
  );

  test('check --help documents every option and its default', async () => {
    const { stdout: text } = await run(['check', '--help']);
    const stdout = text.replace(/\s+/g, ' ');
    for (const option of [
      '--app <name>',
      '--outputs <file>',
      '--synth <file>',
      '--statuses <list>',
      '--min-rows <n>',
      '--since <when>',
      '--timeout <duration>',
      '--concurrency <n>',
      '--json',
      '--quiet',
    ]) {
      expect(stdout).toContain(option);
    }
    expect(stdout).toContain('(default: "5m")');
    expect(stdout).toContain('(default: "1")');
  });

  test('e2e --help explains the request mapping and how lag is measured', async () => {
    const { stdout: text } = await run(['e2e', '--help']);
    const stdout = text.replace(/\s+/g, ' ');
    expect(stdout).toContain('--request <status:path>');
    expect(stdout).toContain('(default: 200:/?icelog_smoke={marker} and 404:/icelog-smoke/{marker})');
    expect(stdout).toContain('(default: "10m")');
    expect(stdout).toContain(
      'Lag: seconds from sending a request until the first polling query that returned its row had SUCCEEDED (an upper bound)',
    );
  });
});

test('--version prints the package version', async () => {
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const { code, stdout } = await run(['--version']);
  expect(code).toBe(0);
  expect(stdout).toBe(`${version}\n`);
});

test.each([
  [['check', '--no-such-flag'], "error: unknown option '--no-such-flag'"],
  [['verify'], "error: unknown command 'verify'"],
  [['check', '--timeout'], "error: option '--timeout <duration>' argument missing"],
])('%j is a usage error: exit code 2', async (argv, message) => {
  const { code, stderr } = await run(argv);
  expect(code).toBe(2);
  expect(stderr).toContain(message);
  expect(stderr).toContain('(run with --help for usage)');
});

test('no command prints the usage on stderr and exits 2', async () => {
  const { code, stderr } = await run([]);
  expect(code).toBe(2);
  expect(stderr).toContain('Usage: icelog-smoke');
});

describe('--json prints one JSON document whatever happens', () => {
  test.each([
    [['check', '--json', '--no-such-flag'], 'check', "unknown option '--no-such-flag'"],
    [['check', '--json', '--timeout'], 'check', "option '--timeout <duration>' argument missing"],
    [['verify', '--json'], '', "unknown command 'verify'"],
    [['check', '--json', '--timeout', 'soon'], 'check', 'Invalid --timeout'],
  ])('%j: exit 2 and a USAGE document on stdout', async (argv, command, message) => {
    const { code, stdout } = await run(argv);
    expect(code).toBe(2);
    const document = JSON.parse(stdout) as {
      command: string;
      ok: boolean;
      exitCode: number;
      error: { message: string };
    };
    expect(document).toMatchObject({ command, ok: false, exitCode: 2 });
    expect(document.error.message).toContain(message);
  });
});

describe('a broken pipe ends the process quietly', () => {
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'icelog-smoke-epipe-'));
    bundle = join(dir, 'main.js');
    await build({
      entryPoints: [join(__dirname, '..', 'src', 'main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      outfile: bundle,
      conditions: ['@icelog/source'],
      external: ['@aws-sdk/*', 'commander', 'zod'],
      logLevel: 'silent',
    });
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('--help into a reader that is already gone: exit 0, nothing on stderr', async () => {
    const child = spawn(process.execPath, [bundle, '--help'], {
      env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', '..', 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // like `| head -1` after its line: the read end closes
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 30_000);
});
