import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { REVIEW_MARKER } from './markdown';
import { PlanReviewInputError, readPlanFile } from './plan-json';
import { GITHUB_COMMENT_LIMIT, renderPlanReview } from './review-markdown';
import { PlanSummary, summarizePlan } from './summary';
import { diffSynth, loadSynth, renderSynthDiff } from './synth-diff';
import { ReviewWarning } from './warnings';

/** Where the CLI writes. */
export interface CliIo {
  /** Standard output. */
  readonly stdout: (text: string) => void;
  /** Standard error. */
  readonly stderr: (text: string) => void;
}

/** Exit code when `--fail-on-danger` is set and a danger was found. */
export const EXIT_DANGER = 1;
/** Exit code for bad arguments or unreadable input. */
export const EXIT_USAGE = 2;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function readText(what: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new PlanReviewInputError(what, path, `must be readable (${(error as Error).message})`);
  }
}

function labelled(option: string, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const m = /^([^=]+)=(.+)$/.exec(v);
    if (!m) throw new PlanReviewInputError(option, v, 'must be label=path');
    out[m[1]] = readText(option, m[2]);
  }
  return out;
}

/**
 * The plan summaries of a file written by `summary --json` (the plan job's review, read back by the job
 * that renders all plans together without the plan JSON and its values).
 */
export function readSummaryJson(path: string): PlanSummary[] {
  let json: unknown;
  try {
    json = JSON.parse(readText('--summary-json', path));
  } catch (error) {
    if (error instanceof PlanReviewInputError) throw error;
    throw new PlanReviewInputError('--summary-json', path, `must hold JSON (${(error as Error).message})`);
  }
  const plans = (json as { plans?: unknown } | null)?.plans;
  const ok = (p: unknown): p is PlanSummary => {
    const s = p as Record<string, unknown> | null;
    return (
      typeof s?.label === 'string' &&
      typeof s.counts === 'object' &&
      s.counts !== null &&
      Array.isArray(s.resources) &&
      Array.isArray(s.warnings)
    );
  };
  if (!Array.isArray(plans) || !plans.every(ok)) {
    throw new PlanReviewInputError(
      '--summary-json',
      path,
      'must be the output of `icelog-plan-review summary --json` (plans with label, counts, resources, warnings)',
    );
  }
  return plans;
}

/** `dev=path/plan.json` → label `dev`; a bare path is its own label. */
export function parsePlanArgument(arg: string): { label: string; path: string } {
  const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(arg);
  return m ? { label: m[1], path: m[2] } : { label: arg, path: arg };
}

function dangerCount(warnings: readonly ReviewWarning[]): number {
  return warnings.filter((w) => w.severity === 'danger').length;
}

/**
 * Runs `icelog-plan-review` with `argv` (arguments after the program name) and returns the exit code.
 * The bin (`dist/cli.js`) calls it with `process.argv.slice(2)`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const emit = (text: string, output: string | undefined) => {
    if (output) writeFileSync(output, text);
    else io.stdout(text);
  };
  const program = new Command('icelog-plan-review')
    .description('Review Terraform plans and synthesized stacks for data-losing changes')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command('summary')
    .description('Markdown (or JSON) review of one or more `terraform show -json` plans')
    .argument('[plans...]', 'plan JSON files, each optionally labelled: dev=path/plan.json')
    .option(
      '--missing <label>',
      'an expected plan that is missing (repeatable); reported, never skipped',
      collect,
      [],
    )
    .option('--json', 'print JSON instead of Markdown')
    .option('--title <title>', 'heading of the document', 'icelog plan review')
    .option('--max-rows <n>', 'most rows of the resources table per plan', positiveInt, 200)
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--summary-json <file>', 'plans already summarized by `summary --json` (repeatable)', collect, [])
    .option('--note <text>', 'a note under the headline (e.g. why no plan ran)')
    .option('--commit <sha>', 'commit the plans were made for (shown under the heading)')
    .option('--run-url <url>', 'workflow run holding the full text (linked when anything is cut)')
    .option(
      '--plan-text <label=file>',
      'terraform show text of a plan, rendered collapsed and cut to fit (repeatable)',
      collect,
      [],
    )
    .option(
      '--append <title=file>',
      'a Markdown file added collapsed after the plans (repeatable)',
      collect,
      [],
    )
    .option(
      '--max-chars <n>',
      `most characters of the Markdown (GitHub rejects comments over ${GITHUB_COMMENT_LIMIT})`,
      positiveInt,
      60_000,
    )
    .option(
      '--fail-on-danger',
      `exit ${EXIT_DANGER} when a data-bearing resource is replaced or deleted, or a plan is missing`,
    )
    .action(
      (
        plans: string[],
        opts: {
          json?: boolean;
          title: string;
          maxRows: number;
          output?: string;
          failOnDanger?: boolean;
          missing: string[];
          commit?: string;
          runUrl?: string;
          planText: string[];
          append: string[];
          maxChars: number;
          summaryJson: string[];
          note?: string;
        },
      ) => {
        const summaries: PlanSummary[] = [
          ...plans.map((arg) => {
            const { label, path } = parsePlanArgument(arg);
            return summarizePlan(readPlanFile(path), { label, source: path });
          }),
          ...opts.summaryJson.flatMap(readSummaryJson),
        ];
        const dangers = summaries.reduce((n, s) => n + dangerCount(s.warnings), 0);
        emit(
          opts.json
            ? `${JSON.stringify({ marker: REVIEW_MARKER, dangers, missing: opts.missing, plans: summaries }, null, 2)}\n`
            : renderPlanReview(summaries, {
                title: opts.title,
                maxRows: opts.maxRows,
                missing: opts.missing,
                note: opts.note,
                commit: opts.commit,
                runUrl: opts.runUrl,
                planTexts: labelled('--plan-text', opts.planText),
                appended: Object.entries(labelled('--append', opts.append)).map(([title, markdown]) => ({
                  title,
                  markdown,
                })),
                maxChars: opts.maxChars,
              }),
          opts.output,
        );
        if (opts.failOnDanger && (dangers > 0 || opts.missing.length > 0)) exitCode = EXIT_DANGER;
      },
    );

  program
    .command('synth-diff')
    .description('Compare two synthesized stacks (cdk.tf.json or its directory); needs no Terraform')
    .argument('<base>', 'base cdk.tf.json, stack directory or cdktf.out with one stack')
    .argument('<head>', 'head cdk.tf.json, stack directory or cdktf.out with one stack')
    .option('--json', 'print JSON instead of Markdown')
    .option('--title <title>', 'heading of the document', 'icelog synth diff')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--fail-on-danger', `exit ${EXIT_DANGER} when a change replaces or deletes data`)
    .action(
      (
        base: string,
        head: string,
        opts: { json?: boolean; title: string; output?: string; failOnDanger?: boolean },
      ) => {
        const b = loadSynth(base);
        const h = loadSynth(head);
        const diff = diffSynth(b.json, h.json, { baseLabel: base, headLabel: head });
        const dangers = dangerCount(diff.warnings);
        emit(
          opts.json
            ? `${JSON.stringify({ marker: REVIEW_MARKER, dangers, ...diff }, null, 2)}\n`
            : renderSynthDiff(diff, { title: opts.title }),
          opts.output,
        );
        if (opts.failOnDanger && dangers > 0) exitCode = EXIT_DANGER;
      },
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' ? 0 : EXIT_USAGE;
    }
    if (error instanceof PlanReviewInputError) {
      io.stderr(`icelog-plan-review: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  return exitCode;
}
