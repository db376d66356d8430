import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** One process seen by the sampler. */
export interface SampledProcess {
  readonly pid: number;
  /** argv, NUL-split from /proc/<pid>/cmdline. */
  readonly argv: readonly string[];
  /** Working directory (/proc/<pid>/cwd). */
  readonly cwd: string;
  /** Largest VmHWM (peak RSS) seen, KiB. */
  readonly vmHwmKiB: number;
  /** User + system CPU time at the last sample, ms (what it used after that is missed). */
  readonly cpuMs: number;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on every Linux build in use). */
const USER_HZ = 100;

/** Whether /proc sampling works here (Linux). */
export function procAvailable(): boolean {
  return existsSync('/proc/self/status');
}

/** Parses the VmHWM line of /proc/<pid>/status, KiB; undefined when absent (kernel threads). */
export function parseVmHwm(status: string): number | undefined {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return match === null ? undefined : Number(match[1]);
}

/** Parent pid from /proc/<pid>/stat (the field after the state, after the last ')'). */
export function parseParentPid(stat: string): number | undefined {
  const fields = statFields(stat);
  const ppid = Number(fields[1]);
  return fields.length > 1 && Number.isInteger(ppid) ? ppid : undefined;
}

/** User + system CPU time from /proc/<pid>/stat (utime and stime, fields 14 and 15), ms. */
export function parseCpuMs(stat: string): number | undefined {
  const fields = statFields(stat);
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / USER_HZ : undefined;
}

/** The fields after `pid (comm) `: state, ppid, pgrp, … (comm may hold spaces and parentheses). */
function statFields(stat: string): string[] {
  const close = stat.lastIndexOf(')');
  return close < 0 ? [] : stat.slice(close + 2).split(' ');
}

/**
 * Samples the peak RSS (VmHWM) of every descendant of a process from /proc, every `intervalMs`.
 * VmHWM is the kernel's own high-water mark, so a sample misses only what a process grew in its
 * last interval. Used to cross-check the exit reports (a process killed by a signal writes none).
 */
export class ProcessTreeSampler {
  private readonly seen = new Map<number, SampledProcess>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rootPid: number,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops sampling and returns every process seen. */
  stop(): SampledProcess[] {
    if (this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    return [...this.seen.values()];
  }

  /** Takes one sample now. */
  sample(): void {
    const children = new Map<number, number[]>();
    const stats = new Map<number, string>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) {
        continue;
      }
      const stat = readOrEmpty(`/proc/${entry}/stat`);
      const ppid = parseParentPid(stat);
      if (ppid !== undefined) {
        stats.set(Number(entry), stat);
        const list = children.get(ppid) ?? [];
        list.push(Number(entry));
        children.set(ppid, list);
      }
    }
    const pending = [this.rootPid];
    while (pending.length > 0) {
      const pid = pending.pop() as number;
      pending.push(...(children.get(pid) ?? []));
      const hwm = parseVmHwm(readOrEmpty(`/proc/${pid}/status`));
      if (hwm === undefined) {
        continue;
      }
      const previous = this.seen.get(pid);
      // read again each time: `#!/usr/bin/env node` scripts start as `env` and exec node
      const argv = readOrEmpty(`/proc/${pid}/cmdline`).split('\0').filter(Boolean);
      const cwd = linkOrEmpty(`/proc/${pid}/cwd`);
      const cpuMs = parseCpuMs(stats.get(pid) ?? '') ?? 0;
      this.seen.set(pid, {
        pid,
        argv: argv.length > 0 ? argv : (previous?.argv ?? []),
        cwd: cwd !== '' ? cwd : (previous?.cwd ?? ''),
        vmHwmKiB: Math.max(hwm, previous?.vmHwmKiB ?? 0),
        cpuMs: Math.max(cpuMs, previous?.cpuMs ?? 0),
      });
    }
  }
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process exited between listing and reading
  }
}

function linkOrEmpty(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}
