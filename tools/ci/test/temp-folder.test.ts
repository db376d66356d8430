import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every jest run of the workspace (jest.preset.js) gets its own temp folder, removed at the end: a
 * suite that leaves cdktf's `cdktf.outdir.*`, a fake provider mirror and a scratch directory in
 * os.tmpdir() leaves the system temp folder exactly as it found it.
 */
const jestBin = require.resolve('jest/bin/jest');
const scratch = mkdtempSync(join(tmpdir(), 'ci-temp-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('a littering suite leaves the temp folder as it found it', () => {
  const temp = join(scratch, 'tmp');
  const report = join(scratch, 'report.txt');
  mkdirSync(temp);
  const r = spawnSync(
    process.execPath,
    [jestBin, '-c', join(__dirname, 'fixtures', 'litter', 'jest.config.js'), '--ci'],
    { env: { ...process.env, TMPDIR: temp, LITTER_REPORT: report }, encoding: 'utf8' },
  );
  expect(r.stderr).toContain('1 passed');
  expect(r.status).toBe(0);
  // The suite saw a per-run folder inside TMPDIR, and wrote into it…
  const seen = readFileSync(report, 'utf8');
  expect(seen.startsWith(join(temp, 'icelog-jest-'))).toBe(true);
  // …which is gone, with everything the suite left in it.
  expect(readdirSync(temp)).toEqual([]);
});
