import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The repository's `.github` directory and its workflows, parsed. */
export const githubDir = join(__dirname, '..', '..', '..', '..', '.github');
export const workflowsDir = join(githubDir, 'workflows');

/** Every workflow file name (`*.yml`, `*.yaml`), sorted. */
export const workflowFiles = readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/** The workflows this package owns and checks in depth (others, e.g. test.yml, are linted only). */
export const OWN_WORKFLOWS = [
  'deploy.yml',
  'plan-review-comment.yml',
  'plan-review.yml',
  'terraform-apply.yml',
  'terraform-plan.yml',
];

/** Text of a workflow file. */
export const workflowText = (file: string): string => readFileSync(join(workflowsDir, file), 'utf8');

// Parsed YAML of a workflow: untyped on purpose, the tests assert its shape.
export type Yaml = Record<string, any>;

/** A workflow file, parsed. */
export const loadWorkflow = (file: string): Yaml => parse(workflowText(file));

/** `[id, job]` pairs of a workflow. */
export const jobsOf = (file: string): [string, Yaml][] =>
  Object.entries(loadWorkflow(file).jobs as Record<string, Yaml>);

/** The steps of a job (none for a reusable-workflow call). */
export const stepsOf = (job: Yaml): Yaml[] => job.steps ?? [];

/** The step of `job` that uses `action` (`owner/name`), or undefined. */
export const stepUsing = (job: Yaml, action: string): Yaml | undefined =>
  stepsOf(job).find((s) => String(s.uses ?? '').startsWith(`${action}@`));

/** The step of `job` named `name`; throws when there is none. */
export function stepNamed(job: Yaml, name: string): Yaml {
  const step = stepsOf(job).find((s) => s.name === name || s.id === name);
  if (!step) throw new Error(`no step ${name}`);
  return step;
}
