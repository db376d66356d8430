import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  diffSynth,
  diffValues,
  loadSynth,
  REVIEW_MARKER,
  renderSynthDiff,
  stripComments,
  SynthesizedJson,
  withoutIndices,
} from '../src';

const stacks = join(__dirname, 'fixtures', 'stacks');
const base = loadSynth(join(stacks, 'base')).json;
const clone = (): any => structuredClone(base);
const STREAM = 'delivery_DeliveryStream_965AC817';
const STREAM_ADDRESS = `aws_kinesis_firehose_delivery_stream.${STREAM}`;

describe('loadSynth', () => {
  it('reads a cdktf.out directory with one stack, a stack directory, and a file', () => {
    expect(loadSynth(join(stacks, 'base')).path).toBe(
      join(stacks, 'base', 'stacks', 'icelog-dev', 'cdk.tf.json'),
    );
    expect(loadSynth(join(stacks, 'new-route')).path).toBe(join(stacks, 'new-route', 'cdk.tf.json'));
    const file = join(stacks, 'renamed-construct', 'cdk.tf.json');
    expect(loadSynth(file).path).toBe(file);
  });

  const dir = mkdtempSync(join(tmpdir(), 'synth-diff-'));

  it('names a missing path', () => {
    expect(() => loadSynth(join(dir, 'nope'))).toThrow(
      `Invalid synth path: must exist. Received: "${join(dir, 'nope')}"`,
    );
  });

  it('refuses a cdktf.out with several stacks', () => {
    const out = join(dir, 'multi');
    for (const s of ['a', 'b']) {
      mkdirSync(join(out, 'stacks', s), { recursive: true });
      writeFileSync(join(out, 'stacks', s, 'cdk.tf.json'), '{}');
    }
    expect(() => loadSynth(out)).toThrow(
      `Invalid synth path: must hold exactly one stack under stacks/ (found 2: a, b); pass the stack directory. Received: "${out}"`,
    );
  });

  it('refuses a directory without cdk.tf.json', () => {
    mkdirSync(join(dir, 'empty'));
    expect(() => loadSynth(join(dir, 'empty'))).toThrow(
      `Invalid synth path: must be a cdk.tf.json file or a directory holding one. Received: "${join(dir, 'empty')}"`,
    );
  });

  it('refuses a file that is not a JSON object', () => {
    writeFileSync(join(dir, 'list.json'), '[]');
    expect(() => loadSynth(join(dir, 'list.json'))).toThrow(
      `Invalid synth file: must hold a JSON object. Received: "${join(dir, 'list.json')}"`,
    );
  });
});

describe('diffValues', () => {
  it('reports changed, added and removed leaves with list indices', () => {
    expect(diffValues({ a: 1, b: [1, 2], c: { d: 'x' } }, { a: 2, b: [1], c: { d: 'x', e: true } })).toEqual([
      { path: 'a', before: 1, after: 2 },
      { path: 'b[1]', before: 2 },
      { path: 'c.e', after: true },
    ]);
  });

  it('drops cdktf comment keys at any depth', () => {
    expect(stripComments({ '//': { metadata: 1 }, a: [{ '//': 'x', b: 1 }] })).toEqual({ a: [{ b: 1 }] });
    expect(withoutIndices('statement[0].actions[3]')).toBe('statement.actions');
  });
});

describe('diffSynth: renamed construct', () => {
  const diff = diffSynth(base, loadSynth(join(stacks, 'renamed-construct')).json);

  it('pairs each removed table with the added table of the same type, showing old and new logical ids', () => {
    expect(diff.renamed.map((r) => [r.from, r.to, r.similarity, r.moved])).toEqual([
      [
        'aws_glue_catalog_table.catalog_Tables_request_200_A69BE6E9',
        'aws_glue_catalog_table.catalog_RoutedTables_request_200_95F67BFA',
        1,
        false,
      ],
      [
        'aws_glue_catalog_table.catalog_Tables_request_404_7BA94F7D',
        'aws_glue_catalog_table.catalog_RoutedTables_request_404_19CAFF41',
        1,
        false,
      ],
      [
        'aws_glue_catalog_table.catalog_Tables_request_other_C5416248',
        'aws_glue_catalog_table.catalog_RoutedTables_request_other_7A7D8D5B',
        1,
        false,
      ],
    ]);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([]);
  });

  it('raises a danger per renamed Glue table: a rename is a replacement', () => {
    expect(diff.warnings.map((w) => [w.severity, w.kind, w.address])).toEqual([
      ['danger', 'rename', 'aws_glue_catalog_table.catalog_RoutedTables_request_200_95F67BFA'],
      ['danger', 'rename', 'aws_glue_catalog_table.catalog_RoutedTables_request_404_19CAFF41'],
      ['danger', 'rename', 'aws_glue_catalog_table.catalog_RoutedTables_request_other_7A7D8D5B'],
    ]);
    expect(diff.warnings[0].message).toBe(
      'logical id changed from `aws_glue_catalog_table.catalog_Tables_request_200_A69BE6E9` to `aws_glue_catalog_table.catalog_RoutedTables_request_200_95F67BFA`: Terraform destroys the old resource and creates a new one. The Glue Iceberg table is dropped and created empty: it loses its metadata pointer (metadata_location), so existing snapshots and data in S3 become unreachable from Athena and Firehose. Keep the construct id, or add a moved block (cdktf: `moveFromId`).',
    );
  });

  it('treats a rename covered by a moved block as a state move, not a replacement', () => {
    const head = loadSynth(join(stacks, 'renamed-construct')).json as any;
    const moved = structuredClone(head);
    moved.moved = [
      {
        from: 'aws_glue_catalog_table.catalog_Tables_request_200_A69BE6E9',
        to: 'aws_glue_catalog_table.catalog_RoutedTables_request_200_95F67BFA',
      },
    ];
    const d = diffSynth(base, moved);
    expect(d.renamed.find((r) => r.to.includes('request_200'))!.moved).toBe(true);
    expect(d.warnings.map((w) => w.address)).not.toContain(
      'aws_glue_catalog_table.catalog_RoutedTables_request_200_95F67BFA',
    );
    expect(d.warnings.filter((w) => w.kind === 'rename')).toHaveLength(2);
  });

  it('warns (not danger) for a rename of a resource that holds no data', () => {
    const head = clone();
    const policies = head.resource.aws_iam_role_policy;
    policies.delivery_GlueAccess_0F1E2D3C = policies.delivery_RoleGlue_FC3E53B0;
    delete policies.delivery_RoleGlue_FC3E53B0;
    const d = diffSynth(base, head);
    expect(d.renamed).toHaveLength(1);
    expect(d.warnings).toEqual([
      expect.objectContaining({ severity: 'warning', kind: 'rename', type: 'aws_iam_role_policy' }),
    ]);
  });
});

describe('diffSynth: changed destination table list', () => {
  const head = loadSynth(join(stacks, 'new-route')).json;

  it('reports the added table and the changed stream and policy values', () => {
    const diff = diffSynth(base, head);
    expect(diff.added).toEqual([
      {
        address: 'aws_glue_catalog_table.catalog_Tables_request_500_2AD21730',
        type: 'aws_glue_catalog_table',
      },
    ]);
    expect(diff.changed.map((c) => c.address)).toEqual([
      STREAM_ADDRESS,
      'data.aws_iam_policy_document.delivery_GluePolicy_7AD1AC3E',
    ]);
    expect(diff.changed[0].changes).toEqual([
      {
        path: 'iceberg_configuration.destination_table_configuration[2].table_name',
        before: 'request_other',
        after: 'request_500',
      },
      {
        path: 'iceberg_configuration.destination_table_configuration[3]',
        after: {
          database_name: '${aws_glue_catalog_database.catalog_Database_5CB2398A.name}',
          table_name: 'request_other',
        },
      },
    ]);
  });

  it('a table added to the list is a replacement with the pinned hashicorp/aws 5.100.0 (ForceNew block)', () => {
    const diff = diffSynth(base, head);
    expect(diff.warnings).toEqual([
      expect.objectContaining({
        severity: 'danger',
        kind: 'force-new-change',
        address: STREAM_ADDRESS,
        attributes: ['iceberg_configuration.destination_table_configuration'],
      }),
    ]);
    expect(diff.warnings[0].message).toMatch(
      /^changed `iceberg_configuration\.destination_table_configuration` \(3 → 4 blocks\), which forces a replacement\. The delivery stream is deleted and created again/,
    );
    expect(diff.warnings[0].message).toContain('hashicorp/aws 5.100.0 marks the block ForceNew');
    expect(diff.warnings[0].message).not.toMatch(/upgrade/);
    expect(renderSynthDiff(diff)).toContain('> [!CAUTION]');
  });

  it('a table removed from the list, or the whole list dropped (JQ routing), is a replacement too', () => {
    const removed = clone();
    const stream = removed.resource.aws_kinesis_firehose_delivery_stream[STREAM].iceberg_configuration;
    stream.destination_table_configuration.pop();
    const dropped = clone();
    delete dropped.resource.aws_kinesis_firehose_delivery_stream[STREAM].iceberg_configuration
      .destination_table_configuration;
    for (const [head_, counts] of [
      [removed, '3 → 2'],
      [dropped, '3 → 0'],
    ] as const) {
      const diff = diffSynth(base, head_);
      expect(diff.warnings).toEqual([
        expect.objectContaining({ severity: 'danger', kind: 'force-new-change', address: STREAM_ADDRESS }),
      ]);
      expect(diff.warnings[0].message).toContain(`(${counts} blocks)`);
    }
  });

  it('editing a table of the list in place (same number of blocks) updates the stream in place: no finding', () => {
    const edited = clone();
    edited.resource.aws_kinesis_firehose_delivery_stream[
      STREAM
    ].iceberg_configuration.destination_table_configuration[0].table_name = 'request_2xx';
    const diff = diffSynth(base, edited);
    expect(diff.changed.map((c) => c.address)).toEqual([STREAM_ADDRESS]);
    expect(diff.warnings).toEqual([]);
  });
});

describe('diffSynth: attributes that force replacement', () => {
  it('flags a changed delivery stream name and catalog as a replacement', () => {
    const head = clone();
    head.resource.aws_kinesis_firehose_delivery_stream[STREAM].name = 'icelog-dev-v2';
    head.resource.aws_kinesis_firehose_delivery_stream[STREAM].iceberg_configuration.catalog_arn =
      'arn:aws:glue:eu-west-1:123456789012:catalog/other';
    const diff = diffSynth(base, head);
    expect(diff.warnings).toEqual([
      expect.objectContaining({
        severity: 'danger',
        kind: 'force-new-change',
        address: STREAM_ADDRESS,
        attributes: ['iceberg_configuration.catalog_arn', 'name'],
      }),
    ]);
  });

  it('flags adding a Kinesis source to the delivery stream (whole block added)', () => {
    const head = clone();
    head.resource.aws_kinesis_firehose_delivery_stream[STREAM].kinesis_source_configuration = {
      kinesis_stream_arn: '${aws_kinesis_stream.source.arn}',
      role_arn: '${aws_iam_role.delivery_Role_7EC53868.arn}',
    };
    expect(diffSynth(base, head).warnings[0]).toMatchObject({
      severity: 'danger',
      attributes: ['kinesis_source_configuration'],
    });
  });

  it('flags a changed Glue table name and bucket name', () => {
    const head = clone();
    const table = Object.keys(head.resource.aws_glue_catalog_table)[0];
    head.resource.aws_glue_catalog_table[table].name = 'request_2xx';
    const bucket = Object.keys(head.resource.aws_s3_bucket)[0];
    head.resource.aws_s3_bucket[bucket].bucket = 'icelog-dev-warehouse-2';
    const diff = diffSynth(base, head);
    expect(diff.warnings.map((w) => [w.severity, w.type, w.attributes])).toEqual([
      ['danger', 'aws_glue_catalog_table', ['name']],
      ['danger', 'aws_s3_bucket', ['bucket']],
    ]);
  });

  it('does not flag in-place changes of data-bearing resources', () => {
    const head = clone();
    head.resource.aws_kinesis_firehose_delivery_stream[STREAM].iceberg_configuration.buffering_interval = 60;
    const logGroup = Object.keys(head.resource.aws_cloudwatch_log_group)[0];
    head.resource.aws_cloudwatch_log_group[logGroup].retention_in_days = 90;
    const diff = diffSynth(base, head);
    expect(diff.changed).toHaveLength(2);
    expect(diff.warnings).toEqual([]);
  });

  it('flags a removed data-bearing resource as a deletion', () => {
    const head = clone();
    delete head.resource.aws_cloudwatch_log_group;
    const diff = diffSynth(base, head);
    expect(diff.removed).toEqual([
      { address: 'aws_cloudwatch_log_group.delivery_ErrorLogs_4DDF7D81', type: 'aws_cloudwatch_log_group' },
    ]);
    expect(diff.warnings).toEqual([
      expect.objectContaining({
        severity: 'danger',
        kind: 'delete',
        message:
          'aws_cloudwatch_log_group removed from the stack: Terraform deletes it. All log events in the group are lost.',
      }),
    ]);
  });
});

describe('diffSynth: stack settings and policies', () => {
  it('ignores changes to // metadata only', () => {
    const head = clone();
    head['//'].metadata.version = '0.21.1';
    head.resource.aws_kinesis_firehose_delivery_stream[STREAM]['//'].metadata.path = 'elsewhere';
    const diff = diffSynth(base, head);
    expect([diff.added, diff.removed, diff.renamed, diff.changed, diff.warnings]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
  });

  it('flags a changed state backend key', () => {
    const head = clone();
    head.terraform.backend.s3.key = 'icelog/dev-v2.tfstate';
    expect(diffSynth(base, head).warnings).toEqual([
      {
        severity: 'danger',
        kind: 'backend-change',
        address: 'terraform.backend',
        message:
          'state backend changed (`s3.key`): Terraform reads a different state and plans every resource as new unless the state is migrated (terraform init -migrate-state).',
        attributes: ['s3.key'],
      },
    ]);
  });

  it('flags a changed provider region', () => {
    const head = clone();
    head.provider.aws[0].region = 'eu-central-1';
    expect(diffSynth(base, head).warnings).toEqual([
      expect.objectContaining({
        severity: 'danger',
        kind: 'region-change',
        message: expect.stringContaining('(default=eu-west-1 → default=eu-central-1)'),
      }),
    ]);
  });

  it('flags a wildcard added to a policy document, not the ones already there', () => {
    const head = clone();
    const doc = head.data.aws_iam_policy_document.delivery_GluePolicy_7AD1AC3E;
    doc.statement[0].actions.push('glue:*');
    doc.statement.push({ effect: 'Deny', actions: ['*'], resources: ['*'] });
    const diff = diffSynth(base, head);
    expect(diff.warnings).toEqual([
      {
        severity: 'warning',
        kind: 'policy-wildcard',
        address: 'data.aws_iam_policy_document.delivery_GluePolicy_7AD1AC3E',
        type: 'aws_iam_policy_document',
        message: 'statement gains Action "glue:*"; name the actions and resource ARNs instead (SECURITY.md).',
      },
    ]);
    expect(diffSynth(head, head).warnings).toEqual([]);
  });

  it('flags a wildcard in a literal policy JSON attribute', () => {
    const head = clone();
    const name = Object.keys(head.resource.aws_iam_role_policy)[0];
    head.resource.aws_iam_role_policy[name].policy = JSON.stringify({
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
    expect(diffSynth(base, head).warnings).toEqual([
      expect.objectContaining({
        kind: 'policy-wildcard',
        message: expect.stringContaining('policy gains Resource "*"'),
      }),
    ]);
  });
});

describe('renderSynthDiff', () => {
  it('renders the renamed construct with both logical ids, under the sticky marker', () => {
    const markdown = renderSynthDiff(
      diffSynth(base, loadSynth(join(stacks, 'renamed-construct')).json, {
        baseLabel: 'main',
        headLabel: 'pr',
      }),
    );
    expect(markdown.startsWith(`${REVIEW_MARKER}\n## icelog synth diff\n\n\`main\` → \`pr\``)).toBe(true);
    expect(markdown).toContain('> [!CAUTION]\n> **3 dangerous changes: data or state at risk.**');
    expect(markdown).toContain(
      '| aws_glue_catalog_table | `aws_glue_catalog_table.catalog_Tables_request_200_A69BE6E9` | `aws_glue_catalog_table.catalog_RoutedTables_request_200_95F67BFA` | 1.00 | **replaced** |',
    );
    expect(markdown).toContain('| 0 | 0 | 3 | 0 |');
  });

  it('renders changed values, cut in the middle so the distinguishing end stays visible', () => {
    const markdown = renderSynthDiff(diffSynth(base, loadSynth(join(stacks, 'new-route')).json));
    expect(markdown).toContain(
      '<details><summary><code>aws_kinesis_firehose_delivery_stream.delivery_DeliveryStream_965AC817</code> (2 values)</summary>',
    );
    expect(markdown).toContain(
      '| `iceberg_configuration.destination_table_configuration[2].table_name` | "request_other" | "request_500" |',
    );
    expect(markdown).toContain(
      '| `statement[0].resources[2]` | "arn:aws:glue:eu-west-1:${data.aws_calle…unt_id}:table/icelog_dev/request_other" | "arn:aws:glue:eu-west-1:${data.aws_calle…count_id}:table/icelog_dev/request_500" |',
    );
    expect(markdown).toContain('### Added');
  });

  it('lists at most maxChangesPerBlock values per block', () => {
    const tagged = (value: string): SynthesizedJson => {
      const json = clone();
      json.resource.aws_kinesis_firehose_delivery_stream[STREAM].tags = Object.fromEntries(
        Array.from({ length: 5 }, (_, i) => [`k${i}`, value]),
      );
      return json;
    };
    const markdown = renderSynthDiff(diffSynth(tagged('a'), tagged('b')), { maxChangesPerBlock: 2 });
    expect(markdown).toContain('| `tags.k1` | "a" | "b" |');
    expect(markdown).not.toContain('tags.k2');
    expect(markdown).toContain('…and 3 more.');
  });
});
