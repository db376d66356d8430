import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IcelogConfigInput, synthesizeEnvironment } from '../../src';

/** A per-run folder under the OS temp dir; `cleanup()` removes it (call it in afterAll). */
export function tempRoot(prefix: string): { readonly dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file below `dir`, relative, sorted. */
export function filesBelow(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath ?? (entry as { path?: string }).path ?? '', entry.name).slice(dir.length + 1),
    )
    .sort();
}

/** What one run of the environment app did. */
export interface SynthRun {
  readonly exitCode: number | undefined;
  readonly stderr: string;
  /** Files written to the output folder. */
  readonly files: string[];
}

/**
 * Runs the environment app exactly as apps/dev and apps/prod do (`synthesizeEnvironment`), into a fresh
 * folder under `root`, capturing stderr and the exit code.
 */
export function synthEnvironment(
  root: string,
  config: IcelogConfigInput,
  stackName = 'icelog-test',
): SynthRun {
  const outdir = mkdtempSync(join(root, 'case-'));
  const write = process.stderr.write;
  const previousOutdir = process.env.CDKTF_OUTDIR;
  delete process.env.CDKTF_OUTDIR;
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    synthesizeEnvironment({ stackName, config, outdir });
  } finally {
    process.stderr.write = write;
    if (previousOutdir !== undefined) process.env.CDKTF_OUTDIR = previousOutdir;
  }
  const exitCode = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { exitCode, stderr, files: filesBelow(outdir) };
}

/** A deep copy of `config` with `path` (dotted, e.g. `service.loadBalancer.subnetIds`) set or deleted. */
export function withValue<T>(config: T, path: string, value: unknown): T {
  const copy = structuredClone(config) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy as T;
}

/**
 * The advice of an error message as a change to the configuration: `set <path> to <literal>` (a JS
 * literal: object, string, number or boolean) or `did you mean "<value>"` for the field itself.
 */
export function adviceIn(message: string, field: string): { path: string; value: unknown } | undefined {
  const set = /set ([A-Za-z][\w.]*) to /.exec(message);
  if (set) {
    const literal = readLiteral(message.slice(set.index + set[0].length));
    return { path: set[1], value: new Function(`return (${literal});`)() };
  }
  const mean = /did you mean "([^"]+)"/.exec(message);
  return mean ? { path: field, value: mean[1] } : undefined;
}

function readLiteral(text: string): string {
  if (text.startsWith('"') || text.startsWith("'")) return text.slice(0, text.indexOf(text[0], 1) + 1);
  if (!text.startsWith('{')) return /^[\w.-]+/.exec(text)![0];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(0, i + 1);
  }
  throw new Error(`unbalanced literal in advice: ${text}`);
}
