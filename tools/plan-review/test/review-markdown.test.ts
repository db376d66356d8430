import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GITHUB_COMMENT_LIMIT,
  REVIEW_MARKER,
  renderPlanReview,
  runCli,
  summarizePlan,
  TerraformPlan,
  truncateText,
} from '../src';

const change = (address: string, type: string, actions: string[]) => ({
  address,
  mode: 'managed' as const,
  type,
  name: address.split('.')[1],
  change: { actions, before: {}, after: {} },
});

describe('every action list Terraform writes', () => {
  const plan: TerraformPlan = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_changes: [
      change('aws_glue_catalog_table.kept', 'aws_glue_catalog_table', ['forget']),
      change('aws_kinesis_firehose_delivery_stream.s', 'aws_kinesis_firehose_delivery_stream', [
        'create',
        'forget',
      ]),
      change('aws_s3_object.o', 'aws_s3_object', ['forget', 'create']),
      change('aws_s3_bucket.future', 'aws_s3_bucket', ['archive']),
    ],
  };
  const summary = summarizePlan(plan, { label: 'dev' });

  it('counts forget, replace-forget and unknown actions', () => {
    expect(summary.counts).toMatchObject({ forget: 1, 'replace-forget': 2, unknown: 1, replace: 0 });
  });

  it('warns when a data-bearing resource is replaced and its old object forgotten', () => {
    expect(summary.warnings.find((w) => w.kind === 'replace-forget')).toMatchObject({
      severity: 'warning',
      address: 'aws_kinesis_firehose_delivery_stream.s',
    });
    expect(summary.warnings.filter((w) => w.kind === 'replace-forget')).toHaveLength(1);
  });

  it('raises a danger for an unknown action list instead of failing', () => {
    expect(summary.warnings[0]).toMatchObject({
      severity: 'danger',
      kind: 'unknown-action',
      address: 'aws_s3_bucket.future',
    });
    expect(summary.warnings[0].message).toContain('["archive"]');
  });

  it('shows the rare actions in the counts table only when a plan has them', () => {
    const md = renderPlanReview([summary]);
    expect(md).toContain(
      '| create | update | replace | replace-forget | delete | forget | read | no-op | unknown |',
    );
    expect(md).toContain('> - **UNKNOWN ACTION** `aws_s3_bucket.future`');
    const quiet = renderPlanReview([summarizePlan({ format_version: '1.2' }, { label: 'prod' })]);
    expect(quiet).toContain('| create | update | replace | delete | read | no-op |\n');
  });
});

describe('renderPlanReview: no plans', () => {
  it('says there are no plans instead of "0 plans"', () => {
    const md = renderPlanReview([]);
    expect(md).toContain('**No plans**: no app is affected by this change, so there is nothing to plan.');
    expect(md).not.toMatch(/0 plans/);
  });

  it('says every expected plan is missing', () => {
    const md = renderPlanReview([], { missing: ['dev', 'prod'] });
    expect(md).toContain('**No plans**: 2 expected plans missing, nothing was reviewed.');
    expect(md).toContain('**No plan for `dev`, `prod`**');
  });
});

/** A plan of `n` created resources with long addresses, and its `terraform show` text. */
function bigPlan(label: string, n: number): [ReturnType<typeof summarizePlan>, string] {
  const changes = Array.from({ length: n }, (_, i) =>
    change(
      `aws_glue_catalog_table.catalog_Tables_request_${label}_${i}_${'X'.repeat(40)}`,
      'aws_glue_catalog_table',
      ['create'],
    ),
  );
  changes.push(
    change('aws_kinesis_firehose_delivery_stream.stream', 'aws_kinesis_firehose_delivery_stream', [
      'delete',
      'create',
    ]),
  );
  const text = changes
    .map(
      (c) =>
        `  # ${c.address} will be created\n  + resource "${c.type}" "${c.name}" {\n      + name = "x"\n    }\n`,
    )
    .join('\n');
  return [summarizePlan({ format_version: '1.2', resource_changes: changes }, { label }), text];
}

describe('renderPlanReview: bounded for a pull-request comment', () => {
  const labels = ['dev', 'prod', 'staging', 'eu', 'us'];
  const plans = labels.map((l) => bigPlan(l, 150));
  const summaries = plans.map(([s]) => s);
  const planTexts = Object.fromEntries(plans.map(([s, t]) => [s.label, t]));
  const runUrl = 'https://github.com/o/r/actions/runs/42';
  const options = { planTexts, runUrl, commit: '0123456789abcdef0123456789abcdef01234567' };

  it('five large plans would render far beyond the 65,536-character comment limit unbounded', () => {
    expect(renderPlanReview(summaries, { ...options, maxChars: 10_000_000 }).length).toBeGreaterThan(150_000);
  });

  it('stays under the limit, keeps every plan heading and danger, and points to the run', () => {
    const md = renderPlanReview(summaries, options);
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(md.startsWith(`${REVIEW_MARKER}\n`)).toBe(true);
    for (const l of labels) expect(md).toContain(`### ${l}\n`);
    expect(md.match(/\*\*REPLACE\*\* `aws_kinesis_firehose_delivery_stream\.stream`/g)).toHaveLength(5);
    expect(md).toContain(`the full text is in the job summary of [the workflow run](${runUrl}).`);
    expect(md).toContain(
      'Plans of commit `0123456789ab` · [workflow run](https://github.com/o/r/actions/runs/42)',
    );
  });

  it('collapses each plan text and cuts it at a line boundary, saying how much was cut', () => {
    const md = renderPlanReview(summaries, options);
    expect(md.match(/<details><summary>terraform plan: \d+ lines<\/summary>/g)).toHaveLength(5);
    expect(md).toMatch(/\n… \d+ more lines cut; the full text is in the job summary/);
    expect((md.match(/<details/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
  });

  it('keeps a small review whole, plan text included', () => {
    const [small, text] = bigPlan('dev', 3);
    const md = renderPlanReview([small], { planTexts: { dev: text } });
    expect(md).toContain(text.trimEnd());
    expect(md).not.toContain('cut;');
  });

  it('as a last resort cuts the document itself, closing open blocks', () => {
    const md = renderPlanReview(summaries, { ...options, maxChars: 3_000 });
    expect(md.length).toBeLessThanOrEqual(3_000);
    expect(md).toContain(
      `**Review cut at 3,000 characters**; the full review is in the job summary of [the workflow run](${runUrl}).`,
    );
  });

  it('fences plan text with more backticks than the text holds', () => {
    const md = renderPlanReview([bigPlan('dev', 1)[0]], { planTexts: { dev: 'a ``` b\n```` c' } });
    expect(md).toContain('`````text\na ``` b\n```` c\n`````');
  });
});

describe('truncateText', () => {
  it('cuts at the last line boundary before the limit', () => {
    expect(truncateText('one\ntwo\nthree\nfour', 9, 'see run')).toBe('one\ntwo\n… 2 more lines cut; see run');
    expect(truncateText('short', 100, 'x')).toBe('short');
  });
});

describe('CLI summary: --plan-text, --append, --max-chars', () => {
  it('renders the collapsed plan text and appended synth diff within the bound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-review-md-'));
    try {
      const [summary, text] = bigPlan('dev', 400);
      void summary;
      const plan = {
        format_version: '1.2',
        resource_changes: Array.from({ length: 400 }, (_, i) =>
          change(`aws_s3_object.o${i}_${'Y'.repeat(60)}`, 'aws_s3_object', ['create']),
        ),
      };
      writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
      writeFileSync(join(dir, 'plan.txt'), text);
      writeFileSync(join(dir, 'diff.md'), '### synth diff\n\nno change');
      let out = '';
      const code = await runCli(
        [
          'summary',
          `dev=${join(dir, 'plan.json')}`,
          '--plan-text',
          `dev=${join(dir, 'plan.txt')}`,
          '--append',
          `synth diff (dev)=${join(dir, 'diff.md')}`,
          '--max-chars',
          '20000',
          '--output',
          join(dir, 'review.md'),
        ],
        { stdout: (t) => (out += t), stderr: (t) => (out += t) },
      );
      expect([code, out]).toEqual([0, '']);
      const md = readFileSync(join(dir, 'review.md'), 'utf8');
      expect(md.length).toBeLessThanOrEqual(20_000);
      expect(md).toContain(
        '<details><summary>synth diff (dev)</summary>\n\n### synth diff\n\nno change\n\n</details>',
      );
      expect(md).toContain('<details><summary>terraform plan: ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CLI summary: --summary-json and --note (the review job renders without plan JSON)', () => {
  const fixture = join(__dirname, 'fixtures', 'plans', 'delivery-stream-replaced.json');

  it('renders plans summarized earlier by summary --json, with a note', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-review-md-'));
    try {
      const io = { stdout: () => undefined, stderr: () => undefined };
      expect(
        await runCli(['summary', `dev=${fixture}`, '--json', '--output', join(dir, 'dev.json')], io),
      ).toBe(0);
      let out = '';
      const code = await runCli(
        [
          'summary',
          '--summary-json',
          join(dir, 'dev.json'),
          '--note',
          'Forks get no plan.',
          '--fail-on-danger',
        ],
        { stdout: (t) => (out += t), stderr: (t) => (out += t) },
      );
      expect(code).toBe(1);
      expect(out).toContain('**1 dangerous change** across 1 plan');
      expect(out).toContain('> [!NOTE]\n> Forks get no plan.');
      expect(out).toContain('### dev');
      expect(out).not.toContain('"before"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 naming the file when it is not summary --json output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-review-md-'));
    try {
      writeFileSync(join(dir, 'x.json'), '{"plans":[{"label":1}]}');
      let err = '';
      const code = await runCli(['summary', '--summary-json', join(dir, 'x.json')], {
        stdout: () => undefined,
        stderr: (t) => (err += t),
      });
      expect(code).toBe(2);
      expect(err).toContain(
        'Invalid --summary-json: must be the output of `icelog-plan-review summary --json`',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
