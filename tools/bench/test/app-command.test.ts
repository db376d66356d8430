import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SYNTH_COMMAND, appSynthCommand } from '../src/app-command';
import { WORKSPACE_ROOT, tempDir } from './helpers';

function workspaceWithSynth(options: object | undefined): string {
  const root = tempDir();
  mkdirSync(join(root, 'apps', 'dev'), { recursive: true });
  if (options !== undefined) {
    writeFileSync(
      join(root, 'apps', 'dev', 'project.json'),
      JSON.stringify({ targets: { synth: { executor: 'nx:run-commands', options } } }),
    );
  }
  return root;
}

describe('appSynthCommand', () => {
  it('runs what the app’s Nx synth target runs, Node flags included', () => {
    const root = workspaceWithSynth({
      command: 'node --max-semi-space-size=1 dist/main.js',
      cwd: '{projectRoot}',
    });
    expect(appSynthCommand(root, 'dev')).toEqual({
      nodeArgs: ['--max-semi-space-size=1', 'dist/main.js'],
      cwd: join(root, 'apps', 'dev'),
      display: 'node --max-semi-space-size=1 dist/main.js',
    });
  });

  it('resolves {workspaceRoot} and defaults to node dist/main.js in the app folder', () => {
    const root = workspaceWithSynth({ command: 'node apps/dev/dist/main.js', cwd: '{workspaceRoot}' });
    expect(appSynthCommand(root, 'dev').cwd).toBe(root);
    const bare = workspaceWithSynth(undefined);
    expect(appSynthCommand(bare, 'dev')).toEqual({
      nodeArgs: ['dist/main.js'],
      cwd: join(bare, 'apps', 'dev'),
      display: DEFAULT_SYNTH_COMMAND,
    });
  });

  it('reads this workspace’s apps', () => {
    for (const app of ['dev', 'prod']) {
      const command = appSynthCommand(WORKSPACE_ROOT, app);
      expect(command.nodeArgs[command.nodeArgs.length - 1]).toMatch(/^bundle\/synth\.js$/);
    }
  });

  it.each(['ts-node src/main.ts', 'node dist/main.js && echo done', 'node', 'NODE_ENV=x node dist/main.js'])(
    'rejects %j, which it could not measure as one Node process',
    (command) => {
      const root = workspaceWithSynth({ command });
      expect(() => appSynthCommand(root, 'dev')).toThrow(
        `apps/dev: synth command '${command}' is not a plain 'node [flags] <script>' command the bench can measure`,
      );
    },
  );
});
