import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { transformSync } from '@swc/core';

/** The workspace root (tools/bench/test → ../../..). */
export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

const created: string[] = [];

/** A fresh temporary folder, removed after all tests of the file. */
export function tempDir(prefix = 'icelog-bench-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of created.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Compiles src/hooks/<name>.ts to CommonJS in a temporary folder, as the build does, so tests can
 * preload the real hook with `--require` without a build.
 */
export function compileHook(name: string): string {
  const dir = join(tempDir(), 'hooks');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.js`);
  writeFileSync(file, transpile(join(SOURCE_ROOT, 'hooks', `${name}.ts`)));
  return file;
}

const SOURCE_ROOT = join(__dirname, '..', 'src');

/** TypeScript → CommonJS with swc (what jest uses; loading the TypeScript compiler costs ~0.4 s a file). */
function transpile(file: string): string {
  return transformSync(readFileSync(file, 'utf8'), {
    filename: file,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  }).code;
}

/**
 * Compiles all of src to CommonJS in a temporary folder (what `build` writes to dist) and returns
 * the folder; run its files with NODE_PATH=<workspace>/node_modules.
 */
export function compileSources(): string {
  const out = tempDir();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.endsWith('.ts')) {
        const target = join(out, relative(SOURCE_ROOT, path)).replace(/\.ts$/, '.js');
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, transpile(path));
      }
    }
  };
  walk(SOURCE_ROOT);
  return out;
}
