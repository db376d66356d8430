import { join } from 'node:path';
import { REVIEW_MARKER, readPlanFile, renderPlanReview, summarizePlan, TerraformPlan } from '../src';

const fixtures = join(__dirname, 'fixtures', 'plans');
const plan = (name: string) => readPlanFile(join(fixtures, name));

describe('summarizePlan: forced replacement of the delivery stream', () => {
  const summary = summarizePlan(plan('delivery-stream-replaced.json'), {
    label: 'dev',
    source: 'dev/plan.json',
  });

  it('counts changes by action', () => {
    expect(summary.counts).toEqual({
      create: 1,
      update: 1,
      replace: 2,
      delete: 0,
      read: 1,
      'no-op': 1,
      forget: 0,
      'replace-forget': 0,
      unknown: 0,
    });
  });

  it('lists every change except no-ops, by action then address', () => {
    expect(summary.resources.map((r) => [r.action, r.address])).toEqual([
      ['create', 'aws_glue_catalog_table.catalog_Table_request_500_5E6F7A8B'],
      ['update', 'aws_iam_role_policy.delivery_Role_GluePolicy_9C0D1E2F'],
      ['replace', 'aws_kinesis_firehose_delivery_stream.delivery_DeliveryStream_1A2B3C4D'],
      ['replace', 'aws_s3_object.firelens_ParserConfig_3A4B5C6D'],
      ['read', 'data.aws_iam_policy_document.delivery_Role_TrustPolicy_1F2E3D4C'],
    ]);
    expect(summary.resources.some((r) => r.address.startsWith('aws_cloudwatch_log_group'))).toBe(false);
  });

  it('names the attributes that force the replacement, from replace_paths', () => {
    const stream = summary.resources.find((r) => r.type === 'aws_kinesis_firehose_delivery_stream')!;
    expect(stream.replacePaths).toEqual(['iceberg_configuration.catalog_arn', 'name']);
    expect(stream.actionReason).toBe('replace_because_cannot_update');
  });

  it('raises one danger for the data-bearing replacement, explaining the consequence', () => {
    const dangers = summary.warnings.filter((w) => w.severity === 'danger');
    expect(dangers).toHaveLength(1);
    expect(dangers[0]).toMatchObject({
      kind: 'replace',
      address: 'aws_kinesis_firehose_delivery_stream.delivery_DeliveryStream_1A2B3C4D',
      attributes: ['iceberg_configuration.catalog_arn', 'name'],
    });
    expect(dangers[0].message).toBe(
      'aws_kinesis_firehose_delivery_stream replaced, forced by `iceberg_configuration.catalog_arn`, `name`. The delivery stream is deleted and created again: records buffered in it (up to the buffering interval/size) are lost, and FireLens producers get errors until the new stream is ACTIVE.',
    );
  });

  it('does not warn about replacing a resource that holds no data', () => {
    expect(summary.warnings.some((w) => w.address.startsWith('aws_s3_object'))).toBe(false);
  });

  it('warns about a wildcard a policy update introduces', () => {
    const wildcard = summary.warnings.find((w) => w.kind === 'policy-wildcard')!;
    expect(wildcard.severity).toBe('warning');
    expect(wildcard.address).toBe('aws_iam_role_policy.delivery_Role_GluePolicy_9C0D1E2F');
    expect(wildcard.message).toBe(
      '`policy` gains Action "glue:*" (sid Tables), Resource "*" (sid Tables); name the actions and resource ARNs instead (SECURITY.md).',
    );
  });
});

describe('summarizePlan: deletions and replacements without replace_paths', () => {
  const summary = summarizePlan(plan('table-deleted.json'), { label: 'prod' });

  it('warns loudly about a deleted Glue table', () => {
    const w = summary.warnings.find((x) => x.kind === 'delete')!;
    expect(w.severity).toBe('danger');
    expect(w.address).toBe('aws_glue_catalog_table.catalog_Table_request_404_0A1B2C3D');
    expect(w.message).toBe(
      'aws_glue_catalog_table deleted. The table definition and its metadata pointer are dropped: the data in S3 becomes unreachable, and Firehose records routed to the table fail with Iceberg.NoSuchTable.',
    );
  });

  it('explains a replacement Terraform was asked for (create-before-destroy order too)', () => {
    const w = summary.warnings.find((x) => x.kind === 'replace')!;
    expect(w.address).toBe('aws_s3_bucket.catalog_Warehouse_Bucket_4E5F6A7B');
    expect(w.message).toMatch(
      /^aws_s3_bucket replaced, because requested with -replace\. The bucket must be deleted first/,
    );
    expect(w.attributes).toEqual([]);
  });

  it('does not warn about an in-place update of a data-bearing resource', () => {
    expect(summary.warnings.some((w) => w.address.startsWith('aws_athena_workgroup'))).toBe(false);
    expect(summary.resources.find((r) => r.type === 'aws_athena_workgroup')!.action).toBe('update');
  });
});

describe('summarizePlan: quiet plans', () => {
  it('has no warnings and no resource rows when nothing changes', () => {
    const summary = summarizePlan(plan('no-changes.json'));
    expect(summary.label).toBe('plan');
    expect(summary.resources).toEqual([]);
    expect(summary.warnings).toEqual([]);
    expect(summary.counts['no-op']).toBe(2);
  });

  it('flags an errored (incomplete) plan', () => {
    const errored: TerraformPlan = { ...plan('no-changes.json'), errored: true };
    expect(summarizePlan(errored, { label: 'dev' }).warnings).toEqual([
      {
        severity: 'danger',
        kind: 'incomplete-plan',
        address: 'dev',
        message: 'Terraform stopped planning on an error: the plan is incomplete and must not be applied.',
      },
    ]);
  });
});

describe('renderPlanReview', () => {
  const dev = summarizePlan(plan('delivery-stream-replaced.json'), { label: 'dev', source: 'dev/plan.json' });
  const prod = summarizePlan(plan('no-changes.json'), { label: 'prod' });
  const markdown = renderPlanReview([dev, prod]);

  it('starts with the hidden sticky-comment marker, once', () => {
    expect(markdown.split('\n')[0]).toBe(REVIEW_MARKER);
    expect(markdown.split(REVIEW_MARKER)).toHaveLength(2);
  });

  it('opens with the danger count across plans', () => {
    expect(markdown).toContain(
      '**1 dangerous change** across 2 plans: read the cautions below before approving.',
    );
  });

  it('renders a section per plan with counts by action', () => {
    expect(markdown).toContain('### dev\n\nplan `dev/plan.json` · Terraform 1.11.4');
    expect(markdown).toContain(
      '| create | update | replace | delete | read | no-op |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n| 1 | 1 | 2 | 0 | 1 | 1 |',
    );
    expect(markdown).toContain('### prod');
    expect(markdown).toContain('No changes.');
  });

  it('puts the dangers in a CAUTION alert and the wildcard in a WARNING alert', () => {
    expect(markdown).toContain(
      '> [!CAUTION]\n> **1 dangerous change: data or state at risk.**\n> - **REPLACE** `aws_kinesis_firehose_delivery_stream.delivery_DeliveryStream_1A2B3C4D`: aws_kinesis_firehose_delivery_stream replaced, forced by',
    );
    expect(markdown).toContain(
      '> [!WARNING]\n> - **POLICY WILDCARD** `aws_iam_role_policy.delivery_Role_GluePolicy_9C0D1E2F`',
    );
  });

  it('tables the resources by action with the attributes forcing replacement', () => {
    expect(markdown).toContain(
      '| `aws_kinesis_firehose_delivery_stream.delivery_DeliveryStream_1A2B3C4D` | aws_kinesis_firehose_delivery_stream | **replace** | iceberg_configuration.catalog_arn, name |',
    );
    expect(markdown).toContain(
      '| `aws_glue_catalog_table.catalog_Table_request_500_5E6F7A8B` | aws_glue_catalog_table | create |  |',
    );
  });

  it('caps the resources table and says how many rows were left out', () => {
    const capped = renderPlanReview([dev], { maxRows: 2 });
    expect(capped).toContain('…and 3 more; the full text is in the job summary of the workflow run.');
    expect(capped).not.toContain('aws_s3_object.firelens_ParserConfig_3A4B5C6D');
  });

  it('reports missing plans instead of dropping them', () => {
    const withMissing = renderPlanReview([prod], { missing: ['dev'] });
    expect(withMissing).toContain(
      '> [!CAUTION]\n> **No plan for `dev`**: the plan job failed or did not run, so this app is NOT reviewed. Check the workflow run.',
    );
    expect(withMissing).toContain('No data-bearing resource is replaced or deleted in 1 plan.');
  });

  it('takes a custom title', () => {
    expect(renderPlanReview([prod], { title: 'icelog plan: prod' })).toContain('\n## icelog plan: prod\n');
  });
});
