/**
 * GitHub Actions' job-level scheduling, simulated for tests: which jobs of a workflow run, which are
 * skipped, given what the jobs that run end with. The rules (docs.github.com, "Using conditions to
 * control job execution", "jobs.<job_id>.needs", "Status check functions"):
 * - a job runs when its `if` is true; an `if` without a status function is `success() && (if)`, and a
 *   job without `if` has `success()`;
 * - `success()` is true when every job before it in its `needs` chain, transitively, succeeded: a
 *   skipped or failed job anywhere up the chain skips it (actions/runner#2205);
 * - `failure()` is true when any job up the chain failed; `cancelled()` when the run was cancelled;
 *   `always()` always;
 * - a job that does not run is `skipped`, with no outputs.
 * Expressions are parsed and evaluated by `@actions/expressions`, GitHub's own implementation.
 */

// The package is ESM only: jest transforms it to CommonJS (jest.config.js), and TypeScript reads its
// types in import mode.
type Expressions = typeof import('@actions/expressions', { with: { 'resolution-mode': 'import' } });
type ResultModule = typeof import('@actions/expressions/result', { with: { 'resolution-mode': 'import' } });
type FunctionInfo = ConstructorParameters<Expressions['Parser']>[2][number];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Evaluator, Lexer, Parser, data } = require('@actions/expressions') as Expressions;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { truthy } = require('@actions/expressions/result') as ResultModule;

/** A job's conclusion. */
export type JobResult = 'success' | 'failure' | 'cancelled' | 'skipped';

/** What a job that runs ends with. */
export interface JobOutcome {
  /** @default 'success' */
  readonly result?: Exclude<JobResult, 'skipped'>;
  /** @default {} */
  readonly outputs?: Readonly<Record<string, string>>;
}

/** What the simulation found for one job. */
export interface SimulatedJob {
  readonly result: JobResult;
  readonly outputs: Readonly<Record<string, string>>;
}

/** The run to simulate. */
export interface RunScenario {
  /** The `github` context, e.g. `{ event_name: 'push' }`. */
  readonly github?: Record<string, unknown>;
  /** The `inputs` context (workflow_dispatch, workflow_call). */
  readonly inputs?: Record<string, unknown>;
  /** Outcome of each job that runs; a job not named succeeds with no outputs. */
  readonly outcomes?: Readonly<Record<string, JobOutcome>>;
  /** The run was cancelled (cancelled() is true for every job not yet started). @default false */
  readonly cancelled?: boolean;
}

const STATUS_FUNCTIONS = /\b(success|failure|cancelled|always)\s*\(/;

/** `${{ x }}` → `x`; a bare `if` is an expression already. */
function unwrap(condition: string): string {
  const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition);
  return m ? m[1] : condition;
}

/** The condition GitHub evaluates for a job with `if: condition` (or none). */
export function effectiveCondition(condition: string | boolean | undefined): string {
  if (condition === undefined) return 'success()';
  const text = unwrap(String(condition));
  return STATUS_FUNCTIONS.test(text) ? text : `success() && (${text})`;
}

function evaluate(text: string, context: Record<string, unknown>, status: Record<string, boolean>): boolean {
  const functions = Object.entries(status).map(([name, value]) => ({
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => new data.BooleanData(value),
  }));
  const infos: FunctionInfo[] = functions;
  const expr = new Parser(new Lexer(text).lex().tokens, Object.keys(context), infos).parse();
  const values = JSON.parse(JSON.stringify(context), data.reviver);
  return truthy(new Evaluator(expr, values, new Map(functions.map((f) => [f.name, f]))).evaluate());
}

/** A workflow's `jobs` map, as parsed from YAML. */
export type WorkflowJobs = Readonly<Record<string, { needs?: string | string[]; if?: string | boolean }>>;

const needsOf = (job: { needs?: string | string[] }): string[] =>
  job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];

/** Simulates one run of `jobs`: the result and outputs of every job. */
export function simulateRun(jobs: WorkflowJobs, scenario: RunScenario = {}): Record<string, SimulatedJob> {
  const done: Record<string, SimulatedJob> = {};
  const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
    for (const n of needsOf(jobs[id])) {
      if (!(n in jobs)) throw new Error(`job ${id} needs unknown job ${n}`);
      if (!seen.has(n)) {
        seen.add(n);
        ancestors(n, seen);
      }
    }
    return seen;
  };
  const pending = new Set(Object.keys(jobs));
  while (pending.size > 0) {
    const ready = [...pending].filter((id) => needsOf(jobs[id]).every((n) => n in done));
    if (ready.length === 0) throw new Error(`needs cycle among ${[...pending].join(', ')}`);
    for (const id of ready) {
      pending.delete(id);
      const up = [...ancestors(id)].map((a) => done[a].result);
      const status = {
        success: up.every((r) => r === 'success') && !scenario.cancelled,
        failure: up.some((r) => r === 'failure'),
        cancelled: scenario.cancelled === true,
        always: true,
      };
      const needs = Object.fromEntries(needsOf(jobs[id]).map((n) => [n, done[n]]));
      const context = { github: scenario.github ?? {}, inputs: scenario.inputs ?? {}, needs };
      const runs = evaluate(effectiveCondition(jobs[id].if), context, status);
      const outcome = scenario.outcomes?.[id] ?? {};
      done[id] = runs
        ? { result: outcome.result ?? 'success', outputs: outcome.outputs ?? {} }
        : { result: 'skipped', outputs: {} };
    }
  }
  return done;
}
