import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** How an app synthesizes: the Node arguments and folder of its Nx `synth` target. */
export interface AppCommand {
  /** Arguments after `node`, e.g. `['--max-semi-space-size=1', 'dist/main.js']`. */
  readonly nodeArgs: readonly string[];
  /** Absolute working directory. */
  readonly cwd: string;
  /** The command as written in project.json, for the report. */
  readonly display: string;
}

/** The synth command used when an app's project.json has no `synth` target. */
export const DEFAULT_SYNTH_COMMAND = 'node dist/main.js';

/**
 * Reads `apps/<app>/project.json` → `targets.synth.options.{command,cwd}`, so the bench measures
 * exactly what `nx run <app>:synth` runs, Node flags included. The command must be `node …` without
 * shell syntax; `{projectRoot}` and `{workspaceRoot}` in `cwd` are replaced.
 */
export function appSynthCommand(workspaceRoot: string, app: string): AppCommand {
  const projectRoot = join(workspaceRoot, 'apps', app);
  const file = join(projectRoot, 'project.json');
  const project = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as {
        targets?: { synth?: { options?: { command?: string; cwd?: string } } };
      })
    : {};
  const options = project.targets?.synth?.options ?? {};
  const command = (options.command ?? DEFAULT_SYNTH_COMMAND).trim();
  const [executable, ...nodeArgs] = command.split(/\s+/);
  if (executable !== 'node' || nodeArgs.length === 0 || /[|&;<>()$`"'\\*?]/.test(command)) {
    throw new Error(
      `apps/${app}: synth command '${command}' is not a plain 'node [flags] <script>' command the bench can measure`,
    );
  }
  const cwd = (options.cwd ?? '{projectRoot}')
    .replace('{projectRoot}', projectRoot)
    .replace('{workspaceRoot}', workspaceRoot);
  return { nodeArgs, cwd: resolve(workspaceRoot, cwd), display: command };
}
