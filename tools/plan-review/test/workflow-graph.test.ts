import { parse } from 'yaml';
import { effectiveCondition, simulateRun, WorkflowJobs } from './support/job-graph';
import { loadWorkflow } from './support/workflows';

/**
 * The job graphs of the workflows, run through a simulation of GitHub's skip/success rules
 * (support/job-graph.ts) for the cases that used to go wrong: a prod-only change, a dev plan without
 * changes, a manual prod-only run, a cancelled or rejected deploy picked up by the next run, and pull
 * requests from forks.
 */

const results = (run: ReturnType<typeof simulateRun>) =>
  Object.fromEntries(Object.entries(run).map(([id, j]) => [id, j.result]));

describe('the simulator follows GitHub', () => {
  const chain: WorkflowJobs = parse(`
a: { if: "false" }
b: { needs: a, if: "always() && needs.a.result != 'failure'" }
c: { needs: b }
d: { needs: b, if: "!cancelled() && needs.b.result == 'success'" }
e: { needs: a, if: "failure()" }
`);

  it('adds success() to an if without a status function, and uses success() without an if', () => {
    expect(effectiveCondition(undefined)).toBe('success()');
    expect(effectiveCondition("needs.x.outputs.y == 'true'")).toBe(
      "success() && (needs.x.outputs.y == 'true')",
    );
    expect(effectiveCondition("${{ !cancelled() && needs.x.result == 'success' }}")).toBe(
      " !cancelled() && needs.x.result == 'success' ",
    );
  });

  it('skips a job whose direct dependency succeeded when a job further up was skipped (actions/runner#2205)', () => {
    expect(results(simulateRun(chain))).toEqual({
      a: 'skipped',
      b: 'success',
      c: 'skipped',
      d: 'success',
      e: 'skipped',
    });
  });

  it('runs failure() jobs after a failure, and no success() job', () => {
    const run = simulateRun(parse('a: {}\nb: { needs: a }\ne: { needs: a, if: failure() }\n'), {
      outcomes: { a: { result: 'failure' } },
    });
    expect(results(run)).toEqual({ a: 'failure', b: 'skipped', e: 'success' });
  });

  it('evaluates contexts: github, inputs, needs outputs', () => {
    const jobs: WorkflowJobs = parse(`
p: { if: "github.event_name == 'push' || inputs.app == 'x'" }
q: { needs: p, if: "needs.p.outputs.go == 'true'" }
`);
    expect(
      results(
        simulateRun(jobs, { github: { event_name: 'push' }, outcomes: { p: { outputs: { go: 'true' } } } }),
      ),
    ).toEqual({
      p: 'success',
      q: 'success',
    });
    expect(
      results(simulateRun(jobs, { github: { event_name: 'workflow_dispatch' }, inputs: { app: 'y' } })),
    ).toEqual({
      p: 'skipped',
      q: 'skipped',
    });
  });

  it("reproduces the old deploy graph's bug: a prod-only change planned prod and never applied it", () => {
    // deploy.yml before this change (jobs and conditions only).
    const old: WorkflowJobs = parse(`
affected: {}
plan-dev: { needs: affected, if: "needs.affected.outputs.dev == 'true'" }
apply-dev: { needs: plan-dev, if: "needs.plan-dev.outputs.has-changes == 'true'" }
plan-prod:
  needs: [affected, plan-dev, apply-dev]
  if: "\${{ !cancelled() && needs.affected.outputs.prod == 'true' && needs.plan-dev.result != 'failure' && needs.apply-dev.result != 'failure' }}"
apply-prod: { needs: plan-prod, if: "needs.plan-prod.outputs.has-changes == 'true'" }
`);
    const run = simulateRun(old, {
      github: { event_name: 'push' },
      outcomes: {
        affected: { outputs: { dev: 'false', prod: 'true' } },
        'plan-prod': { outputs: { 'has-changes': 'true' } },
      },
    });
    expect(results(run)).toMatchObject({ 'plan-prod': 'success', 'apply-prod': 'skipped' });
  });
});

describe('deploy.yml', () => {
  const jobs: WorkflowJobs = loadWorkflow('deploy.yml').jobs;
  const push = { event_name: 'push' };
  const plans = (dev: boolean, prod: boolean) => ({
    'plan-dev': { outputs: { 'has-changes': String(dev) } },
    'plan-prod': { outputs: { 'has-changes': String(prod) } },
  });

  it('a prod-only change (dev plans no change) applies prod', () => {
    expect(results(simulateRun(jobs, { github: push, outcomes: plans(false, true) }))).toEqual({
      'plan-dev': 'success',
      'apply-dev': 'skipped',
      'plan-prod': 'success',
      'apply-prod': 'success',
    });
  });

  it('a change to both applies both; nothing to change applies nothing', () => {
    expect(results(simulateRun(jobs, { github: push, outcomes: plans(true, true) }))).toEqual({
      'plan-dev': 'success',
      'apply-dev': 'success',
      'plan-prod': 'success',
      'apply-prod': 'success',
    });
    expect(results(simulateRun(jobs, { github: push, outcomes: plans(false, false) }))).toMatchObject({
      'apply-dev': 'skipped',
      'apply-prod': 'skipped',
    });
  });

  it('each apply depends only on its own plan: a failed dev plan or apply does not stop prod', () => {
    const devPlanFails = simulateRun(jobs, {
      github: push,
      outcomes: { ...plans(true, true), 'plan-dev': { result: 'failure' } },
    });
    expect(results(devPlanFails)).toMatchObject({ 'apply-dev': 'skipped', 'apply-prod': 'success' });
    const devApplyFails = simulateRun(jobs, {
      github: push,
      outcomes: { ...plans(true, true), 'apply-dev': { result: 'failure' } },
    });
    expect(results(devApplyFails)).toMatchObject({ 'apply-dev': 'failure', 'apply-prod': 'success' });
  });

  it('a failed prod plan applies nothing to prod', () => {
    const run = simulateRun(jobs, {
      github: push,
      outcomes: { ...plans(true, true), 'plan-prod': { result: 'failure' } },
    });
    expect(results(run)).toMatchObject({ 'apply-dev': 'success', 'apply-prod': 'skipped' });
  });

  it.each([
    [
      'prod',
      { 'plan-dev': 'skipped', 'apply-dev': 'skipped', 'plan-prod': 'success', 'apply-prod': 'success' },
    ],
    [
      'dev',
      { 'plan-dev': 'success', 'apply-dev': 'success', 'plan-prod': 'skipped', 'apply-prod': 'skipped' },
    ],
    [
      'all',
      { 'plan-dev': 'success', 'apply-dev': 'success', 'plan-prod': 'success', 'apply-prod': 'success' },
    ],
  ])('a manual run for %s plans and applies exactly that', (app, expected) => {
    const run = simulateRun(jobs, {
      github: { event_name: 'workflow_dispatch' },
      inputs: { app },
      outcomes: plans(true, true),
    });
    expect(results(run)).toEqual(expected);
  });

  it('a cancelled or rejected prod apply is planned and offered again by the next run, whatever it changed', () => {
    // Run 1: the prod approval is rejected (or the run is cancelled) after planning.
    const first = simulateRun(jobs, {
      github: push,
      outcomes: { ...plans(false, true), 'apply-prod': { result: 'cancelled' } },
    });
    expect(first['apply-prod'].result).toBe('cancelled');
    // Run 2 is triggered by a push that touches no app (a README change): nothing filters by paths or
    // by the pushed diff, so prod is planned against its state, which still lacks run 1's change.
    const wf = loadWorkflow('deploy.yml');
    expect(wf.on.push).toEqual({ branches: ['main'] });
    expect(JSON.stringify(wf)).not.toMatch(/event\.before|--affected|paths/);
    const second = simulateRun(jobs, { github: { event_name: 'push' }, outcomes: plans(false, true) });
    expect(results(second)).toMatchObject({ 'plan-prod': 'success', 'apply-prod': 'success' });
  });

  it('a cancelled run starts no further job', () => {
    const run = simulateRun(jobs, { github: push, outcomes: plans(true, true), cancelled: true });
    expect(Object.values(results(run))).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });
});

describe('plan-review.yml', () => {
  const jobs: WorkflowJobs = loadWorkflow('plan-review.yml').jobs;
  const pr = { event_name: 'pull_request' };
  const affected = (apps: string, canPlan: boolean) => ({
    affected: { outputs: { apps, 'can-plan': String(canPlan) } },
  });

  it('a pull request from the repository: synth diff, plans, review', () => {
    expect(results(simulateRun(jobs, { github: pr, outcomes: affected('["dev","prod"]', true) }))).toEqual({
      affected: 'success',
      'synth-diff': 'success',
      plan: 'success',
      review: 'success',
    });
  });

  it('a pull request from a fork or Dependabot: no plan, but the synth diff and the review', () => {
    expect(results(simulateRun(jobs, { github: pr, outcomes: affected('["prod"]', false) }))).toEqual({
      affected: 'success',
      'synth-diff': 'success',
      plan: 'skipped',
      review: 'success',
    });
  });

  it('a change that affects no app still gets a (current) review', () => {
    expect(results(simulateRun(jobs, { github: pr, outcomes: affected('[]', true) }))).toEqual({
      affected: 'success',
      'synth-diff': 'skipped',
      plan: 'skipped',
      review: 'success',
    });
  });

  it('a failed plan or synth diff still gets a review (reporting the missing plan)', () => {
    const run = simulateRun(jobs, {
      github: pr,
      outcomes: {
        ...affected('["dev"]', true),
        plan: { result: 'failure' },
        'synth-diff': { result: 'failure' },
      },
    });
    expect(run.review.result).toBe('success');
  });

  it('a superseded (cancelled) run posts nothing', () => {
    const run = simulateRun(jobs, { github: pr, outcomes: affected('["dev"]', true), cancelled: true });
    expect(run.review.result).toBe('skipped');
  });
});

describe('plan-review-comment.yml', () => {
  const jobs: WorkflowJobs = loadWorkflow('plan-review-comment.yml').jobs;
  const after = (event: string, conclusion: string) => ({
    github: { event_name: 'workflow_run', event: { workflow_run: { event, conclusion } } },
  });

  it.each([
    ['pull_request', 'success', 'success'],
    ['pull_request', 'failure', 'success'], // data at risk fails the review check: comment all the more
    ['pull_request', 'cancelled', 'skipped'],
    ['push', 'success', 'skipped'],
  ])('after a %s run that ended %s: comment job %s', (event, conclusion, expected) => {
    expect(simulateRun(jobs, after(event, conclusion)).comment.result).toBe(expected);
  });
});
