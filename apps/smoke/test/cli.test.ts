import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
