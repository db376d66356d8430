import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ProcessRecord, REPORT_HOOK, processReportEnv, readProcessReport } from './process-report';
import { ProcessTreeSampler, SampledProcess, procAvailable } from './proc-sampler';

/** GNU time, used for peak RSS when present. */
export const GNU_TIME = '/usr/bin/time';

/** A command to measure. */
export interface CommandSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** How {@link runMeasured} measures peak memory. */
export type MemoryProbe =
  /** `/usr/bin/time -v`: peak RSS of the command's largest process (Linux, GNU time installed). */
  | 'gnu-time'
  /** hooks/report-process in every Node descendant: per-process records, works with Node alone. */
  | 'node-report';

/** Options of {@link runMeasured}. */
export interface RunOptions {
  readonly memory: MemoryProbe;
  /** Folder for the run's log and report files. */
  readonly logDir: string;
  /** Base name of the run's files, e.g. `synth-dev-3`. */
  readonly label: string;
  /**
   * Also sample /proc VmHWM of the process tree (Linux only).
   * @default false
   */
  readonly sampleProcesses?: boolean;
  /**
   * The compiled exit-report hook (`node-report`).
   * @default REPORT_HOOK (dist/hooks/report-process.js)
   */
  readonly reportHook?: string;
}

/** One measured run. */
export interface RunResult {
  readonly label: string;
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Peak RSS of the largest single process of the command, KiB (0 when nothing was measured). */
  readonly peakRssKiB: number;
  /** Node processes that reported at exit (`node-report` only). */
  readonly processes: readonly ProcessRecord[];
  /** Processes seen by /proc sampling (`sampleProcesses` only). */
  readonly sampled: readonly SampledProcess[];
  /** 1-minute load average before and after the run. */
  readonly load: readonly [number, number];
  /** Combined stdout and stderr, written in full to `<logDir>/<label>.log`. */
  readonly logFile: string;
  /** Last lines of the output, for error messages. */
  readonly outputTail: string;
}

/** Runs `spec` once, measuring wall time (from spawn to exit) and peak RSS. */
export async function runMeasured(spec: CommandSpec, options: RunOptions): Promise<RunResult> {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.label}.log`);
  const timeFile = join(options.logDir, `${options.label}.time`);
  const reportFile = join(options.logDir, `${options.label}.processes.jsonl`);
  const baseEnv = spec.env ?? process.env;
  const env =
    options.memory === 'node-report'
      ? processReportEnv(reportFile, baseEnv, options.reportHook ?? REPORT_HOOK)
      : baseEnv;
  const [command, args] =
    options.memory === 'gnu-time'
      ? [GNU_TIME, ['-v', '-o', timeFile, spec.command, ...spec.args]]
      : [spec.command, [...spec.args]];

  const loadBefore = loadavg()[0];
  const chunks: Buffer[] = [];
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler =
    options.sampleProcesses && procAvailable() && child.pid !== undefined
      ? new ProcessTreeSampler(child.pid)
      : undefined;
  sampler?.start();
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, sig) => resolve([code, sig]));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const sampled = sampler?.stop() ?? [];
  const output = Buffer.concat(chunks).toString('utf8');
  writeFileSync(logFile, output);

  const processes = options.memory === 'node-report' ? readProcessReport(reportFile) : [];
  const peakRssKiB =
    options.memory === 'gnu-time'
      ? (parseGnuTimeMaxRss(existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '') ?? 0)
      : Math.max(0, ...processes.map((record) => record.maxRssKiB), ...sampled.map((p) => p.vmHwmKiB));
  return {
    label: options.label,
    wallMs,
    exitCode,
    signal,
    peakRssKiB,
    processes,
    sampled,
    load: [loadBefore, loadavg()[0]],
    logFile,
    outputTail: output.split('\n').slice(-25).join('\n'),
  };
}

/** "Maximum resident set size (kbytes): N" from `/usr/bin/time -v` output, KiB. */
export function parseGnuTimeMaxRss(text: string): number | undefined {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  return match === null ? undefined : Number(match[1]);
}

/** A run failed: its numbers describe a broken command, not the budget. */
export class CommandFailedError extends Error {
  constructor(readonly result: RunResult) {
    super(
      `${result.label} failed (exit ${result.exitCode ?? result.signal}); log: ${result.logFile}\n${result.outputTail}`,
    );
    this.name = 'CommandFailedError';
  }
}

/** Throws {@link CommandFailedError} unless the run exited 0. */
export function assertSucceeded(result: RunResult): RunResult {
  if (result.exitCode !== 0) {
    throw new CommandFailedError(result);
  }
  return result;
}
