#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchOptions } from './bench';
import type { CloneSource, NodeModulesMode } from './clone';
import { findWorkspaceRoot } from './environment';
import { PHASES, Phase } from './phases';
import {
  BenchReport,
  breakdownTable,
  budgetLines,
  diagnosisTable,
  jestMemoryTable,
  measurementTable,
} from './report';

/** Exit codes of `icelog-bench`. */
export const EXIT = { pass: 0, miss: 1, error: 2, usage: 64 } as const;

export const USAGE = `Usage: node tools/bench/dist/cli.js [options]

Clones the workspace's HEAD into a temporary folder and measures, with medians over several runs:
synth of each app from built JS and of the naive tutorial-style comparator (ts-node + barrel
import), \`npm run synth\` and \`npm test\` from the clean clone and cached, \`npm test\` after a
one-package source edit and after a README-only edit, and jest's peak memory.
Prints a table with PASS/MISS per budget target and writes it as JSON under .bench/.

Options:
  --runs <n>           runs of each warm measurement (default 5)
  --cold-runs <n>      runs from a clean clone of npm run synth / npm test (default 3)
  --naive-runs <n>     runs of the naive comparator per app (default 3)
  --quick              --runs 3 --cold-runs 1 --naive-runs 1
  --apps <a,b>         apps to synthesize (default dev,prod)
  --only <phases>      comma-separated subset of ${PHASES.join(',')}
  --source <s>         head (default) or worktree (HEAD + uncommitted changes)
  --node-modules <m>   hardlink (default: hard links to the workspace's) or npm-ci
  --max-load <x>       before each phase, wait until the 1-minute load average is ≤ x
  --idle-timeout <s>   longest wait for --max-load (default 900)
  --out <dir>          report folder (default <workspace>/.bench)
  --keep               keep the temporary clone and naive tree
  --report-only        exit 0 even when a target is missed (2 still means an error)
  -h, --help           this help

Exit: 0 every target PASS, 1 a target MISS, 2 a command failed or the comparator differs.`;

/** Parsed command line. */
export interface CliOptions extends Omit<BenchOptions, 'workspaceRoot' | 'log'> {
  readonly reportOnly: boolean;
  readonly help: boolean;
}

/** Parses the command line; throws an Error with a usage message on bad input. */
export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      runs: { type: 'string' },
      'cold-runs': { type: 'string' },
      'naive-runs': { type: 'string' },
      quick: { type: 'boolean', default: false },
      apps: { type: 'string' },
      only: { type: 'string' },
      source: { type: 'string' },
      'node-modules': { type: 'string' },
      'max-load': { type: 'string' },
      'idle-timeout': { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'report-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick === true;
  const phases = values.only === undefined ? undefined : list(values.only, '--only');
  for (const phase of phases ?? []) {
    if (!(PHASES as readonly string[]).includes(phase)) {
      throw new Error(`--only: unknown phase '${phase}' (one of ${PHASES.join(', ')})`);
    }
  }
  return {
    runs: count(values.runs, '--runs') ?? (quick ? 3 : undefined),
    coldRuns: count(values['cold-runs'], '--cold-runs') ?? (quick ? 1 : undefined),
    naiveRuns: count(values['naive-runs'], '--naive-runs') ?? (quick ? 1 : undefined),
    apps: values.apps === undefined ? undefined : list(values.apps, '--apps'),
    phases: phases === undefined ? undefined : new Set(phases as Phase[]),
    source: oneOf<CloneSource>(values.source, '--source', ['head', 'worktree']),
    nodeModules: oneOf<NodeModulesMode>(values['node-modules'], '--node-modules', ['hardlink', 'npm-ci']),
    maxLoad: positive(values['max-load'], '--max-load'),
    idleTimeoutMs:
      values['idle-timeout'] === undefined
        ? undefined
        : (count(values['idle-timeout'], '--idle-timeout') as number) * 1000,
    outDir: values.out === undefined ? undefined : resolve(values.out),
    keep: values.keep === true,
    reportOnly: values['report-only'] === true,
    help: values.help === true,
  };
}

function list(value: string, flag: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) {
    throw new Error(`${flag}: expected a comma-separated list, got '${value}'`);
  }
  return items;
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!/^[1-9]\d*$/.test(value)) {
    throw new Error(`${flag}: expected a whole number ≥ 1, got '${value}'`);
  }
  return Number(value);
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new Error(`${flag}: expected a number > 0, got '${value}'`);
  }
  return number;
}

function oneOf<T extends string>(
  value: string | undefined,
  flag: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`${flag}: expected one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}

/** The text printed at the end of a run. */
export function renderReport(report: BenchReport): string {
  const { environment: env, workspace } = report;
  const sections = [
    `icelog bench ${report.startedAt} — ${workspace.commit.slice(0, 12)} (${workspace.source}), ` +
      `node ${env.node}, ${env.cpus}× ${env.cpuModel}, ${env.memoryGiB} GiB, ` +
      `load ${env.load[0].toFixed(2)} → ${env.load[1].toFixed(2)}, memory probe: ${env.memoryProbe}`,
    measurementTable(report),
  ];
  if (Object.keys(report.hyperfine).length > 0) {
    sections.push(
      `hyperfine cross-check (median): ${Object.entries(report.hyperfine)
        .map(([id, ms]) => `${id} ${ms.toFixed(0)} ms`)
        .join(', ')}`,
    );
  }
  if (report.jestMemory.length > 0) {
    sections.push(`jest peak RSS during npm test (clean clone):\n${jestMemoryTable(report.jestMemory)}`);
  }
  for (const breakdown of report.breakdowns) {
    sections.push(`${breakdown.of}, by process:\n${breakdownTable(breakdown)}`);
  }
  for (const diagnosis of report.diagnoses) {
    sections.push(diagnosisTable(diagnosis));
  }
  sections.push(`budget:\n${budgetLines(report.budget)}`);
  if (report.errors.length > 0) {
    sections.push(`errors:\n${report.errors.map((error) => `  ${error}`).join('\n')}`);
  }
  return sections.join('\n\n');
}

/** Exit code for a finished report. */
export function exitCodeFor(report: BenchReport, reportOnly: boolean): number {
  if (report.errors.length > 0 || report.budget.some((result) => result.verdict === 'ERROR')) {
    return EXIT.error;
  }
  if (!reportOnly && report.budget.some((result) => result.verdict === 'MISS')) {
    return EXIT.miss;
  }
  return EXIT.pass;
}

/** Writes `bench-<timestamp>.json`, `latest.json` and `latest.md` into `outDir`; returns the JSON path. */
export function writeReport(report: BenchReport, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = join(outDir, `bench-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(outDir, 'latest.json'), json);
  writeFileSync(
    join(outDir, 'latest.md'),
    `${measurementTable(report, true)}\n\n${report.jestMemory.length > 0 ? `${jestMemoryTable(report.jestMemory, true)}\n` : ''}`,
  );
  return file;
}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`icelog-bench: ${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.pass;
  }
  const workspaceRoot = findWorkspaceRoot(process.env.INIT_CWD ?? process.cwd());
  // loaded only now: it needs the TypeScript compiler, which --help and usage errors do not
  const { runBench } = await import('./bench.js');
  const report = await runBench({ ...options, workspaceRoot });
  process.stdout.write(`\n${renderReport(report)}\n`);
  const file = writeReport(report, options.outDir ?? join(workspaceRoot, '.bench'));
  process.stdout.write(`\nreport: ${file}\n`);
  return exitCodeFor(report, options.reportOnly);
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`icelog-bench: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = EXIT.error;
    },
  );
}
