import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { cleanClone, linkTree, prepareClone } from '../src/clone';
import { tempDir } from './helpers';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  });

/** A committed repo with node_modules (a file and a workspace symlink), then uncommitted edits. */
function workspace(): string {
  const root = tempDir();
  git(root, 'init', '--quiet');
  writeFileSync(join(root, '.gitignore'), 'node_modules/\ndist/\n');
  mkdirSync(join(root, 'packages', 'core'), { recursive: true });
  writeFileSync(join(root, 'packages', 'core', 'index.ts'), 'committed\n');
  writeFileSync(join(root, 'gone.ts'), 'committed\n');
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'initial');
  mkdirSync(join(root, 'node_modules', 'cdktf'), { recursive: true });
  mkdirSync(join(root, 'node_modules', '@icelog'));
  writeFileSync(join(root, 'node_modules', 'cdktf', 'index.js'), 'module.exports = 1;\n');
  symlinkSync('../../packages/core', join(root, 'node_modules', '@icelog', 'core'));
  writeFileSync(join(root, 'packages', 'core', 'index.ts'), 'edited\n');
  writeFileSync(join(root, 'untracked.ts'), 'new\n');
  rmSync(join(root, 'gone.ts'));
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'dist', 'ignored.js'), 'build output\n');
  return root;
}

describe('prepareClone', () => {
  it('clones HEAD only, without build output, with node_modules hard-linked', () => {
    const root = workspace();
    const dir = join(tempDir(), 'clone');
    const clone = prepareClone({ workspaceRoot: root, dir });

    expect(clone).toEqual({
      dir,
      commit: git(root, 'rev-parse', 'HEAD').trim(),
      source: 'head',
      nodeModules: 'hardlink',
      overlaid: 0,
    });
    expect(readFileSync(join(dir, 'packages', 'core', 'index.ts'), 'utf8')).toBe('committed\n');
    expect(existsSync(join(dir, 'gone.ts'))).toBe(true);
    expect(existsSync(join(dir, 'untracked.ts'))).toBe(false);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    const file = join('node_modules', 'cdktf', 'index.js');
    expect(statSync(join(dir, file)).ino).toBe(statSync(join(root, file)).ino);
    expect(readlinkSync(join(dir, 'node_modules', '@icelog', 'core'))).toBe('../../packages/core');
    expect(readFileSync(join(dir, 'node_modules', '@icelog', 'core', 'index.ts'), 'utf8')).toBe(
      'committed\n',
    );
  });

  it('overlays modified, untracked and deleted files with source worktree', () => {
    const root = workspace();
    const dir = join(tempDir(), 'clone');
    const clone = prepareClone({ workspaceRoot: root, dir, source: 'worktree' });

    expect(clone.overlaid).toBe(3);
    expect(readFileSync(join(dir, 'packages', 'core', 'index.ts'), 'utf8')).toBe('edited\n');
    expect(readFileSync(join(dir, 'untracked.ts'), 'utf8')).toBe('new\n');
    expect(existsSync(join(dir, 'gone.ts'))).toBe(false);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expect(clone.commit).toBe(git(root, 'rev-parse', 'HEAD').trim());
  });

  it('keeps the overlaid files through cleanClone (they are committed in the clone)', () => {
    const root = workspace();
    const dir = join(tempDir(), 'clone');
    prepareClone({ workspaceRoot: root, dir, source: 'worktree' });

    cleanClone(dir);

    expect(readFileSync(join(dir, 'untracked.ts'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(dir, 'packages', 'core', 'index.ts'), 'utf8')).toBe('edited\n');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

describe('cleanClone', () => {
  it('removes ignored and untracked files but keeps node_modules', () => {
    const root = workspace();
    const dir = join(tempDir(), 'clone');
    prepareClone({ workspaceRoot: root, dir });
    mkdirSync(join(dir, '.nx', 'cache'), { recursive: true });
    writeFileSync(join(dir, '.nx', 'cache', 'entry'), 'cached\n');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'main.js'), 'built\n');

    cleanClone(dir);

    expect(existsSync(join(dir, '.nx'))).toBe(false);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules', 'cdktf', 'index.js'))).toBe(true);
    expect(existsSync(join(dir, 'packages', 'core', 'index.ts'))).toBe(true);
  });
});

describe('linkTree', () => {
  it('hard-links files and re-creates symlinks as they are', () => {
    const source = tempDir();
    mkdirSync(join(source, 'a', 'b'), { recursive: true });
    writeFileSync(join(source, 'a', 'b', 'f.js'), 'x');
    symlinkSync('b/f.js', join(source, 'a', 'link.js'));
    const target = join(tempDir(), 'copy');

    linkTree(source, target);

    expect(statSync(join(target, 'a', 'b', 'f.js')).ino).toBe(statSync(join(source, 'a', 'b', 'f.js')).ino);
    expect(readlinkSync(join(target, 'a', 'link.js'))).toBe('b/f.js');
  });
});
