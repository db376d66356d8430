import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_DANGER, EXIT_USAGE, parsePlanArgument, REVIEW_MARKER, runCli } from '../src';

const plans = join(__dirname, 'fixtures', 'plans');
const stacks = join(__dirname, 'fixtures', 'stacks');

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('icelog-plan-review summary', () => {
  it('renders one Markdown review for several labelled plans', async () => {
    const r = await run(
      'summary',
      `dev=${join(plans, 'delivery-stream-replaced.json')}`,
      `prod=${join(plans, 'no-changes.json')}`,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith(`${REVIEW_MARKER}\n## icelog plan review\n`)).toBe(true);
    expect(r.stdout).toContain('### dev');
    expect(r.stdout).toContain('### prod');
  });

  it('prints JSON with --json', async () => {
    const r = await run('summary', '--json', `dev=${join(plans, 'delivery-stream-replaced.json')}`);
    const json = JSON.parse(r.stdout);
    expect(json.marker).toBe(REVIEW_MARKER);
    expect(json.dangers).toBe(1);
    expect(json.missing).toEqual([]);
    expect(json.plans[0].label).toBe('dev');
    expect(json.plans[0].counts.replace).toBe(2);
    expect(json.plans[0].warnings[0].kind).toBe('replace');
  });

  it(`exits ${EXIT_DANGER} with --fail-on-danger when data is at risk, 0 when not`, async () => {
    expect((await run('summary', '--fail-on-danger', join(plans, 'table-deleted.json'))).code).toBe(
      EXIT_DANGER,
    );
    expect((await run('summary', '--fail-on-danger', join(plans, 'no-changes.json'))).code).toBe(0);
    expect(
      (await run('summary', '--fail-on-danger', '--missing', 'prod', join(plans, 'no-changes.json'))).code,
    ).toBe(EXIT_DANGER);
  });

  it('writes to --output and reports missing plans', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-review-cli-'));
    try {
      const out = join(dir, 'review.md');
      const r = await run('summary', '--missing', 'prod', '--missing', 'stage', '--output', out);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(readFileSync(out, 'utf8')).toContain('**No plan for `prod`, `stage`**');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`exits ${EXIT_USAGE} with the reason for an unreadable plan`, async () => {
    const r = await run('summary', join(plans, 'nope.json'));
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toMatch(/^icelog-plan-review: Invalid plan file: must be readable \(ENOENT/);
  });

  it('says "no plans" without any plan (no app affected), and exits 0 even with --fail-on-danger', async () => {
    const r = await run(
      'summary',
      '--fail-on-danger',
      '--commit',
      'abcdef1234567890',
      '--run-url',
      'https://ci/run/1',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '**No plans**: no app is affected by this change, so there is nothing to plan.',
    );
    expect(r.stdout).toContain('Plans of commit `abcdef123456` · [workflow run](https://ci/run/1)');
    expect(r.stdout).not.toMatch(/in 0 plans/);
  });

  it(`exits ${EXIT_USAGE} for a bad --max-rows`, async () => {
    const r = await run('summary', '--max-rows', '0', join(plans, 'no-changes.json'));
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toContain("option '--max-rows <n>' argument '0' is invalid. must be a positive integer");
  });
});

describe('icelog-plan-review synth-diff', () => {
  it('compares two synthesized stacks', async () => {
    const r = await run('synth-diff', join(stacks, 'base'), join(stacks, 'renamed-construct'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**RENAME = REPLACE**');
  });

  it('prints JSON and fails on danger when asked', async () => {
    const r = await run(
      'synth-diff',
      '--json',
      '--fail-on-danger',
      join(stacks, 'base'),
      join(stacks, 'renamed-construct'),
    );
    expect(r.code).toBe(EXIT_DANGER);
    const json = JSON.parse(r.stdout);
    expect(json.dangers).toBe(3);
    expect(json.renamed).toHaveLength(3);
  });

  it('fails on a destination table added to the stream (a replacement with hashicorp/aws 5.100.0)', async () => {
    const r = await run('synth-diff', '--fail-on-danger', join(stacks, 'base'), join(stacks, 'new-route'));
    expect(r.code).toBe(EXIT_DANGER);
  });

  it('does not fail on a warning only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-review-cli-'));
    try {
      const head = JSON.parse(
        readFileSync(join(stacks, 'base', 'stacks', 'icelog-dev', 'cdk.tf.json'), 'utf8'),
      );
      const policies = head.resource.aws_iam_role_policy;
      policies.delivery_GlueAccess_0F1E2D3C = policies.delivery_RoleGlue_FC3E53B0;
      delete policies.delivery_RoleGlue_FC3E53B0;
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(head));
      const r = await run('synth-diff', '--fail-on-danger', join(stacks, 'base'), join(dir, 'cdk.tf.json'));
      expect(r.stdout).toContain('> [!WARNING]');
      expect(r.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('icelog-plan-review usage', () => {
  it('prints help with exit 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: icelog-plan-review [options] [command]');
  });

  it(`exits ${EXIT_USAGE} for an unknown command`, async () => {
    expect((await run('apply')).code).toBe(EXIT_USAGE);
  });

  it('parses labelled plan arguments', () => {
    expect(parsePlanArgument('dev=plans/plan-dev/plan.json')).toEqual({
      label: 'dev',
      path: 'plans/plan-dev/plan.json',
    });
    expect(parsePlanArgument('/abs/plan.json')).toEqual({ label: '/abs/plan.json', path: '/abs/plan.json' });
  });
});
