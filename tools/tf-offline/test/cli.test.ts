import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_CODES, exitCodeFor, runCli } from '../src';

const fixture = join(__dirname, 'fixtures', 'small-stack');
const emptyPath = mkdtempSync(join(tmpdir(), 'tf-cli-no-path-'));
afterAll(() => rmSync(emptyPath, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = { PATH: emptyPath }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

describe('icelog-tf-offline without terraform', () => {
  it('prints "skipped: terraform not found on PATH" and exits 0', async () => {
    const r = await run([fixture]);
    expect(r).toEqual({ code: 0, stdout: 'skipped: terraform not found on PATH\n', stderr: '' });
  });

  it(`exits ${EXIT_CODES.skippedButRequired} with --require`, async () => {
    const r = await run(['plan', fixture, '--require']);
    expect(r.code).toBe(EXIT_CODES.skippedButRequired);
    expect(r.stdout).toBe('skipped: terraform not found on PATH\n');
  });

  it('prints the result as JSON with --json', async () => {
    const r = await run(['plan', '--json', fixture]);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'skipped', reason: 'terraform not found on PATH' });
  });
});

describe('icelog-tf-offline usage', () => {
  it('prints help with exit 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: icelog-tf-offline [options] [command]');
    expect(r.stdout).toContain('generate-endpoints');
  });

  it(`exits ${EXIT_CODES.usage} without a stack directory`, async () => {
    const r = await run(['plan']);
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain("error: missing required argument 'stackDir'");
  });

  it(`exits ${EXIT_CODES.usage} for a bad timeout`, async () => {
    const r = await run(['plan', fixture, '--timeout', '-1']);
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain(
      "option '--timeout <seconds>' argument '-1' is invalid. must be a positive integer",
    );
  });

  it(`exits ${EXIT_CODES.failed} and says why for a stack that cannot be planned offline`, async () => {
    const r = await run(['plan', emptyPath, '--terraform', process.execPath, '--mirror', '/opt/tf-plugins']);
    if (r.stdout.startsWith('skipped')) throw new Error(`the provider mirror is missing: ${r.stdout}`);
    expect(r.code).toBe(EXIT_CODES.failed);
    expect(r.stderr).toBe(
      `failed: no cdk.tf.json in ${emptyPath}: synthesize the app first (cdktf synth / nx run <app>:synth)\n`,
    );
  });

  it('maps results to exit codes', () => {
    expect(exitCodeFor({ status: 'skipped', reason: 'x' }, false)).toBe(0);
    expect(exitCodeFor({ status: 'skipped', reason: 'x' }, true)).toBe(3);
  });
});
