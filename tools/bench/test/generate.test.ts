import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { NaiveApps, TUTORIAL_TSCONFIG, generateNaiveApps } from '../src/naive/generate';
import { WORKSPACE_ROOT, tempDir } from './helpers';

/** Files below `dir`, not following symlinks (the naive tree links node_modules). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      return [];
    }
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function write(root: string, file: string, content: unknown): void {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
}

const sourceExport = { '.': { '@icelog/source': './src/index.ts', default: './dist/index.js' } };

/** A two-package workspace with an app, a package nobody depends on and a one-module provider. */
function fixtureWorkspace(): string {
  const root = tempDir();
  write(root, 'package.json', { workspaces: ['packages/*', 'apps/*'] });
  write(root, 'packages/a/package.json', {
    name: '@icelog/a',
    exports: sourceExport,
    dependencies: { '@icelog/b': '0.1.0', zod: '4' },
  });
  write(
    root,
    'packages/a/src/index.ts',
    "import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\nimport { b } from '@icelog/b';\nexport const a = [S3Bucket, b];\n",
  );
  write(root, 'packages/a/src/index.test.ts', "import { a } from '@icelog/a';\n");
  write(root, 'packages/b/package.json', { name: '@icelog/b', exports: sourceExport });
  write(root, 'packages/b/src/index.ts', 'export const b = 1;\n');
  write(root, 'packages/unused/package.json', { name: '@icelog/unused', exports: sourceExport });
  write(root, 'packages/unused/src/index.ts', 'export const u = 1;\n');
  write(root, 'apps/x/package.json', { name: '@icelog/x', dependencies: { '@icelog/a': '0.1.0' } });
  write(root, 'apps/x/src/main.ts', "import { a } from '@icelog/a';\nconsole.log(a);\n");
  write(
    root,
    'node_modules/@cdktf/provider-aws/lib/index.d.ts',
    "export * as s3Bucket from './s3-bucket';\n",
  );
  return root;
}

describe('generateNaiveApps on a fixture workspace', () => {
  it('copies the app and the packages it depends on, transitively, and rewrites their imports', () => {
    const root = fixtureWorkspace();
    const outDir = join(tempDir(), 'naive');
    const naive = generateNaiveApps({ workspaceRoot: root, outDir, apps: ['x'] });

    expect(naive).toEqual({
      root: outDir,
      tsconfig: join(outDir, 'tsconfig.json'),
      entries: { x: join(outDir, 'apps/x/src/main.ts') },
      projects: ['apps/x', 'packages/a', 'packages/b'],
      files: 3,
      providerImports: 1,
      workspaceImports: 2,
    });
    expect(readFileSync(join(outDir, 'packages/a/src/index.ts'), 'utf8')).toBe(
      "import * as aws from '@cdktf/provider-aws';\nimport S3Bucket = aws.s3Bucket.S3Bucket;\nimport { b } from '../../b/src/index';\nexport const a = [S3Bucket, b];\n",
    );
    expect(readFileSync(join(outDir, 'apps/x/src/main.ts'), 'utf8')).toBe(
      "import { a } from '../../../packages/a/src/index';\nconsole.log(a);\n",
    );
    expect(existsSync(join(outDir, 'packages/a/src/index.test.ts'))).toBe(false);
    expect(existsSync(join(outDir, 'packages/unused'))).toBe(false);
    expect(JSON.parse(readFileSync(naive.tsconfig, 'utf8'))).toEqual(TUTORIAL_TSCONFIG);
    expect(readlinkSync(join(outDir, 'node_modules'))).toBe(join(root, 'node_modules'));
  });

  it('rejects an app that is not a workspace project', () => {
    expect(() =>
      generateNaiveApps({
        workspaceRoot: fixtureWorkspace(),
        outDir: join(tempDir(), 'n'),
        apps: ['missing'],
      }),
    ).toThrow('no workspace project at apps/missing');
  });

  it('rejects an import of a workspace package the app does not depend on', () => {
    const root = fixtureWorkspace();
    write(root, 'apps/x/src/main.ts', "import { u } from '@icelog/unused';\nconsole.log(u);\n");
    const outDir = join(tempDir(), 'naive');
    expect(() => generateNaiveApps({ workspaceRoot: root, outDir, apps: ['x'] })).toThrow(
      `${join(outDir, 'apps/x/src/main.ts')}:1:19: no source file for workspace import '@icelog/unused' in the naive tree`,
    );
  });

  it('rejects workspaces patterns other than <folder>/*', () => {
    const root = fixtureWorkspace();
    write(root, 'package.json', { workspaces: ['packages/**'] });
    expect(() =>
      generateNaiveApps({ workspaceRoot: root, outDir: join(tempDir(), 'n'), apps: ['x'] }),
    ).toThrow("unsupported workspaces pattern 'packages/**' (expected '<folder>/*')");
  });
});

describe('generateNaiveApps on this workspace', () => {
  let outDir: string;
  let naive: NaiveApps;
  let generated: string[];

  beforeAll(() => {
    outDir = join(tempDir(), 'naive');
    naive = generateNaiveApps({ workspaceRoot: WORKSPACE_ROOT, outDir, apps: ['dev', 'prod'] });
    generated = filesUnder(outDir);
  });

  it('copies both apps and the packages they depend on, and no tool', () => {
    expect(naive.projects).toEqual(
      expect.arrayContaining(['apps/dev', 'apps/prod', 'packages/core', 'packages/pipeline']),
    );
    expect(naive.projects.filter((project) => project.startsWith('tools/'))).toEqual([]);
    expect(existsSync(naive.entries.dev)).toBe(true);
    expect(existsSync(naive.entries.prod)).toBe(true);
  });

  it('turns every deep provider import of the sources into a barrel import', () => {
    const deepImports = naive.projects
      .flatMap((project) => filesUnder(join(WORKSPACE_ROOT, project, 'src')))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map(
        (file) => (readFileSync(file, 'utf8').match(/from '@cdktf\/provider-aws\/lib\/[^']+'/g) ?? []).length,
      )
      .reduce((sum, count) => sum + count, 0);
    expect(deepImports).toBeGreaterThan(20);
    expect(naive.providerImports).toBe(deepImports);
    for (const file of generated) {
      const text = readFileSync(file, 'utf8');
      expect({ file, deep: /@cdktf\/provider-aws\/lib\//.test(text) }).toEqual({ file, deep: false });
    }
  });

  it('leaves no @icelog import, and every relative import resolves to a copied file', () => {
    for (const file of generated.filter((path) => path.endsWith('.ts'))) {
      const text = readFileSync(file, 'utf8');
      expect({ file, workspace: /(?:from |require\(|import\()'@icelog\//.test(text) }).toEqual({
        file,
        workspace: false,
      });
      for (const match of text.matchAll(/(?:from |require\(|import\()'(\.{1,2}\/[^']*)'/g)) {
        const target = resolve(dirname(file), match[1]);
        const found = [`${target}.ts`, join(target, 'index.ts')].some((candidate) => existsSync(candidate));
        expect({ file: relative(outDir, file), import: match[1], found }).toEqual({
          file: relative(outDir, file),
          import: match[1],
          found: true,
        });
      }
    }
  });
});
