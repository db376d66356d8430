import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { readBarrelNamespaces } from './provider-barrel';
import { rewriteImports } from './rewrite-imports';

/**
 * The tsconfig.json of `cdktf init --template=typescript` (cdktf-cli 0.21,
 * `bundle/templates/typescript/tsconfig.json`), with one change: `target`/`lib` ES2022 instead of
 * ES2018, because our sources use ES2019+ library calls (`Array.prototype.flatMap`). Type-checking
 * stays on, as in the tutorial.
 */
export const TUTORIAL_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ['es2022'],
    module: 'CommonJS',
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: 'ES2022',
    incremental: true,
    skipLibCheck: true,
  },
  include: ['**/*.ts'],
  exclude: ['node_modules', 'cdktf.out'],
} as const;

/** Options of {@link generateNaiveApps}. */
export interface NaiveAppsOptions {
  /** Workspace whose sources are copied (a checkout with node_modules). */
  readonly workspaceRoot: string;
  /** Empty or missing folder that receives the naive tree. */
  readonly outDir: string;
  /** App folders under `apps/` to generate, e.g. `['dev', 'prod']`. */
  readonly apps: readonly string[];
  /**
   * node_modules the naive tree links to.
   * @default '<workspaceRoot>/node_modules'
   */
  readonly nodeModules?: string;
}

/** The generated tree. */
export interface NaiveApps {
  /** Root of the naive tree (holds tsconfig.json and the node_modules link). */
  readonly root: string;
  readonly tsconfig: string;
  /** Entry file (`apps/<app>/src/main.ts`) of each app, absolute. */
  readonly entries: Readonly<Record<string, string>>;
  /** Workspace projects copied, as paths relative to the workspace root. */
  readonly projects: readonly string[];
  /** TypeScript files written. */
  readonly files: number;
  /** Deep provider imports rewritten into barrel aliases. */
  readonly providerImports: number;
  /** Workspace imports rewritten into relative paths. */
  readonly workspaceImports: number;
}

interface WorkspaceProject {
  readonly dir: string;
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly sourceExports: ReadonlyMap<string, string>;
}

/**
 * Builds the tutorial-style twin of each app: the app's `src` and the `src` of every workspace
 * package it depends on (transitively, through package.json `dependencies`) copied side by side,
 * with deep provider imports turned into barrel imports and `@icelog/*` imports into relative paths,
 * plus the tutorial tsconfig.json. Run an entry with `ts-node` (type-checking on).
 */
export function generateNaiveApps(options: NaiveAppsOptions): NaiveApps {
  const projects = readWorkspaceProjects(options.workspaceRoot);
  const byName = new Map(projects.map((project) => [project.name, project]));
  const copied = new Set<WorkspaceProject>();
  const entries: Record<string, string> = {};

  for (const app of options.apps) {
    const appProject = projects.find((project) => project.dir === `apps/${app}`);
    if (appProject === undefined) {
      throw new Error(`no workspace project at apps/${app}`);
    }
    const pending = [appProject];
    while (pending.length > 0) {
      const project = pending.pop() as WorkspaceProject;
      if (copied.has(project)) {
        continue;
      }
      copied.add(project);
      for (const dependency of project.dependencies) {
        const next = byName.get(dependency);
        if (next !== undefined) {
          pending.push(next);
        }
      }
    }
    entries[app] = join(options.outDir, 'apps', app, 'src', 'main.ts');
  }

  const specifiers = new Map<string, string>();
  for (const project of copied) {
    for (const [subpath, file] of project.sourceExports) {
      const specifier = subpath === '.' ? project.name : `${project.name}/${subpath.replace(/^\.\//, '')}`;
      specifiers.set(specifier, join(options.outDir, project.dir, file).replace(/\.ts$/, ''));
    }
  }

  const nodeModules = options.nodeModules ?? join(options.workspaceRoot, 'node_modules');
  const context = {
    providerNamespaces: readBarrelNamespaces(join(nodeModules, '@cdktf', 'provider-aws')),
    resolveWorkspace: (specifier: string) => specifiers.get(specifier),
  };
  let files = 0;
  let providerImports = 0;
  let workspaceImports = 0;
  for (const project of [...copied].sort((a, b) => a.dir.localeCompare(b.dir))) {
    const sourceDir = join(options.workspaceRoot, project.dir, 'src');
    for (const file of listFiles(sourceDir)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) {
        continue;
      }
      const target = join(options.outDir, project.dir, 'src', relative(sourceDir, file));
      const result = rewriteImports(readFileSync(file, 'utf8'), target, context);
      assertNoWorkspaceOrDeepImport(target, result.text);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, result.text);
      files += 1;
      providerImports += result.providerImports;
      workspaceImports += result.workspaceImports;
    }
  }
  for (const [app, entry] of Object.entries(entries)) {
    if (!existsSync(entry)) {
      throw new Error(`apps/${app}/src/main.ts not found in ${options.workspaceRoot}`);
    }
  }

  const tsconfig = join(options.outDir, 'tsconfig.json');
  writeFileSync(tsconfig, `${JSON.stringify(TUTORIAL_TSCONFIG, null, 2)}\n`);
  symlinkSync(nodeModules, join(options.outDir, 'node_modules'), 'dir');
  return {
    root: options.outDir,
    tsconfig,
    entries,
    projects: [...copied].map((project) => project.dir).sort(),
    files,
    providerImports,
    workspaceImports,
  };
}

const LEFTOVER =
  /(?:from|import|require\()\s*\(?\s*'(@icelog\/[^']*|@cdktf\/provider-aws\/lib\/(?!index'|lazy-index')[^']*)'/;

function assertNoWorkspaceOrDeepImport(file: string, text: string): void {
  const match = LEFTOVER.exec(text);
  if (match !== null) {
    throw new Error(`${file}: import of '${match[1]}' survived the rewrite`);
  }
}

/** Workspace projects (`<group>/<name>` folders matched by the root package.json `workspaces`). */
function readWorkspaceProjects(root: string): WorkspaceProject[] {
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    workspaces?: string[];
  };
  const projects: WorkspaceProject[] = [];
  for (const pattern of rootPackage.workspaces ?? []) {
    const match = /^([\w.-]+)\/\*$/.exec(pattern);
    if (match === null) {
      throw new Error(`unsupported workspaces pattern '${pattern}' (expected '<folder>/*')`);
    }
    const group = join(root, match[1]);
    if (!existsSync(group)) {
      continue;
    }
    for (const entry of readdirSync(group).sort()) {
      const packageFile = join(group, entry, 'package.json');
      if (!existsSync(packageFile)) {
        continue;
      }
      const manifest = JSON.parse(readFileSync(packageFile, 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
        exports?: Record<string, unknown>;
      };
      projects.push({
        dir: `${match[1]}/${entry}`,
        name: manifest.name,
        dependencies: Object.keys(manifest.dependencies ?? {}),
        sourceExports: sourceExports(manifest.exports),
      });
    }
  }
  return projects;
}

/** Subpath → source file of each `exports` entry with an `@icelog/source` condition. */
function sourceExports(exportsField: Record<string, unknown> | undefined): Map<string, string> {
  const result = new Map<string, string>();
  for (const [subpath, target] of Object.entries(exportsField ?? {})) {
    if (typeof target === 'object' && target !== null && '@icelog/source' in target) {
      result.set(subpath, String((target as Record<string, unknown>)['@icelog/source']));
    }
  }
  return result;
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      files.push(...listFiles(path));
    } else {
      files.push(path);
    }
  }
  return files;
}
