// @ts-check
/**
 * Every `bin` of every workspace package, one `npx` away from the workspace root. npm links a
 * workspace bin only when its target file exists at install time, and ours are build outputs
 * (`dist/…`), so `npx icelog-smoke` would ask the registry instead. After install (root `postinstall`),
 * {@link linkBins} writes a small launcher per bin into `node_modules/.bin`; the launcher builds the
 * package with Nx when its output is missing or older than its sources (or a workspace dependency's),
 * then runs it. New packages and bins are picked up from the workspaces' package.json files.
 */
const { spawnSync } = require('node:child_process');
const {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} = require('node:fs');
const { join, relative, resolve } = require('node:path');

const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * @typedef {{ name: string, dir: string, project: string, bins: Record<string, string>,
 *   dependencies: string[] }} WorkspacePackage
 */

/**
 * @param {string} file
 * @returns {any}
 */
function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The workspace packages (from the root package.json `workspaces` globs of the form `dir/*`).
 * @param {string} [root]
 * @returns {WorkspacePackage[]}
 */
function workspacePackages(root = WORKSPACE_ROOT) {
  /** @type {string[]} */
  const patterns = readJson(join(root, 'package.json')).workspaces ?? [];
  /** @type {WorkspacePackage[]} */
  const packages = [];
  for (const pattern of patterns) {
    if (!pattern.endsWith('/*')) throw new Error(`workspace pattern ${pattern}: only "<dir>/*" is supported`);
    const parent = join(root, pattern.slice(0, -2));
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent).sort()) {
      const dir = join(parent, entry);
      if (!existsSync(join(dir, 'package.json'))) continue;
      const pkg = readJson(join(dir, 'package.json'));
      const projectJson = join(dir, 'project.json');
      const project = existsSync(projectJson) ? readJson(projectJson).name : (pkg.nx?.name ?? pkg.name);
      const bins =
        typeof pkg.bin === 'string' ? { [pkg.name.replace(/^@[^/]+\//, '')]: pkg.bin } : (pkg.bin ?? {});
      packages.push({
        name: pkg.name,
        dir: relative(root, dir),
        project,
        bins,
        dependencies: Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }),
      });
    }
  }
  return packages;
}

/**
 * The launcher written to node_modules/.bin/<bin>.
 * @param {WorkspacePackage} pkg
 * @param {string} bin
 * @returns {string}
 */
function launcherSource(pkg, bin) {
  return [
    '#!/usr/bin/env node',
    `// Written by tools/ci (npm postinstall): runs the workspace bin "${bin}" of ${pkg.dir},`,
    '// building it with Nx first when its output is missing or older than its sources.',
    `require('../../tools/ci/src/workspace-bins.cjs').launch(${JSON.stringify(pkg.dir)}, ${JSON.stringify(bin)});`,
    '',
  ].join('\n');
}

/**
 * Writes a launcher for every workspace bin into `<root>/node_modules/.bin` (replacing whatever npm
 * put there: a symlink is removed first, never written through). Returns the bin names.
 * @param {string} [root]
 * @returns {string[]}
 */
function linkBins(root = WORKSPACE_ROOT) {
  const binDir = join(root, 'node_modules', '.bin');
  mkdirSync(binDir, { recursive: true });
  const linked = [];
  for (const pkg of workspacePackages(root)) {
    for (const bin of Object.keys(pkg.bins)) {
      const file = join(binDir, bin);
      rmSync(file, { force: true });
      writeFileSync(file, launcherSource(pkg, bin));
      chmodSync(file, 0o755);
      linked.push(bin);
    }
  }
  return linked.sort();
}

/**
 * Newest modification time (ms) of the files under `dir`, 0 when there are none.
 * @param {string} dir
 * @returns {number}
 */
function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether the bin's target must be (re)built: missing, or older than the sources (src/, package.json,
 * tsconfig files) of its package or of a workspace package it depends on.
 * @param {WorkspacePackage[]} packages
 * @param {WorkspacePackage} pkg
 * @param {string} target absolute path of the bin's file
 * @param {string} [root]
 * @returns {boolean}
 */
function isStale(packages, pkg, target, root = WORKSPACE_ROOT) {
  if (!existsSync(target)) return true;
  const built = statSync(target).mtimeMs;
  const byName = new Map(packages.map((p) => [p.name, p]));
  const seen = new Set();
  const queue = [pkg];
  while (queue.length > 0) {
    const p = /** @type {WorkspacePackage} */ (queue.shift());
    if (seen.has(p.name)) continue;
    seen.add(p.name);
    const dir = join(root, p.dir);
    const configs = readdirSync(dir).filter((f) => f === 'package.json' || /^tsconfig.*\.json$/.test(f));
    const newest = Math.max(
      newestMtime(join(dir, 'src')),
      ...configs.map((f) => statSync(join(dir, f)).mtimeMs),
    );
    if (newest > built) return true;
    for (const dep of p.dependencies) {
      const next = byName.get(dep);
      if (next) queue.push(next);
    }
  }
  return false;
}

/**
 * Runs workspace bin `bin` of the package in `dir` with this process's arguments; builds it first
 * (`nx run <project>:build`, output on stderr) when stale. Exits with the bin's exit code.
 * @param {string} dir package directory relative to the workspace root
 * @param {string} bin
 */
function launch(dir, bin) {
  const packages = workspacePackages();
  const pkg = packages.find((p) => p.dir === dir);
  if (!pkg || !pkg.bins[bin]) {
    process.stderr.write(`${bin}: no longer a bin of ${dir}; run npm install to refresh node_modules/.bin\n`);
    process.exit(1);
  }
  const target = join(WORKSPACE_ROOT, dir, pkg.bins[bin]);
  if (isStale(packages, pkg, target)) {
    process.stderr.write(
      `${bin}: building ${pkg.project} (nx run ${pkg.project}:build) before the first run…\n`,
    );
    const nx = require.resolve('nx/bin/nx.js', { paths: [WORKSPACE_ROOT] });
    const build = spawnSync(process.execPath, [nx, 'run', `${pkg.project}:build`, '--output-style=stream'], {
      cwd: WORKSPACE_ROOT,
      stdio: ['ignore', 2, 2],
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...process.env },
    });
    if (build.status !== 0 || !existsSync(target)) {
      process.stderr.write(`${bin}: the build of ${pkg.project} failed; see above\n`);
      process.exit(1);
    }
    // tsc may leave an unchanged output untouched: mark it current so the next run starts at once.
    const now = new Date();
    utimesSync(target, now, now);
  }
  // The bin handles Ctrl-C itself (it gets the signal too); this process waits for its exit code.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  const run = spawnSync(process.execPath, [target, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? (run.signal ? 128 : 1));
}

if (require.main === module) {
  const linked = linkBins();
  console.log(`workspace bins in node_modules/.bin: ${linked.join(', ')}`);
}

module.exports = { WORKSPACE_ROOT, workspacePackages, linkBins, launcherSource, isStale, launch };
