import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** Which tree the clean clone holds. */
export type CloneSource =
  /** `git clone` of the current HEAD: what CI checks out. */
  | 'head'
  /** HEAD plus the working tree's uncommitted changes (modified, added, untracked-not-ignored, deleted). */
  | 'worktree';

/** How the clone gets its node_modules (never timed). */
export type NodeModulesMode =
  /** Hard links to the workspace's node_modules files (seconds; symlinks copied as they are). */
  | 'hardlink'
  /** A real `npm ci` in the clone (minutes; needs the npm registry). */
  | 'npm-ci';

/** Options of {@link prepareClone}. */
export interface CloneOptions {
  /** The workspace (a git checkout with node_modules). */
  readonly workspaceRoot: string;
  /** Missing folder that receives the clone. */
  readonly dir: string;
  /** @default 'head' */
  readonly source?: CloneSource;
  /** @default 'hardlink' */
  readonly nodeModules?: NodeModulesMode;
}

/** The prepared clone. */
export interface Clone {
  readonly dir: string;
  /** The commit cloned (with `worktree`, the working-tree changes are committed on top of it). */
  readonly commit: string;
  readonly source: CloneSource;
  readonly nodeModules: NodeModulesMode;
  /** Files copied from or deleted as in the working tree (`worktree` only). */
  readonly overlaid: number;
}

/**
 * Clones the workspace's HEAD into `dir` (no build output, no Nx cache, no tsbuildinfo) and gives it
 * node_modules. Hard-linked node_modules keep npm's relative workspace symlinks
 * (`node_modules/@icelog/core -> ../../packages/core`), so they point into the clone.
 */
export function prepareClone(options: CloneOptions): Clone {
  const source = options.source ?? 'head';
  const nodeModules = options.nodeModules ?? 'hardlink';
  const root = options.workspaceRoot;
  git(root, ['clone', '--quiet', root, options.dir]);
  const commit = git(options.dir, ['rev-parse', 'HEAD']).trim();
  let overlaid = 0;
  if (source === 'worktree') {
    const changed = [
      ...nulSeparated(git(root, ['diff', '--name-only', '--no-renames', '-z', 'HEAD'])),
      ...nulSeparated(git(root, ['ls-files', '-z', '--others', '--exclude-standard'])),
    ];
    for (const file of new Set(changed)) {
      const target = join(options.dir, file);
      rmSync(target, { force: true });
      if (existsSync(join(root, file))) {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(join(root, file), target);
      }
      overlaid += 1;
    }
    if (overlaid > 0) {
      // committed, so that cleanClone (git clean) keeps them: it removes every untracked file
      git(options.dir, ['add', '-A']);
      git(options.dir, [
        '-c',
        'user.name=icelog-bench',
        '-c',
        'user.email=icelog-bench@localhost',
        'commit',
        '--quiet',
        '--no-verify',
        '-m',
        'bench: working-tree changes',
      ]);
    }
  }
  if (nodeModules === 'hardlink') {
    linkTree(join(root, 'node_modules'), join(options.dir, 'node_modules'));
  } else {
    const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: options.dir,
      stdio: 'inherit',
    });
    if (result.status !== 0) {
      throw new Error(`npm ci failed in ${options.dir} (exit ${result.status})`);
    }
  }
  return { dir: options.dir, commit, source, nodeModules, overlaid };
}

/**
 * Removes everything git does not track except node_modules (build output, tsbuildinfo, the Nx
 * cache and workspace data, cdktf.out): the state right after a fresh clone and install.
 */
export function cleanClone(dir: string): void {
  git(dir, ['clean', '-fdxq', '-e', 'node_modules']);
}

/**
 * Re-creates `source` at `target` with hard links for files and the same symlinks (copying a file
 * only when hard links are impossible, e.g. across file systems).
 */
export function linkTree(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isSymbolicLink()) {
      symlinkSync(readlinkSync(from), to);
    } else if (entry.isDirectory()) {
      linkTree(from, to);
    } else {
      try {
        linkSync(from, to);
      } catch {
        copyFileSync(from, to);
      }
    }
  }
}

function git(cwd: string, args: readonly string[]): string {
  return execFileSync('git', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function nulSeparated(text: string): string[] {
  return text.split('\0').filter((file) => file !== '');
}
