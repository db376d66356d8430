import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflow, stepNamed } from './support/workflows';

/** The workflows' own bash, run for real (bash -eo pipefail, jq, openssl) with fakes for the CLIs. */

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'wf-scripts-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A directory under the scratch folder. */
function dir(name: string): string {
  const d = join(scratch, name);
  mkdirSync(d, { recursive: true });
  return d;
}

/** An executable `name` in a bin directory on PATH, running `body` (bash). */
function fake(name: string, body: string): string {
  const bin = dir('bin');
  writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
  return bin;
}

/** Runs a step's `run` script as GitHub does (`bash --noprofile --norc -eo pipefail`). */
function runStep(script: string, cwd: string, env: Record<string, string>) {
  const output = join(scratch, 'github-output');
  writeFileSync(output, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    env: {
      PATH: `${join(scratch, 'bin')}:${process.env.PATH}`,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: join(scratch, 'step-summary'),
      ...env,
    },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs: readFileSync(output, 'utf8') };
}

const planJob = loadWorkflow('terraform-plan.yml').jobs.plan;
const applyJob = loadWorkflow('terraform-apply.yml').jobs.apply;

describe('terraform-plan.yml', () => {
  const plan = stepNamed(planJob, 'terraform plan').run;
  const terraform = (planExit: number) =>
    fake(
      'terraform',
      `if [ "$1" = plan ]; then exit ${planExit}; fi\nif [ "$1" = show ] && [ "$2" = -json ]; then echo '{"format_version":"1.2"}'; else echo "Plan: text"; fi`,
    );

  it.each([
    [2, 'true'],
    [0, 'false'],
  ])('terraform plan exit %i → has-changes=%s, plan.json and plan.txt written', (code, changes) => {
    terraform(code);
    const r = runStep(plan, dir('stack'), {});
    expect([r.status, r.outputs]).toEqual([0, `has-changes=${changes}\n`]);
    expect(readFileSync(join(scratch, 'stack', 'plan.json'), 'utf8')).toBe('{"format_version":"1.2"}\n');
    expect(readFileSync(join(scratch, 'stack', 'plan.txt'), 'utf8')).toBe('Plan: text\n');
  });

  it('a failing terraform plan fails the step', () => {
    terraform(1);
    const r = runStep(plan, dir('stack'), {});
    expect([r.status, r.outputs]).toEqual([1, '']);
  });

  it.each([
    ['review', '', 0],
    ['deploy', 'k', 0],
    ['deploy', '', 1],
    ['apply', 'k', 1],
  ])('purpose %s with key "%s" → exit %i', (purpose, key, code) => {
    const r = runStep(stepNamed(planJob, 'Check inputs').run, dir('w'), {
      PURPOSE: purpose,
      PLAN_ARTIFACT_KEY: key,
    });
    expect(r.status).toBe(code);
  });

  it('the apply job decrypts exactly the plan file the plan job encrypted; another key fails', () => {
    const made = dir('plan');
    writeFileSync(join(made, 'plan.tfplan'), 'binary plan \u0000\u0001');
    writeFileSync(join(made, 'plan.json'), '{"secret":"in clear"}');
    const key = { PLAN_ARTIFACT_KEY: 'correct horse battery staple' };
    expect(runStep(stepNamed(planJob, 'Encrypt the plan for the apply job').run, made, key).status).toBe(0);
    const sealed = readFileSync(join(made, 'plan.tar.enc'));
    expect(sealed.includes(Buffer.from('in clear'))).toBe(false);

    const applied = dir('apply');
    writeFileSync(join(applied, 'plan.tar.enc'), sealed);
    const r = runStep(stepNamed(applyJob, 'Decrypt the plan').run, applied, key);
    expect(r.status).toBe(0);
    expect(readFileSync(join(applied, 'plan.tfplan'), 'utf8')).toBe('binary plan \u0000\u0001');
    expect(existsSync(join(applied, 'plan.json'))).toBe(false);

    const wrong = dir('wrong');
    writeFileSync(join(wrong, 'plan.tar.enc'), sealed);
    const bad = runStep(stepNamed(applyJob, 'Decrypt the plan').run, wrong, { PLAN_ARTIFACT_KEY: 'guess' });
    expect(bad.status).not.toBe(0);
    expect(existsSync(join(wrong, 'plan.tfplan'))).toBe(false);
  });
});

describe('plan-review.yml', () => {
  const wf = loadWorkflow('plan-review.yml');

  it.each([
    ['o/r', 'alice', 'true'],
    ['fork/r', 'alice', 'false'],
    ['o/r', 'dependabot[bot]', 'false'],
  ])('affected: head repository %s, actor %s → can-plan=%s', (headRepo, actor, canPlan) => {
    fake('npx', `echo '["dev"]'`);
    const r = runStep(stepNamed(wf.jobs.affected, 'apps').run, dir('w'), {
      BASE_SHA: 'a',
      HEAD_SHA: 'b',
      HEAD_REPO: headRepo,
      REPO: 'o/r',
      ACTOR: actor,
    });
    expect([r.status, r.outputs]).toEqual([0, `apps=["dev"]\ncan-plan=${canPlan}\n`]);
  });

  /** A fake node that records its arguments and answers --json like the review tool. */
  const fakeNode = (json: string) =>
    fake(
      'node',
      `echo "$*" >> "${join(scratch, 'node-calls')}"\nwhile [ $# -gt 0 ]; do if [ "$1" = --output ]; then out=$2; fi; if [ "$1" = --json ]; then json=1; fi; shift; done\nif [ -n "$json" ]; then echo '${json}' > "$out"; elif [ -n "$out" ]; then echo review > "$out"; fi`,
    );
  const render = wf.jobs.review.steps.find((s: { name?: string }) => s.name === 'Render the review').run;
  const env = { HEAD_SHA: 'abc', RUN_URL: 'https://r/1', PR_NUMBER: '7', APPS: '["dev","prod"]' };

  it('review: plans that exist are rendered, missing ones reported, the synth diff appended', () => {
    const w = dir('w');
    mkdirSync(join(w, 'artifacts', 'review-dev'), { recursive: true });
    writeFileSync(join(w, 'artifacts', 'review-dev', 'review.json'), '{}');
    mkdirSync(join(w, 'artifacts', 'synth-diff'), { recursive: true });
    writeFileSync(join(w, 'artifacts', 'synth-diff', 'prod.md'), 'x');
    writeFileSync(join(w, 'artifacts', 'synth-diff', 'prod.json'), '{"dangers":5}');
    fakeNode('{"dangers":1,"missing":["prod"]}');
    const r = runStep(render, w, { ...env, CAN_PLAN: 'true' });
    expect(r.status).toBe(0);
    const calls = readFileSync(join(scratch, 'node-calls'), 'utf8').trim().split('\n');
    expect(calls[0]).toBe(
      'tools/plan-review/dist/cli.js summary --commit abc --run-url https://r/1 --summary-json artifacts/review-dev/review.json --plan-text dev=artifacts/review-dev/plan.txt --missing prod --append synth diff: prod=artifacts/synth-diff/prod.md --max-chars 900000',
    );
    expect(calls.slice(1).map((c) => c.split(' ').slice(-2).join(' '))).toEqual([
      '--output comment/review.md',
      '--output comment/review.json',
    ]);
    // With plans, the synth diff's 5 dangers do not count: what Terraform plans is the truth.
    expect(JSON.parse(readFileSync(join(w, 'comment', 'meta.json'), 'utf8'))).toEqual({
      pr: 7,
      head_sha: 'abc',
      dangers: 2,
    });
  });

  it('review of a fork: a note instead of missing plans, and the synth diff dangers count', () => {
    const w = dir('w');
    mkdirSync(join(w, 'artifacts', 'synth-diff'), { recursive: true });
    writeFileSync(join(w, 'artifacts', 'synth-diff', 'dev.json'), '{"dangers":2}');
    writeFileSync(join(w, 'artifacts', 'synth-diff', 'prod.json'), '{"dangers":1}');
    fakeNode('{"dangers":0,"missing":[]}');
    const r = runStep(render, w, { ...env, CAN_PLAN: 'false' });
    expect(r.status).toBe(0);
    const first = readFileSync(join(scratch, 'node-calls'), 'utf8').split('\n')[0];
    expect(first).toContain('--note Pull requests from forks and Dependabot get no cloud credentials');
    expect(first).not.toContain('--missing');
    expect(JSON.parse(readFileSync(join(w, 'comment', 'meta.json'), 'utf8')).dangers).toBe(3);
  });

  it.each([
    ['{"dangers":0}', 0],
    ['{"dangers":2}', 1],
  ])('the last step with meta %s exits %i', (meta, code) => {
    const w = dir('w');
    mkdirSync(join(w, 'comment'));
    writeFileSync(join(w, 'comment', 'meta.json'), meta);
    const step = wf.jobs.review.steps.at(-1);
    expect(runStep(step.run, w, {}).status).toBe(code);
  });

  it('synth diff: compares base and head per app, and says so when the base has no such stack', () => {
    const w = dir('w');
    const temp = dir('runner-temp');
    fake('git', 'exit 0');
    fake('npm', 'exit 0');
    // Synthesizes an app at the base only when it is dev (prod is new in this pull request).
    fake(
      'npx',
      `case "$3" in *:synth) app=\${3%%:synth}; if [ "$app" = prod ] && [ ! -f head ]; then exit 1; fi; mkdir -p "apps/$app/cdktf.out";; esac`,
    );
    fakeNode('{"dangers":0}');
    const base = stepNamed(wf.jobs['synth-diff'], 'Synthesize the base').run;
    const env = { APPS: '["dev","prod"]', BASE_SHA: 'b', GITHUB_SHA: 'm', RUNNER_TEMP: temp };
    expect(runStep(base, w, env).status).toBe(0);
    expect(existsSync(join(temp, 'base', 'dev'))).toBe(true);
    expect(existsSync(join(temp, 'base', 'prod'))).toBe(false);
    writeFileSync(join(w, 'head'), '');
    const head = stepNamed(wf.jobs['synth-diff'], 'Synthesize the head and compare').run;
    expect(runStep(head, w, env).status).toBe(0);
    const calls = readFileSync(join(scratch, 'node-calls'), 'utf8').trim().split('\n');
    expect(calls).toEqual([
      `tools/plan-review/dist/cli.js synth-diff ${temp}/base/dev apps/dev/cdktf.out --title synth diff: dev --output synth-diff/dev.md`,
      `tools/plan-review/dist/cli.js synth-diff ${temp}/base/dev apps/dev/cdktf.out --json --output synth-diff/dev.json`,
    ]);
    expect(readFileSync(join(w, 'synth-diff', 'prod.md'), 'utf8')).toBe(
      'The base does not synthesize `prod`: the whole stack is new.\n',
    );
  });
});
