import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { TEST_EDITS, applyEdit, editMarker } from '../src/edits';

const ROOT = join(__dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'bench-edits-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the edits the bench times npm test after', () => {
  it('are a one-package source edit (≤ 30 s) and a README-only edit (≤ 10 s) of files that exist', () => {
    expect(TEST_EDITS.map((e) => [e.id, e.file, e.limitMs])).toEqual([
      ['npm-test.one-package', 'packages/routing/src/index.ts', 30_000],
      ['npm-test.readme', 'README.md', 10_000],
    ]);
  });

  it.each(TEST_EDITS.map((e) => [e.file]))(
    '%s stays formatted (the edit must not fail the format check)',
    (file) => {
      const path = join(ROOT, file);
      const edited = readFileSync(path, 'utf8') + editMarker(file, 1);
      const prettier = require.resolve('prettier/bin/prettier.cjs');
      const r = spawnSync(process.execPath, [prettier, '--check', '--stdin-filepath', path], {
        input: edited,
        encoding: 'utf8',
      });
      expect({ file, status: r.status, stderr: r.stderr }).toEqual({ file, status: 0, stderr: '' });
    },
  );

  it('appends a distinct marker per run and restores the file', () => {
    const edit = TEST_EDITS[0];
    const path = join(scratch, edit.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'export const x = 1;\n');
    const restore = applyEdit(scratch, edit, 2);
    expect(readFileSync(path, 'utf8')).toBe('export const x = 1;\n// icelog bench edit 2\n');
    restore();
    expect(readFileSync(path, 'utf8')).toBe('export const x = 1;\n');
  });

  it('refuses a file type it has no comment syntax for', () => {
    expect(() => editMarker('data.json', 1)).toThrow('no edit marker for data.json: add one for .json');
  });
});
