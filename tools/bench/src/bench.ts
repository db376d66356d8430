import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { BudgetTarget, MeasuredValue, Unit, evaluateBudget, speedBudget } from './budget';
import { Clone, CloneSource, NodeModulesMode, cleanClone, prepareClone } from './clone';
import {
  CpuShare,
  ModuleReport,
  readCpuProfile,
  summarizeCpuProfile,
  summarizeModuleReport,
} from './diagnosis';
import { cleanEnv, ensureScripts, waitForLoad, which } from './environment';
import { generateNaiveApps } from './naive/generate';
import { PHASES, Phase } from './phases';
import { TEST_EDITS, applyEdit } from './edits';
import { AppCommand, appSynthCommand } from './app-command';
import {
  JestMemory,
  jestMemory,
  slowestProcesses,
  summarizeExternal,
  summarizeByKind,
  withSampled,
} from './process-report';
import { BenchReport, Breakdown, Measurement, SynthDiagnosis, mib } from './report';
import { GNU_TIME, MemoryProbe, RunResult, assertSucceeded, runMeasured } from './run';
import { summarize } from './stats';
import { diffJson, readNormalizedStack, stackFile } from './synth-output';

/** Options of {@link runBench}. */
export interface BenchOptions {
  /** Workspace to measure (its HEAD is cloned; nothing in it is written except `outDir`). */
  readonly workspaceRoot: string;
  /** Where the JSON report and run logs go. @default '<workspaceRoot>/.bench' */
  readonly outDir?: string;
  /** Apps under `apps/` to synthesize. @default ['dev', 'prod'] */
  readonly apps?: readonly string[];
  /** Runs of each warm measurement (per-app synth, cached re-runs). @default 5 */
  readonly runs?: number;
  /** Runs of each clean-clone measurement (`npm run synth`, `npm test`). @default 3 */
  readonly coldRuns?: number;
  /** Runs of the naive comparator per app. @default 3 */
  readonly naiveRuns?: number;
  /** Phases to run. @default all of {@link PHASES} */
  readonly phases?: ReadonlySet<Phase>;
  /** @default 'head' */
  readonly source?: CloneSource;
  /** @default 'hardlink' */
  readonly nodeModules?: NodeModulesMode;
  /** Wait before each phase until the 1-minute load average is at most this. @default - no wait */
  readonly maxLoad?: number;
  /** Longest wait for {@link maxLoad}, ms. @default 900000 */
  readonly idleTimeoutMs?: number;
  /** Keep the temporary clone and naive tree. @default false */
  readonly keep?: boolean;
  /** Progress output. @default - to stderr */
  readonly log?: (line: string) => void;
}

interface Context {
  readonly options: Required<Omit<BenchOptions, 'maxLoad'>> & { readonly maxLoad?: number };
  readonly clone: Clone;
  readonly workDir: string;
  readonly logDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly memory: MemoryProbe;
  readonly hyperfine?: string;
  readonly measurements: Measurement[];
  readonly values: Map<string, MeasuredValue>;
  readonly breakdowns: Breakdown[];
  readonly diagnoses: SynthDiagnosis[];
  readonly errors: string[];
  readonly hyperfineMedians: Record<string, number>;
  jestMemory: JestMemory[];
  naive?: BenchReport['naive'];
}

/** Runs the benchmark and returns its report (also the budget verdicts). */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date();
  const resolved = {
    workspaceRoot: options.workspaceRoot,
    outDir: options.outDir ?? join(options.workspaceRoot, '.bench'),
    apps: options.apps ?? ['dev', 'prod'],
    runs: options.runs ?? 5,
    coldRuns: options.coldRuns ?? 3,
    naiveRuns: options.naiveRuns ?? 3,
    phases: options.phases ?? new Set(PHASES),
    source: options.source ?? 'head',
    nodeModules: options.nodeModules ?? 'hardlink',
    maxLoad: options.maxLoad,
    idleTimeoutMs: options.idleTimeoutMs ?? 900_000,
    keep: options.keep ?? false,
    log: options.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
  };
  const log = resolved.log;
  const workDir = mkdtempSync(join(tmpdir(), 'icelog-bench-'));
  const logDir = join(resolved.outDir, 'runs', startedAt.toISOString().replace(/[:.]/g, '-'));
  mkdirSync(logDir, { recursive: true });
  const loadStart = loadavg()[0];

  log(`bench: cloning ${resolved.workspaceRoot} (${resolved.source}) into ${workDir}/clone`);
  const clone = prepareClone({
    workspaceRoot: resolved.workspaceRoot,
    dir: join(workDir, 'clone'),
    source: resolved.source,
    nodeModules: resolved.nodeModules,
  });
  const scripts = ensureScripts(clone.dir, resolved.workspaceRoot);
  const context: Context = {
    options: resolved,
    clone,
    workDir,
    logDir,
    env: isolatedNxEnv(cleanEnv(), clone.dir),
    memory: existsSync(GNU_TIME) ? 'gnu-time' : 'node-report',
    hyperfine: which('hyperfine'),
    measurements: [],
    values: new Map(),
    breakdowns: [],
    diagnoses: [],
    errors: [],
    hyperfineMedians: {},
    jestMemory: [],
  };
  if (scripts.added.length > 0) {
    log(`bench: the cloned package.json lacks scripts ${scripts.added.join(', ')}: added from the workspace`);
  }

  try {
    const phases: Record<Phase, () => Promise<void>> = {
      'npm-synth': () => npmSynthPhase(context),
      synth: () => appSynthPhase(context),
      naive: () => naivePhase(context),
      diagnose: () => diagnosePhase(context),
      'npm-test': () => npmTestPhase(context),
    };
    for (const phase of PHASES) {
      if (!resolved.phases.has(phase)) {
        continue;
      }
      await settle(context, phase);
      try {
        await phases[phase]();
      } catch (error) {
        const message = `${phase}: ${(error as Error).message}`;
        context.errors.push(message);
        log(`bench: ERROR ${message}`);
      }
    }
  } finally {
    if (!resolved.keep) {
      rmSync(workDir, { recursive: true, force: true });
    } else {
      log(`bench: kept ${workDir}`);
    }
  }

  const budget = evaluateBudget(budgetFor(context), context.values);
  return {
    schema: 'icelog-bench/1',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      gnuTime: context.memory === 'gnu-time',
      hyperfine: context.hyperfine !== undefined,
      memoryProbe:
        context.memory === 'gnu-time' ? `${GNU_TIME} -v` : 'process.resourceUsage().maxRSS at exit',
      load: [loadStart, loadavg()[0]],
    },
    workspace: {
      root: resolved.workspaceRoot,
      commit: clone.commit,
      source: clone.source === 'worktree' ? `HEAD + ${clone.overlaid} working-tree changes` : 'HEAD',
      nodeModules: clone.nodeModules === 'hardlink' ? 'hard links to the workspace node_modules' : 'npm ci',
    },
    settings: {
      runs: resolved.runs,
      coldRuns: resolved.coldRuns,
      naiveRuns: resolved.naiveRuns,
      apps: resolved.apps,
    },
    measurements: context.measurements,
    hyperfine: context.hyperfineMedians,
    naive: context.naive,
    jestMemory: context.jestMemory,
    breakdowns: context.breakdowns,
    diagnoses: context.diagnoses,
    budget,
    errors: context.errors,
  };
}

/**
 * Keeps Nx's cache and task database inside the clone. Nx 23 otherwise shares both between all
 * checkouts of a repository under `~/.nx/<workspace id>/`, so a fresh clone would replay the
 * caller's cached tasks and a "cold" run would not be cold (and the bench would fill the caller's
 * cache). Setting either variable turns the sharing off; `cleanClone` then empties both.
 */
export function isolatedNxEnv(env: NodeJS.ProcessEnv, cloneDir: string): NodeJS.ProcessEnv {
  return {
    ...env,
    NX_CACHE_DIRECTORY: join(cloneDir, '.nx', 'cache'),
    NX_WORKSPACE_DATA_DIRECTORY: join(cloneDir, '.nx', 'workspace-data'),
  };
}

function budgetFor(context: Context): BudgetTarget[] {
  return speedBudget(context.options.apps);
}

async function settle(context: Context, phase: string): Promise<void> {
  const { maxLoad, idleTimeoutMs, log } = context.options;
  if (maxLoad === undefined) {
    return;
  }
  let reported = false;
  const load = await waitForLoad(maxLoad, idleTimeoutMs, (current) => {
    if (!reported) {
      log(`bench: ${phase}: waiting for load ≤ ${maxLoad} (now ${current.toFixed(2)})`);
      reported = true;
    }
  });
  if (load > maxLoad) {
    log(`bench: ${phase}: load still ${load.toFixed(2)} after ${idleTimeoutMs / 1000} s; measuring anyway`);
  }
}

/** Records a measurement (and its budget value under the same id). */
function record(
  context: Context,
  id: string,
  description: string,
  unit: Unit,
  samples: readonly number[],
  runs: readonly RunResult[],
  command: string,
): void {
  const loads = runs.flatMap((run) => [...run.load]);
  const measurement: Measurement = {
    id,
    description,
    unit,
    summary: summarize(samples),
    load: [Math.min(...loads), Math.max(...loads)],
    command,
  };
  context.measurements.push(measurement);
  context.values.set(id, { value: measurement.summary.median });
  context.options.log(
    `bench: ${description}: median ${measurement.summary.median.toFixed(unit === 'ms' ? 0 : 1)} ${unit} ` +
      `over ${samples.length} run(s) [${samples.map((sample) => sample.toFixed(0)).join(', ')}]`,
  );
}

function fail(context: Context, ids: readonly string[], error: unknown): void {
  const message = (error as Error).message;
  for (const id of ids) {
    context.values.set(id, { error: message.split('\n')[0] });
  }
  throw error;
}

/** A fresh TMPDIR (jest keeps its transform cache in `<tmpdir>/jest_*`). */
function freshTmp(context: Context, label: string): string {
  const dir = join(context.workDir, 'tmp', label);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function npmRun(
  context: Context,
  script: 'synth' | 'test',
  label: string,
  tmp: string,
): Promise<RunResult> {
  return runMeasured(
    {
      command: 'npm',
      args: script === 'test' ? ['test'] : ['run', script],
      cwd: context.clone.dir,
      env: { ...context.env, TMPDIR: tmp },
    },
    { memory: 'node-report', logDir: context.logDir, label, sampleProcesses: true },
  );
}

async function npmSynthPhase(context: Context): Promise<void> {
  const { coldRuns, runs, log } = context.options;
  const cold: RunResult[] = [];
  const ids = ['npm-synth.cold'];
  let tmp = '';
  for (let run = 1; run <= coldRuns; run += 1) {
    cleanClone(context.clone.dir);
    tmp = freshTmp(context, `npm-synth-cold-${run}`);
    log(`bench: npm run synth, clean clone, run ${run}/${coldRuns}`);
    try {
      cold.push(assertSucceeded(await npmRun(context, 'synth', `npm-synth-cold-${run}`, tmp)));
    } catch (error) {
      fail(context, ids, error);
    }
  }
  record(
    context,
    'npm-synth.cold',
    'npm run synth, clean clone',
    'ms',
    cold.map((r) => r.wallMs),
    cold,
    'npm run synth',
  );
  context.breakdowns.push(breakdown(context, 'npm-synth.cold', cold[cold.length - 1]));

  const warm: RunResult[] = [];
  for (let run = 1; run <= runs; run += 1) {
    warm.push(assertSucceeded(await npmRun(context, 'synth', `npm-synth-warm-${run}`, tmp)));
  }
  record(
    context,
    'npm-synth.warm',
    'npm run synth, Nx cache warm',
    'ms',
    warm.map((r) => r.wallMs),
    warm,
    'npm run synth',
  );
  context.breakdowns.push(breakdown(context, 'npm-synth.warm', warm[warm.length - 1]));
}

function breakdown(context: Context, of: string, run: RunResult): Breakdown {
  const processes = withSampled(run.processes, run.sampled);
  return {
    of,
    kinds: summarizeByKind(processes),
    slowest: slowestProcesses(processes, context.clone.dir),
    external: summarizeExternal(run.sampled, new Set(run.processes.map((record) => record.pid))),
  };
}

/** Builds the apps' synth bundles (untimed) when the npm-synth phase did not run. */
async function ensureBuilt(context: Context): Promise<void> {
  context.options.log('bench: building the apps (untimed)');
  assertSucceeded(await npmRun(context, 'synth', 'build-untimed', freshTmp(context, 'build')));
}

function realOutdir(context: Context, app: string, run: number): string {
  return outdir(context, 'built-js', app, String(run));
}

/** A fresh output folder for one synth (cdktf creates only the last level). */
function outdir(context: Context, ...parts: string[]): string {
  const dir = join(context.workDir, 'out', ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function appSynthPhase(context: Context): Promise<void> {
  const { apps, runs, log } = context.options;
  await ensureBuilt(context);
  for (const app of apps) {
    const ids = [`synth.${app}.wall`, `synth.${app}.rss`];
    const results: RunResult[] = [];
    let synth: AppCommand;
    try {
      synth = appSynthCommand(context.clone.dir, app);
    } catch (error) {
      return fail(context, ids, error);
    }
    const command = `${synth.display} (in apps/${app})`;
    try {
      // run 0 warms the file cache and is not counted
      for (let run = 0; run <= runs; run += 1) {
        const result = assertSucceeded(
          await runMeasured(
            {
              command: process.execPath,
              args: synth.nodeArgs,
              cwd: synth.cwd,
              env: { ...context.env, CDKTF_OUTDIR: realOutdir(context, app, run) },
            },
            { memory: context.memory, logDir: context.logDir, label: `synth-${app}-${run}` },
          ),
        );
        if (run > 0) {
          results.push(result);
        }
      }
    } catch (error) {
      fail(context, ids, error);
    }
    record(
      context,
      ids[0],
      `synth ${app} (built JS), wall`,
      'ms',
      results.map((r) => r.wallMs),
      results,
      command,
    );
    record(
      context,
      ids[1],
      `synth ${app} (built JS), peak RSS`,
      'MiB',
      results.map((r) => mib(r.peakRssKiB)),
      results,
      command,
    );
    if (context.hyperfine !== undefined) {
      const median = await hyperfineMedian(context, app, synth, runs);
      if (median !== undefined) {
        context.hyperfineMedians[`synth.${app}.wall`] = median;
        log(`bench: hyperfine cross-check, synth ${app}: median ${median.toFixed(0)} ms`);
      }
    }
  }
}

async function hyperfineMedian(
  context: Context,
  app: string,
  synth: AppCommand,
  runs: number,
): Promise<number | undefined> {
  const exportFile = join(context.logDir, `hyperfine-${app}.json`);
  const result = await runMeasured(
    {
      command: context.hyperfine as string,
      args: [
        '-N',
        '--warmup',
        '1',
        '--runs',
        String(runs),
        '--export-json',
        exportFile,
        [process.execPath, ...synth.nodeArgs].join(' '),
      ],
      cwd: synth.cwd,
      env: { ...context.env, CDKTF_OUTDIR: outdir(context, 'hyperfine', app) },
    },
    { memory: 'node-report', logDir: context.logDir, label: `hyperfine-${app}` },
  );
  if (result.exitCode !== 0 || !existsSync(exportFile)) {
    context.errors.push(`hyperfine cross-check of ${app} failed; log: ${result.logFile}`);
    return undefined;
  }
  const json = JSON.parse(readFileSync(exportFile, 'utf8')) as { results: Array<{ median: number }> };
  return json.results[0].median * 1000;
}

async function naivePhase(context: Context): Promise<void> {
  const { apps, naiveRuns, log } = context.options;
  await ensureBuilt(context);
  const naiveDir = join(context.workDir, 'naive');
  const ids = apps.flatMap((app) => [`naive.${app}.speedup`, `naive.${app}.leaner`]);
  let naive;
  try {
    naive = generateNaiveApps({ workspaceRoot: context.clone.dir, outDir: naiveDir, apps });
  } catch (error) {
    return fail(context, ids, error);
  }
  log(
    `bench: naive comparator: ${naive.files} files, ${naive.providerImports} deep imports → barrel, ` +
      `${naive.workspaceImports} workspace imports → relative (${naive.projects.join(', ')})`,
  );
  const tsNode = join(context.clone.dir, 'node_modules', 'ts-node', 'dist', 'bin.js');
  const equivalent: Record<string, boolean> = {};
  const differences: Record<string, string[]> = {};
  context.naive = { ...naive, equivalent, differences };
  for (const app of apps) {
    const appIds = [`naive.${app}.speedup`, `naive.${app}.leaner`];
    const results: RunResult[] = [];
    const command = `ts-node --project tsconfig.json apps/${app}/src/main.ts (tutorial tsconfig, type-checking on)`;
    try {
      for (let run = 1; run <= naiveRuns; run += 1) {
        log(`bench: naive ${app}, run ${run}/${naiveRuns}`);
        const naiveOut = outdir(context, 'naive', app, String(run));
        const result = assertSucceeded(
          await runMeasured(
            {
              command: process.execPath,
              args: [tsNode, '--project', naive.tsconfig, naive.entries[app]],
              cwd: naive.root,
              env: { ...context.env, CDKTF_OUTDIR: naiveOut },
            },
            { memory: context.memory, logDir: context.logDir, label: `naive-${app}-${run}` },
          ),
        );
        results.push(result);
        if (run === 1) {
          const stack = `icelog-${app}`;
          const placeholders = [
            { path: context.clone.dir, placeholder: '<workspace>' },
            { path: naive.root, placeholder: '<workspace>' },
            { path: naiveOut, placeholder: '<outdir>' },
            { path: realOutdir(context, app, 1), placeholder: '<outdir>' },
          ];
          const diff = diffJson(
            readNormalizedStack(stackFile(realOutdir(context, app, 1), stack), placeholders),
            readNormalizedStack(stackFile(naiveOut, stack), placeholders),
          );
          equivalent[app] = diff.length === 0;
          differences[app] = diff;
          if (diff.length > 0) {
            throw new Error(
              `the naive comparator's ${stack} differs from the real app's, so the comparison is meaningless:\n  ` +
                diff.join('\n  '),
            );
          }
          log(`bench: naive ${app} synthesizes the same cdk.tf.json as the real app`);
        }
      }
    } catch (error) {
      fail(context, appIds, error);
    }
    const wall = results.map((r) => r.wallMs);
    const rss = results.map((r) => mib(r.peakRssKiB));
    record(
      context,
      `naive.${app}.wall`,
      `naive ${app} (ts-node + barrel), wall`,
      'ms',
      wall,
      results,
      command,
    );
    record(
      context,
      `naive.${app}.rss`,
      `naive ${app} (ts-node + barrel), peak RSS`,
      'MiB',
      rss,
      results,
      command,
    );
    const real = (id: string) => context.measurements.find((m) => m.id === id)?.summary.median;
    const realWall = real(`synth.${app}.wall`);
    const realRss = real(`synth.${app}.rss`);
    const naiveWall = context.measurements.find((m) => m.id === `naive.${app}.wall`)?.summary
      .median as number;
    const naiveRss = context.measurements.find((m) => m.id === `naive.${app}.rss`)?.summary.median as number;
    if (realWall !== undefined && realRss !== undefined) {
      context.values.set(`naive.${app}.speedup`, { value: naiveWall / realWall });
      context.values.set(`naive.${app}.leaner`, { value: naiveRss / realRss });
    }
  }
}

async function diagnosePhase(context: Context): Promise<void> {
  const { apps } = context.options;
  await ensureBuilt(context);
  for (const app of apps) {
    const synth = appSynthCommand(context.clone.dir, app);
    const dir = join(context.workDir, 'diagnose', app);
    const profileDir = join(dir, 'profile');
    mkdirSync(profileDir, { recursive: true });
    const modulesFile = join(dir, 'modules.json');
    assertSucceeded(
      await runMeasured(
        {
          command: process.execPath,
          args: [
            '--require',
            join(__dirname, 'hooks', 'count-modules.js'),
            '--cpu-prof',
            '--cpu-prof-dir',
            profileDir,
            ...synth.nodeArgs,
          ],
          cwd: synth.cwd,
          env: {
            ...context.env,
            CDKTF_OUTDIR: outdir(context, 'diagnose', app),
            ICELOG_BENCH_MODULES: modulesFile,
          },
        },
        { memory: 'node-report', logDir: context.logDir, label: `diagnose-${app}` },
      ),
    );
    const modules = summarizeModuleReport(
      JSON.parse(readFileSync(modulesFile, 'utf8')) as ModuleReport,
      context.clone.dir,
    );
    const cpu: CpuShare[] = summarizeCpuProfile(readCpuProfile(profileDir), context.clone.dir);
    context.diagnoses.push({ app, variant: 'built-js', modules, cpu });
  }
}

async function npmTestPhase(context: Context): Promise<void> {
  const { coldRuns, runs, log } = context.options;
  const cold: RunResult[] = [];
  let tmp = '';
  try {
    for (let run = 1; run <= coldRuns; run += 1) {
      cleanClone(context.clone.dir);
      tmp = freshTmp(context, `npm-test-cold-${run}`);
      log(`bench: npm test, clean clone, run ${run}/${coldRuns}`);
      cold.push(assertSucceeded(await npmRun(context, 'test', `npm-test-cold-${run}`, tmp)));
    }
  } catch (error) {
    fail(context, ['npm-test.cold', 'npm-test.warm'], error);
  }
  record(
    context,
    'npm-test.cold',
    'npm test, clean clone',
    'ms',
    cold.map((r) => r.wallMs),
    cold,
    'npm test',
  );
  context.breakdowns.push(breakdown(context, 'npm-test.cold', cold[cold.length - 1]));
  context.jestMemory = mergeJestMemory(
    cold.map((run) => jestMemory(withSampled(run.processes, run.sampled), context.clone.dir)),
  );

  const warm: RunResult[] = [];
  try {
    for (let run = 1; run <= runs; run += 1) {
      warm.push(assertSucceeded(await npmRun(context, 'test', `npm-test-warm-${run}`, tmp)));
    }
  } catch (error) {
    fail(context, ['npm-test.warm'], error);
  }
  record(
    context,
    'npm-test.warm',
    'npm test, cached re-run',
    'ms',
    warm.map((r) => r.wallMs),
    warm,
    'npm test',
  );
  context.breakdowns.push(breakdown(context, 'npm-test.warm', warm[warm.length - 1]));

  for (const edit of TEST_EDITS) {
    const edited: RunResult[] = [];
    try {
      for (let run = 1; run <= coldRuns; run += 1) {
        log(`bench: ${edit.description}, run ${run}/${coldRuns}`);
        const restore = applyEdit(context.clone.dir, edit, run);
        try {
          edited.push(assertSucceeded(await npmRun(context, 'test', `${edit.id}-${run}`, tmp)));
        } finally {
          restore();
        }
      }
    } catch (error) {
      fail(context, [edit.id], error);
    }
    record(
      context,
      edit.id,
      edit.description,
      'ms',
      edited.map((r) => r.wallMs),
      edited,
      `npm test (${edit.file} edited)`,
    );
  }
}

/** The largest figure of each project over several runs. */
export function mergeJestMemory(runs: ReadonlyArray<readonly JestMemory[]>): JestMemory[] {
  const merged = new Map<string, JestMemory>();
  for (const entry of runs.flat()) {
    const previous = merged.get(entry.project);
    merged.set(
      entry.project,
      previous === undefined
        ? entry
        : {
            project: entry.project,
            mainKiB: Math.max(previous.mainKiB, entry.mainKiB),
            workerKiB: Math.max(previous.workerKiB, entry.workerKiB),
            workers: Math.max(previous.workers, entry.workers),
          },
    );
  }
  return [...merged.values()].sort(
    (a, b) => Math.max(b.mainKiB, b.workerKiB) - Math.max(a.mainKiB, a.workerKiB),
  );
}
