import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SampledProcess } from './proc-sampler';

/** One Node process of a measured command, as written by hooks/report-process. */
export interface ProcessRecord {
  readonly pid: number;
  readonly ppid: number;
  /** `process.argv[1]`: the script the process runs. */
  readonly script: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly startedAt: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Peak resident set size in KiB. */
  readonly maxRssKiB: number;
  readonly exitCode: number;
}

/** What a Node process is, from its script path. */
export type ProcessKind =
  'jest-worker' | 'jest' | 'tsc' | 'eslint' | 'prettier' | 'nx' | 'npm' | 'synth' | 'ts-node' | 'other';

const KINDS: ReadonlyArray<readonly [ProcessKind, RegExp]> = [
  ['jest-worker', /jest-worker\/build\/(?:workers\/)?processChild\.js$/],
  ['jest', /(?:\/jest(?:-cli)?\/bin\/jest(?:\.js)?|\/\.bin\/jest)$/],
  ['tsc', /(?:\/typescript\/bin\/tsc|\/\.bin\/tsc)$/],
  ['eslint', /(?:\/eslint\/bin\/eslint\.js|\/\.bin\/eslint)$/],
  ['prettier', /(?:\/prettier\/bin\/prettier\.cjs|\/\.bin\/prettier)$/],
  ['nx', /(?:\/nx\/(?:dist\/)?(?:bin|src)\/.+\.js|\/\.bin\/nx)$/],
  ['npm', /(?:\/npm\/bin\/npm-cli\.js|\/npm)$/],
  ['ts-node', /\/ts-node\/dist\/bin[\w-]*\.js$/],
  ['synth', /\/apps\/[\w.-]+\/dist\/main\.js$/],
];

/** Classifies a process by its script path. */
export function processKind(script: string): ProcessKind {
  const path = script.split('\\').join('/');
  for (const [kind, pattern] of KINDS) {
    if (pattern.test(path)) {
      return kind;
    }
  }
  return 'other';
}

/** Parses the JSON lines of a report file; a truncated last line (killed process) is skipped. */
export function parseProcessReport(text: string): ProcessRecord[] {
  const records: ProcessRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    try {
      records.push(JSON.parse(line) as ProcessRecord);
    } catch {
      // a process killed mid-write leaves a partial line: ignore it
    }
  }
  return records;
}

/** Reads a report file; no file means no Node process exited normally. */
export function readProcessReport(file: string): ProcessRecord[] {
  return existsSync(file) ? parseProcessReport(readFileSync(file, 'utf8')) : [];
}

/** Per-kind totals of a measured command's Node processes. */
export interface KindSummary {
  readonly kind: ProcessKind;
  readonly processes: number;
  /** Sum of the processes' wall times (processes overlap: Nx runs tasks in parallel). */
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Largest peak RSS of one process of this kind, KiB. */
  readonly maxRssKiB: number;
}

/** Groups records by {@link processKind}, largest CPU time first. */
export function summarizeByKind(records: readonly ProcessRecord[]): KindSummary[] {
  const byKind = new Map<ProcessKind, KindSummary>();
  for (const record of records) {
    const kind = processKind(record.script);
    const previous = byKind.get(kind) ?? { kind, processes: 0, wallMs: 0, cpuMs: 0, maxRssKiB: 0 };
    byKind.set(kind, {
      kind,
      processes: previous.processes + 1,
      wallMs: previous.wallMs + record.wallMs,
      cpuMs: previous.cpuMs + record.cpuMs,
      maxRssKiB: Math.max(previous.maxRssKiB, record.maxRssKiB),
    });
  }
  return [...byKind.values()].sort((a, b) => b.cpuMs - a.cpuMs);
}

/** One process of a composite command, for the "slowest processes" list. */
export interface ProcessSummary {
  readonly kind: ProcessKind;
  /** Working directory relative to the workspace root (the Nx project for run-commands targets). */
  readonly project: string;
  /** First arguments, e.g. `-b tsconfig.spec.json`. */
  readonly args: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssKiB: number;
}

/** The `limit` longest-running processes (npm and the Nx orchestrator excluded: they span the run). */
export function slowestProcesses(
  records: readonly ProcessRecord[],
  workspaceRoot: string,
  limit = 10,
): ProcessSummary[] {
  const rootPrefix = workspaceRoot.endsWith('/') ? workspaceRoot : `${workspaceRoot}/`;
  return records
    .map((record) => ({ record, kind: processKind(record.script) }))
    .filter(({ record, kind }) => kind !== 'npm' && !(kind === 'nx' && /\/nx(\.js)?$/.test(record.script)))
    .sort((a, b) => b.record.wallMs - a.record.wallMs)
    .slice(0, limit)
    .map(({ record, kind }) => ({
      kind,
      project: record.cwd.startsWith(rootPrefix)
        ? record.cwd.slice(rootPrefix.length)
        : record.cwd === workspaceRoot
          ? '.'
          : record.cwd,
      args: kind === 'nx' ? '' : record.args.slice(0, 3).join(' '),
      wallMs: record.wallMs,
      cpuMs: record.cpuMs,
      maxRssKiB: record.maxRssKiB,
    }));
}

/** Peak RSS of the jest processes (main and workers) of one project. */
export interface JestMemory {
  /** Project folder relative to the workspace root (the jest process's cwd). */
  readonly project: string;
  /** Peak RSS of the jest main process, KiB (it runs the tests itself when jest runs in band). */
  readonly mainKiB: number;
  /** Largest peak RSS among the project's jest workers, KiB; 0 when jest ran in band. */
  readonly workerKiB: number;
  readonly workers: number;
}

/** Jest memory per project, from the records of a test run. */
export function jestMemory(records: readonly ProcessRecord[], workspaceRoot: string): JestMemory[] {
  const byProject = new Map<string, { mainKiB: number; workerKiB: number; workers: number }>();
  const rootPrefix = workspaceRoot.endsWith('/') ? workspaceRoot : `${workspaceRoot}/`;
  for (const record of records) {
    const kind = processKind(record.script);
    // a jest run is started in its project; a process outside the workspace is a test's own child
    if ((kind !== 'jest' && kind !== 'jest-worker') || !record.cwd.startsWith(rootPrefix)) {
      continue;
    }
    const project = record.cwd.slice(rootPrefix.length);
    const entry = byProject.get(project) ?? { mainKiB: 0, workerKiB: 0, workers: 0 };
    if (kind === 'jest') {
      entry.mainKiB = Math.max(entry.mainKiB, record.maxRssKiB);
    } else {
      entry.workerKiB = Math.max(entry.workerKiB, record.maxRssKiB);
      entry.workers += 1;
    }
    byProject.set(project, entry);
  }
  return [...byProject.entries()]
    .map(([project, entry]) => ({ project, ...entry }))
    .sort((a, b) => Math.max(b.mainKiB, b.workerKiB) - Math.max(a.mainKiB, a.workerKiB));
}

/** The compiled exit-report hook (dist/hooks/report-process.js). */
export const REPORT_HOOK = join(__dirname, 'hooks', 'report-process.js');

/**
 * The environment that makes every Node descendant append its record to `reportFile`: the hook is
 * added to NODE_OPTIONS (kept), which child processes inherit.
 */
export function processReportEnv(
  reportFile: string,
  env: NodeJS.ProcessEnv = process.env,
  hook: string = REPORT_HOOK,
): NodeJS.ProcessEnv {
  const quoted = /\s/.test(hook) ? `"${hook}"` : hook;
  const options = [env.NODE_OPTIONS, `--require ${quoted}`].filter(Boolean).join(' ');
  return { ...env, NODE_OPTIONS: options, ICELOG_BENCH_REPORT: reportFile };
}

/**
 * The exit records completed with /proc samples: a sampled Node process that wrote no record (killed
 * by a signal) is added with its sampled peak, and a record whose sampled VmHWM is higher (it cannot
 * be, but the kernel's figure wins) takes it. Wall and CPU time are 0 for sampled-only processes.
 */
export function withSampled(
  records: readonly ProcessRecord[],
  sampled: readonly SampledProcess[],
): ProcessRecord[] {
  const byPid = new Map(records.map((record) => [record.pid, record]));
  for (const process of sampled) {
    const script = process.argv[1] ?? '';
    if (!isNodeProcess(process)) {
      continue;
    }
    const reported = byPid.get(process.pid);
    if (reported === undefined) {
      byPid.set(process.pid, {
        pid: process.pid,
        ppid: 0,
        script,
        args: process.argv.slice(2, 6),
        cwd: process.cwd,
        startedAt: 0,
        wallMs: 0,
        cpuMs: 0,
        maxRssKiB: process.vmHwmKiB,
        exitCode: -1,
      });
    } else if (process.vmHwmKiB > reported.maxRssKiB) {
      byPid.set(process.pid, { ...reported, maxRssKiB: process.vmHwmKiB });
    }
  }
  return [...byPid.values()];
}

function isNodeProcess(process: SampledProcess): boolean {
  return /(^|\/)node$/.test(process.argv[0] ?? '');
}

/** CPU and memory of the processes that are not Node (terraform and its provider, nginx, jq, git…). */
export interface ExternalSummary {
  /** Executable name, e.g. `terraform`. */
  readonly name: string;
  readonly processes: number;
  /** CPU time at the last sample, summed, ms (a lower bound). */
  readonly cpuMs: number;
  readonly maxRssKiB: number;
}

/**
 * Groups the sampled processes that are not Node by executable, most CPU first; shells, processes
 * without argv and `nodePids` (Node processes that renamed themselves, like npm) are left out.
 */
export function summarizeExternal(
  sampled: readonly SampledProcess[],
  nodePids: ReadonlySet<number> = new Set(),
): ExternalSummary[] {
  const byName = new Map<string, ExternalSummary>();
  for (const process of sampled) {
    if (isNodeProcess(process) || nodePids.has(process.pid) || process.argv.length === 0) {
      continue;
    }
    const name = executableName(process.argv[0]);
    if (['sh', 'bash', 'dash'].includes(name)) {
      continue;
    }
    const previous = byName.get(name) ?? { name, processes: 0, cpuMs: 0, maxRssKiB: 0 };
    byName.set(name, {
      name,
      processes: previous.processes + 1,
      cpuMs: previous.cpuMs + process.cpuMs,
      maxRssKiB: Math.max(previous.maxRssKiB, process.vmHwmKiB),
    });
  }
  return [...byName.values()].sort((a, b) => b.cpuMs - a.cpuMs);
}

/**
 * The executable of argv[0], also when a process rewrote its title into argv[0]
 * (`nginx: worker process`, `npm run synth`).
 */
export function executableName(argv0: string): string {
  const first = argv0.trim().split(/\s+/)[0] ?? '';
  return (first.split('/').pop() ?? '').replace(/:$/, '');
}
