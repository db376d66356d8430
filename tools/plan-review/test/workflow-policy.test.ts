import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  githubDir,
  jobsOf,
  loadWorkflow,
  OWN_WORKFLOWS,
  stepNamed,
  stepsOf,
  stepUsing,
  workflowText,
  Yaml,
} from './support/workflows';

/**
 * The properties the deploy and review paths depend on: pinned actions on Node 24, least privilege,
 * no secret-bearing plan downloadable from a pull request, re-runs that overwrite their artifacts, the
 * reviewed plan applied from where it was made, the committed lock file used read-only.
 */

/**
 * Every action the workflows may use: full commit SHA of the release tag (read with
 * `git rev-parse <tag>^{commit}` in a snapshot of the action's repository) and that release, whose
 * action.yml runs on node24.
 */
const PINS: Record<string, [sha: string, version: string]> = {
  'actions/checkout': ['3d3c42e5aac5ba805825da76410c181273ba90b1', 'v7.0.1'],
  'actions/setup-node': ['820762786026740c76f36085b0efc47a31fe5020', 'v7.0.0'],
  'actions/cache': ['27d5ce7f107fe9357f9df03efb73ab90386fccae', 'v5.0.5'],
  'actions/upload-artifact': ['bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', 'v7.0.0'],
  'actions/download-artifact': ['3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', 'v8.0.1'],
  'actions/github-script': ['ed597411d8f924073f98dfc5c65a23a2325f34cd', 'v8.0.0'],
  'hashicorp/setup-terraform': ['dfe3c3f87815947d99a8997f908cb6525fc44e9e', 'v4.0.1'],
  'aws-actions/configure-aws-credentials': ['e6de054238d6b7531b4efff3b6587d9aade6a06c', 'v6.2.3'],
};

const allSteps = OWN_WORKFLOWS.flatMap((file) =>
  jobsOf(file).flatMap(([id, job]) => stepsOf(job).map((step) => ({ file, id, step }))),
);

describe('supply chain', () => {
  it('pins every action to the full commit SHA of a known release, with the version in a comment', () => {
    const uses = OWN_WORKFLOWS.flatMap((file) =>
      workflowText(file)
        .split('\n')
        .map((line) => /^\s*(?:-\s+)?uses:\s*(\S+?)@(\S+)(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ file, action: m[1], ref: m[2], comment: m[3].trim() })),
    );
    expect(uses.length).toBeGreaterThan(20);
    for (const u of uses) {
      const pin = PINS[u.action];
      expect({ ...u, known: pin !== undefined }).toEqual({ ...u, known: true });
      expect({ file: u.file, action: u.action, ref: u.ref, comment: u.comment }).toEqual({
        file: u.file,
        action: u.action,
        ref: pin[0],
        comment: `# ${pin[1]}`,
      });
    }
  });

  it('runs Node 24 wherever it sets up Node', () => {
    const setups = allSteps.filter(({ step }) => String(step.uses).startsWith('actions/setup-node@'));
    expect(setups.length).toBeGreaterThan(3);
    for (const { step } of setups) expect(step.with['node-version']).toBe(24);
  });

  it('installs Terraform 1.11.4 without the wrapper wherever Terraform runs', () => {
    const setups = allSteps.filter(({ step }) => String(step.uses).startsWith('hashicorp/setup-terraform@'));
    expect(setups).toHaveLength(2);
    for (const { step } of setups)
      expect(step.with).toEqual({ terraform_version: '1.11.4', terraform_wrapper: false });
  });

  it('initialises Terraform only with the committed lock file, read-only', () => {
    const inits = allSteps.filter(({ step }) => /terraform\b.*\binit\b/.test(String(step.run ?? '')));
    expect(inits).toHaveLength(2);
    for (const { step } of inits) expect(step.run).toMatch(/ init -input=false -lockfile=readonly/);
    const plan = loadWorkflow('terraform-plan.yml').jobs.plan;
    expect(stepNamed(plan, 'terraform init (committed lock file, read-only)').run).toContain(
      'cp "apps/$APP/.terraform.lock.hcl" "$STACK_DIR/.terraform.lock.hcl"',
    );
  });

  it('caches providers between jobs under a key of the lock file (shared by plan and apply)', () => {
    for (const [file, job] of [
      ['terraform-plan.yml', 'plan'],
      ['terraform-apply.yml', 'apply'],
    ] as const) {
      const j = loadWorkflow(file).jobs[job];
      expect(j.env.TF_PLUGIN_CACHE_DIR).toBe('${{ github.workspace }}/.terraform-plugin-cache');
      expect(stepUsing(j, 'actions/cache')!.with.path).toBe('${{ env.TF_PLUGIN_CACHE_DIR }}');
      expect(stepUsing(j, 'actions/cache')!.with.key).toMatch(
        /^terraform-providers-\$\{\{ runner\.os \}\}-\$\{\{ hashFiles\(/,
      );
    }
  });

  it('has Dependabot keep the actions and the npm packages current', () => {
    const config = parse(readFileSync(join(githubDir, 'dependabot.yml'), 'utf8'));
    expect(config.version).toBe(2);
    expect(config.updates.map((u: Yaml) => [u['package-ecosystem'], u.directory])).toEqual([
      ['github-actions', '/'],
      ['npm', '/'],
    ]);
    for (const u of config.updates) expect(u.schedule.interval).toBe('weekly');
  });
});

describe('permissions', () => {
  it('grants nothing at workflow level and declares permissions on every job', () => {
    for (const file of OWN_WORKFLOWS) {
      expect({ file, permissions: loadWorkflow(file).permissions }).toEqual({ file, permissions: {} });
      for (const [id, job] of jobsOf(file))
        expect({ file, id, has: 'permissions' in job }).toEqual({ file, id, has: true });
    }
  });

  const usesOidc = (job: Yaml): boolean => {
    if (stepUsing(job, 'aws-actions/configure-aws-credentials')) return true;
    const uses = String(job.uses ?? '');
    return (
      uses.startsWith('./') && jobsOf(uses.replace('./.github/workflows/', '')).some(([, j]) => usesOidc(j))
    );
  };

  it('grants id-token: write only to jobs that assume an AWS role with OIDC', () => {
    for (const file of OWN_WORKFLOWS) {
      for (const [id, job] of jobsOf(file)) {
        expect({ file, id, idToken: job.permissions?.['id-token'] === 'write' }).toEqual({
          file,
          id,
          idToken: usesOidc(job),
        });
      }
    }
  });

  it('grants pull-requests: write only to the workflow_run job, which runs no pull-request code', () => {
    const writers = OWN_WORKFLOWS.flatMap((f) =>
      jobsOf(f)
        .filter(([, job]) => job.permissions?.['pull-requests'] === 'write')
        .map(([id]) => `${f}/${id}`),
    );
    expect(writers).toEqual(['plan-review-comment.yml/comment']);
    const wf = loadWorkflow('plan-review-comment.yml');
    expect(Object.keys(wf.on)).toEqual(['workflow_run']);
    expect(wf.jobs.comment.permissions).toEqual({ actions: 'read', 'pull-requests': 'write' });
    expect(stepsOf(wf.jobs.comment).map((s) => s.uses.split('@')[0])).toEqual([
      'actions/download-artifact',
      'actions/github-script',
    ]);
    expect(workflowText('plan-review-comment.yml')).not.toMatch(/checkout|npm |npx |node tools/);
  });

  it('never grants write-all or contents: write', () => {
    for (const file of OWN_WORKFLOWS) expect(workflowText(file)).not.toMatch(/write-all|contents:\s*write/);
  });
});

describe('artifacts', () => {
  const uploads = allSteps.filter(({ step }) => String(step.uses).startsWith('actions/upload-artifact@'));

  it('re-runs overwrite their artifacts (no 409 on a re-run after a stale plan)', () => {
    expect(uploads.length).toBe(4);
    for (const { step } of uploads) expect(step.with.overwrite).toBe(true);
  });

  it('pull requests upload no plan file and no plan JSON: the redacted review and the plan text only', () => {
    const plan = loadWorkflow('terraform-plan.yml').jobs.plan;
    const reviewUpload = stepsOf(plan).find((s) => s.if === "inputs.purpose == 'review'")!;
    expect(reviewUpload.with.path).toBe('review-out/');
    expect(stepNamed(plan, 'Review').run).not.toMatch(/cp .*plan\.(tfplan|json) review-out/);
    const pr = loadWorkflow('plan-review.yml');
    expect(pr.jobs.plan.with.purpose).toBe('review');
    expect(workflowText('plan-review.yml')).not.toMatch(/plan\.tfplan|plan\.json|secrets\./);
  });

  it('deploy uploads the plan file only encrypted, for the 30 days a job may wait for approval', () => {
    const plan = loadWorkflow('terraform-plan.yml').jobs.plan;
    const deployUpload = stepsOf(plan).find(
      (s) => s.if === "inputs.purpose == 'deploy'" && String(s.uses).startsWith('actions/upload-artifact@'),
    )!;
    const paths = deployUpload.with.path.split('\n').filter(Boolean);
    expect(paths).toContain('${{ env.STACK_DIR }}/plan.tar.enc');
    expect(paths.filter((p: string) => /plan\.(tfplan|json)$/.test(p))).toEqual([]);
    expect(deployUpload.with['retention-days']).toBe(30);
    expect(loadWorkflow('deploy.yml').jobs['plan-dev'].with.purpose).toBe('deploy');
  });

  it('uploads the deploy plan before anything else can fail, and reviews after it', () => {
    const names = stepsOf(loadWorkflow('terraform-plan.yml').jobs.plan).map(
      (s) => s.name ?? s.uses.split('@')[0],
    );
    expect(names.indexOf('Review')).toBeGreaterThan(names.indexOf('Encrypt the plan for the apply job') + 1);
  });

  it('applies from the same absolute path the plan was made in', () => {
    const plan = loadWorkflow('terraform-plan.yml').jobs.plan;
    const apply = loadWorkflow('terraform-apply.yml').jobs.apply;
    expect(apply.env.STACK_DIR).toBe(plan.env.STACK_DIR);
    expect(stepUsing(apply, 'actions/download-artifact')!.with.path).toBe(
      '${{ github.workspace }}/${{ env.STACK_DIR }}',
    );
    expect(stepNamed(apply, 'terraform apply (the reviewed plan file)')).toMatchObject({
      'working-directory': '${{ env.STACK_DIR }}',
      run: 'terraform apply -input=false -lock-timeout=10m plan.tfplan',
    });
  });
});

describe('deploy and review wiring', () => {
  it('deploy runs on pushes to main and by hand, queuing runs instead of cancelling them', () => {
    const wf = loadWorkflow('deploy.yml');
    expect(Object.keys(wf.on)).toEqual(['push', 'workflow_dispatch']);
    expect(wf.concurrency).toEqual({ group: 'icelog-deploy', 'cancel-in-progress': false });
  });

  it('applies behind the GitHub environment, one apply per environment at a time', () => {
    const apply = loadWorkflow('terraform-apply.yml').jobs.apply;
    expect(apply.environment).toBe('${{ inputs.environment }}');
    expect(apply.concurrency).toEqual({
      group: 'icelog-apply-${{ inputs.environment }}',
      'cancel-in-progress': false,
    });
    const deploy = loadWorkflow('deploy.yml').jobs;
    expect([deploy['apply-dev'].with.environment, deploy['apply-prod'].with.environment]).toEqual([
      'dev',
      'prod',
    ]);
  });

  it('calls only local reusable workflows that exist, with the inputs and secrets they declare', () => {
    for (const file of OWN_WORKFLOWS) {
      for (const [id, job] of jobsOf(file)) {
        if (!String(job.uses ?? '').startsWith('./')) continue;
        const call = loadWorkflow(String(job.uses).replace('./.github/workflows/', '')).on.workflow_call;
        for (const [kind, given] of [
          ['inputs', job.with ?? {}],
          ['secrets', job.secrets ?? {}],
        ] as const) {
          const declared = (call[kind] ?? {}) as Record<string, { required?: boolean }>;
          const unknown = Object.keys(given).filter((k) => !(k in declared));
          const missing = Object.entries(declared)
            .filter(([k, v]) => v.required && !(k in given))
            .map(([k]) => k);
          expect({ file, id, kind, unknown, missing }).toEqual({ file, id, kind, unknown: [], missing: [] });
        }
      }
    }
  });

  it('the review job renders one review for the comment and the job summary, then fails on danger', () => {
    const review = loadWorkflow('plan-review.yml').jobs.review;
    const run = stepNamed(review, 'Render the review').run as string;
    expect(run).toContain('--commit "$HEAD_SHA" --run-url "$RUN_URL"');
    expect(run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(run).toContain('--output comment/review.md');
    const names = stepsOf(review).map((s) => s.name ?? s.uses.split('@')[0]);
    expect(names.slice(-2)).toEqual([
      'actions/upload-artifact',
      'Fail when data is at risk (make this a required check)',
    ]);
  });
});
