import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  REQUIRED_SCRIPTS,
  cleanEnv,
  ensureScripts,
  findWorkspaceRoot,
  waitForLoad,
  which,
} from '../src/environment';
import { WORKSPACE_ROOT, tempDir } from './helpers';

describe('cleanEnv', () => {
  it('drops what npm run injects and the caller’s node_modules/.bin, and pins the Nx settings', () => {
    const env = cleanEnv({
      PATH: '/w/node_modules/.bin:/w/tools/bench/node_modules/.bin:/usr/local/bin:/usr/bin',
      npm_config_local_prefix: '/w',
      npm_lifecycle_event: 'bench',
      INIT_CWD: '/w',
      HOME: '/root',
      NX_DAEMON: 'true',
    });
    expect(env).toEqual({
      PATH: '/usr/local/bin:/usr/bin',
      HOME: '/root',
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      FORCE_COLOR: '0',
    });
  });
});

describe('ensureScripts', () => {
  const setup = (clone: object, workspace: object) => {
    const cloneDir = tempDir();
    const workspaceDir = tempDir();
    writeFileSync(join(cloneDir, 'package.json'), JSON.stringify(clone));
    writeFileSync(join(workspaceDir, 'package.json'), JSON.stringify(workspace));
    return { cloneDir, workspaceDir };
  };

  it('keeps scripts the clone has', () => {
    const { cloneDir, workspaceDir } = setup(
      { scripts: { synth: 'a', test: 'b' } },
      { scripts: { synth: 'x' } },
    );
    expect(ensureScripts(cloneDir, workspaceDir)).toEqual({ added: [], scripts: { synth: 'a', test: 'b' } });
  });

  it('adds missing scripts from the workspace, else the documented defaults, and writes them', () => {
    const { cloneDir, workspaceDir } = setup(
      { name: 'icelog' },
      { scripts: { test: 'npm-test-from-worktree' } },
    );
    expect(ensureScripts(cloneDir, workspaceDir)).toEqual({
      added: ['synth', 'test'],
      scripts: { synth: REQUIRED_SCRIPTS.synth, test: 'npm-test-from-worktree' },
    });
    expect(JSON.parse(readFileSync(join(cloneDir, 'package.json'), 'utf8'))).toEqual({
      name: 'icelog',
      scripts: { synth: 'nx run-many -t synth -p dev prod', test: 'npm-test-from-worktree' },
    });
  });
});

describe('findWorkspaceRoot and which', () => {
  it('finds the folder holding nx.json from anywhere below it', () => {
    expect(findWorkspaceRoot(__dirname)).toBe(WORKSPACE_ROOT);
    expect(() => findWorkspaceRoot('/')).toThrow('no nx.json at or above /');
  });

  it('finds an executable on PATH', () => {
    expect(which('node', { PATH: `/nonexistent:${join(process.execPath, '..')}` })).toBe(process.execPath);
    expect(which('no-such-tool-here', { PATH: '/usr/bin' })).toBeUndefined();
  });
});

describe('waitForLoad', () => {
  it('returns at once when the load is already low enough', async () => {
    const waits: number[] = [];
    const load = await waitForLoad(1_000_000, 60_000, (current) => waits.push(current));
    expect(waits).toEqual([]);
    expect(load).toBeLessThanOrEqual(1_000_000);
  });

  it('gives up after the timeout and reports the load it waited on', async () => {
    const waits: number[] = [];
    // 1 s, not 30 ms: on a loaded machine the process can be descheduled past a 30 ms deadline before
    // the first check, and then it never waits.
    const load = await waitForLoad(-1, 1_000, (current) => waits.push(current), 10);
    expect(waits.length).toBeGreaterThan(0);
    expect(load).toBeGreaterThan(-1);
  });
});
