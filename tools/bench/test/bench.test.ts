import { isolatedNxEnv, mergeJestMemory } from '../src/bench';
import { PHASES } from '../src/phases';

describe('isolatedNxEnv', () => {
  it('points the Nx cache and task database into the clone, keeping the rest', () => {
    expect(isolatedNxEnv({ HOME: '/root', NX_DAEMON: 'false' }, '/tmp/b/clone')).toEqual({
      HOME: '/root',
      NX_DAEMON: 'false',
      NX_CACHE_DIRECTORY: '/tmp/b/clone/.nx/cache',
      NX_WORKSPACE_DATA_DIRECTORY: '/tmp/b/clone/.nx/workspace-data',
    });
  });
});

describe('mergeJestMemory', () => {
  it('keeps the largest figure of each project over runs, largest project first', () => {
    expect(
      mergeJestMemory([
        [
          { project: 'packages/core', mainKiB: 100, workerKiB: 300, workers: 2 },
          { project: 'tools/bench', mainKiB: 200, workerKiB: 0, workers: 0 },
        ],
        [{ project: 'packages/core', mainKiB: 150, workerKiB: 250, workers: 1 }],
      ]),
    ).toEqual([
      { project: 'packages/core', mainKiB: 150, workerKiB: 300, workers: 2 },
      { project: 'tools/bench', mainKiB: 200, workerKiB: 0, workers: 0 },
    ]);
  });
});

describe('PHASES', () => {
  it('builds before it synthesizes and cleans last', () => {
    expect(PHASES).toEqual(['npm-synth', 'synth', 'naive', 'diagnose', 'npm-test']);
  });
});
