import { readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The package a file belongs to: `cdktf`, `@cdktf/provider-aws`, `packages/core`, `node:internal`. */
export function packageOf(file: string, workspaceRoot: string): string {
  const path = file
    .replace(/^file:\/\//, '')
    .split(sep)
    .join('/');
  if (path === '') {
    return '(native)';
  }
  if (path.startsWith('node:')) {
    return 'node (built-in)';
  }
  const marker = path.lastIndexOf('/node_modules/');
  if (marker >= 0) {
    const parts = path.slice(marker + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const root = workspaceRoot.endsWith('/') ? workspaceRoot : `${workspaceRoot}/`;
  if (path.startsWith(root)) {
    return path.slice(root.length).split('/').slice(0, 2).join('/');
  }
  return path;
}

/** What the count-modules hook wrote. */
export interface ModuleReport {
  readonly loadCalls: number;
  readonly maxRssKiB: number;
  readonly uptimeMs: number;
  readonly memory: {
    readonly rss: number;
    readonly heapUsed: number;
    readonly heapTotal: number;
    readonly external: number;
  };
  readonly modules: ReadonlyArray<{ readonly file: string; readonly bytes: number; readonly selfMs: number }>;
}

/** Modules loaded by one package. */
export interface PackageLoad {
  readonly name: string;
  readonly modules: number;
  /** JavaScript compiled, bytes. */
  readonly bytes: number;
  /** Time spent evaluating the package's modules themselves, ms. */
  readonly selfMs: number;
}

/** The module report, per package, largest source first. */
export interface ModuleSummary {
  readonly loadCalls: number;
  readonly modules: number;
  readonly bytes: number;
  readonly loadMs: number;
  readonly uptimeMs: number;
  readonly maxRssKiB: number;
  readonly heapUsedBytes: number;
  readonly packages: readonly PackageLoad[];
  /** The largest modules, for the report. */
  readonly largest: ReadonlyArray<{ readonly file: string; readonly bytes: number; readonly selfMs: number }>;
}

/** Groups a {@link ModuleReport} by package. */
export function summarizeModuleReport(report: ModuleReport, workspaceRoot: string): ModuleSummary {
  const packages = new Map<string, { modules: number; bytes: number; selfMs: number }>();
  for (const module of report.modules) {
    const name = packageOf(module.file, workspaceRoot);
    const entry = packages.get(name) ?? { modules: 0, bytes: 0, selfMs: 0 };
    entry.modules += 1;
    entry.bytes += module.bytes;
    entry.selfMs += module.selfMs;
    packages.set(name, entry);
  }
  const rootPrefix = workspaceRoot.endsWith('/') ? workspaceRoot : `${workspaceRoot}/`;
  return {
    loadCalls: report.loadCalls,
    modules: report.modules.length,
    bytes: report.modules.reduce((sum, module) => sum + module.bytes, 0),
    loadMs: report.modules.reduce((sum, module) => sum + module.selfMs, 0),
    uptimeMs: report.uptimeMs,
    maxRssKiB: report.maxRssKiB,
    heapUsedBytes: report.memory.heapUsed,
    packages: [...packages].map(([name, entry]) => ({ name, ...entry })).sort((a, b) => b.bytes - a.bytes),
    largest: [...report.modules]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 10)
      .map((module) => ({ ...module, file: module.file.replace(rootPrefix, '') })),
  };
}

/** The subset of a V8 `.cpuprofile` the summary reads. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly url: string; readonly functionName: string };
  }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self CPU time of one package (or of a V8 category such as `(garbage collector)`). */
export interface CpuShare {
  readonly name: string;
  readonly selfMs: number;
  /** Share of all samples, 0–1. */
  readonly share: number;
}

/** Self time per package from a CPU profile, largest first. */
export function summarizeCpuProfile(profile: CpuProfile, workspaceRoot: string): CpuShare[] {
  const nameById = new Map<number, string>();
  for (const node of profile.nodes) {
    const { url, functionName } = node.callFrame;
    nameById.set(
      node.id,
      url === '' ? `(${functionName.replace(/^\(|\)$/g, '') || 'native'})` : packageOf(url, workspaceRoot),
    );
  }
  const selfUs = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const name = nameById.get(id) ?? '(unknown)';
    selfUs.set(name, (selfUs.get(name) ?? 0) + delta);
    total += delta;
  });
  return [...selfUs]
    .map(([name, us]) => ({ name, selfMs: us / 1000, share: total === 0 ? 0 : us / total }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

/** Reads the single `.cpuprofile` written into `dir` by `node --cpu-prof --cpu-prof-dir <dir>`. */
export function readCpuProfile(dir: string): CpuProfile {
  const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  if (files.length !== 1) {
    throw new Error(`expected one .cpuprofile in ${dir}, found ${files.length}`);
  }
  return JSON.parse(readFileSync(join(dir, files[0]), 'utf8')) as CpuProfile;
}
