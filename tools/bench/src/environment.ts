import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { loadavg } from 'node:os';

/**
 * The environment for commands run in the clone: the caller's, minus what `npm run bench` injects
 * (`npm_*` variables such as `npm_config_local_prefix`, which would point a nested `npm run` back at
 * the caller's workspace, and the caller's `node_modules/.bin` PATH entries), plus Nx settings for
 * reproducible runs (no daemon, no Nx Cloud, no TUI) and no colours in the logs.
 */
export function cleanEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.toLowerCase().startsWith('npm_') || key === 'INIT_CWD') {
      continue;
    }
    result[key] = value;
  }
  result.PATH = (env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry !== '' && !entry.replace(/\\/g, '/').includes('/node_modules/.bin'))
    .join(delimiter);
  return { ...result, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
}

/** Scripts the bench runs, with the command used when the clone's package.json lacks them. */
export const REQUIRED_SCRIPTS: Readonly<Record<'synth' | 'test', string>> = {
  synth: 'nx run-many -t synth -p dev prod',
  test: 'prettier --check . && nx run-many -t lint typecheck test synth',
};

/**
 * Makes sure the clone's package.json has the `synth` and `test` scripts: a commit made before the
 * root scripts existed gets them from the workspace's package.json (working tree), else from
 * {@link REQUIRED_SCRIPTS}. Returns the scripts added and the command text of each script.
 */
export function ensureScripts(
  cloneDir: string,
  workspaceRoot: string,
): { added: string[]; scripts: Record<string, string> } {
  const file = join(cloneDir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> };
  const workspaceScripts =
    (
      JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>;
      }
    ).scripts ?? {};
  const scripts = { ...(manifest.scripts ?? {}) };
  const added: string[] = [];
  for (const [name, fallback] of Object.entries(REQUIRED_SCRIPTS)) {
    if (scripts[name] === undefined) {
      scripts[name] = workspaceScripts[name] ?? fallback;
      added.push(name);
    }
  }
  if (added.length > 0) {
    writeFileSync(file, `${JSON.stringify({ ...manifest, scripts }, null, 2)}\n`);
  }
  return { added, scripts };
}

/** The workspace root: the nearest folder at or above `from` holding nx.json. */
export function findWorkspaceRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'package.json'))) {
      return dir;
    }
    const parent = join(dir, '..');
    if (parent === dir) {
      throw new Error(`no nx.json at or above ${from}`);
    }
    dir = parent;
  }
}

/** The first executable named `name` on PATH, or undefined. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, name))) {
      return join(dir, name);
    }
  }
  return undefined;
}

/**
 * Waits until the 1-minute load average is at most `maxLoad` (other jobs on a shared 2-core machine
 * distort every figure), checking every `pollMs`, for at most `timeoutMs`. Returns the load reached.
 */
export async function waitForLoad(
  maxLoad: number,
  timeoutMs: number,
  onWait: (load: number) => void,
  pollMs = 5_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let load = loadavg()[0];
  while (load > maxLoad && Date.now() < deadline) {
    onWait(load);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    load = loadavg()[0];
  }
  return load;
}
