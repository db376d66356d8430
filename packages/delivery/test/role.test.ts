import { SynthesizedStack, onlyBlock } from '@icelog/core/testing';
import { KEY_ARN, documentOf, policyStatements, ref, routingFor, synthStream, table } from './fixtures';

const KINESIS_ARN = 'arn:aws:kinesis:eu-west-1:111122223333:stream/icelog-logs';

/** Every statement of every policy document of the stack, trust policy included. */
function allStatements(json: SynthesizedStack): any[] {
  return Object.values(json.data.aws_iam_policy_document ?? {}).flatMap((doc: any) => doc.statement);
}

describe('trust policy', () => {
  test('only firehose.amazonaws.com may assume the role, with this account as external id', () => {
    const { json } = synthStream();
    const role = onlyBlock(json.resource, 'aws_iam_role');
    expect(documentOf(json, role.assume_role_policy).statement).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['firehose.amazonaws.com'] }],
        condition: [
          {
            test: 'StringEquals',
            variable: 'sts:ExternalId',
            values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\.\w+\.account_id\}$/)],
          },
        ],
      },
    ]);
  });

  test('the role is named after the stream', () => {
    const role = onlyBlock(synthStream().json.resource, 'aws_iam_role');
    expect(role.name_prefix).toBe('icelog-dev-');
    expect(role.name).toBeUndefined();
    expect(role.description).toBe(
      'Kinesis Data Firehose delivery of icelog-dev to Apache Iceberg tables (icelog)',
    );
  });
});

describe('permissions (Direct PUT)', () => {
  const tables = [
    { table: table('request_200') },
    { table: table('request_404') },
    { table: table('request_other') },
  ];
  const routing = routingFor('request_200', 'request_404', 'request_other');

  test('exactly three inline policies: tables, warehouse, logging', () => {
    const { json } = synthStream({ tables, routing });
    const names = Object.values(json.resource.aws_iam_role_policy).map((p: any) => p.name);
    expect(names.sort()).toEqual(['ErrorLogging', 'IcebergTables', 'WarehouseBucket']);
    expect(json.resource.aws_iam_role_policy_attachment).toBeUndefined();
  });

  test('Glue: read and update only the catalog, the one database and the exact table ARNs', () => {
    const { json } = synthStream({ tables, routing });
    expect(policyStatements(json, 'IcebergTables')).toEqual([
      {
        sid: 'IcebergCatalogAccess',
        effect: 'Allow',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'],
        resources: [
          'arn:aws:glue:eu-west-1:111122223333:catalog',
          'arn:aws:glue:eu-west-1:111122223333:database/icelog',
          'arn:aws:glue:eu-west-1:111122223333:table/icelog/request_200',
          'arn:aws:glue:eu-west-1:111122223333:table/icelog/request_404',
          'arn:aws:glue:eu-west-1:111122223333:table/icelog/request_other',
        ],
      },
    ]);
  });

  test('S3: the warehouse bucket and its objects only', () => {
    expect(policyStatements(synthStream().json, 'WarehouseBucket')).toEqual([
      {
        sid: 'WarehouseBucketAccess',
        effect: 'Allow',
        actions: [
          's3:AbortMultipartUpload',
          's3:GetBucketLocation',
          's3:GetObject',
          's3:ListBucket',
          's3:ListBucketMultipartUploads',
          's3:PutObject',
          's3:DeleteObject',
        ],
        resources: ['arn:aws:s3:::icelog-dev-warehouse', 'arn:aws:s3:::icelog-dev-warehouse/*'],
      },
    ]);
  });

  test('Logs: PutLogEvents on the two log streams only', () => {
    const { json } = synthStream();
    const ids = Object.keys(json.resource.aws_cloudwatch_log_stream);
    expect(policyStatements(json, 'ErrorLogging')).toEqual([
      {
        sid: 'PutDeliveryErrorLogEvents',
        effect: 'Allow',
        actions: ['logs:PutLogEvents'],
        resources: expect.arrayContaining(ids.map((id) => `\${aws_cloudwatch_log_stream.${id}.arn}`)),
      },
    ]);
    expect(policyStatements(json, 'ErrorLogging')[0].resources).toHaveLength(2);
  });

  test('no wildcard resource, no wildcard Glue ARN, no wildcard action, no KMS without a CMK', () => {
    const { json } = synthStream({ tables, routing });
    const statements = allStatements(json);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const resource of statement.resources ?? []) {
        expect(resource).not.toBe('*');
        expect(resource).not.toMatch(/:(database|table)\/.*\*/);
      }
      for (const action of statement.actions) expect(action).not.toMatch(/(^\*$|:\*$)/);
    }
    expect(JSON.stringify(statements)).not.toContain('kms:');
    expect(JSON.stringify(statements)).not.toContain('kinesis:');
  });
});

describe('permissions (Kinesis source)', () => {
  test('a created stream: read it, decrypt nothing with the AWS-managed key', () => {
    const { json } = synthStream({ source: { kind: 'kinesis' } });
    expect(policyStatements(json, 'KinesisSource')).toEqual([
      {
        sid: 'ReadSourceStream',
        effect: 'Allow',
        actions: [
          'kinesis:DescribeStream',
          'kinesis:GetShardIterator',
          'kinesis:GetRecords',
          'kinesis:ListShards',
        ],
        resources: [ref(json, 'aws_kinesis_stream', 'arn')],
      },
    ]);
  });

  test('a created stream with a CMK: kms:Decrypt on that key through Kinesis only', () => {
    const { json } = synthStream({ source: { kind: 'kinesis', encryptionKeyArn: KEY_ARN } });
    const [, decrypt] = policyStatements(json, 'KinesisSource');
    expect(decrypt).toEqual({
      sid: 'DecryptSourceStream',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: [KEY_ARN],
      condition: [
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: [
            expect.stringMatching(
              /^kinesis\.\$\{data\.aws_region\.\w+\.name\}\.\$\{data\.aws_partition\.\w+\.dns_suffix\}$/,
            ),
          ],
        },
      ],
    });
  });

  test('an existing stream: read exactly that ARN (and decrypt with its CMK)', () => {
    const { json } = synthStream({
      source: { kind: 'existing-kinesis', streamArn: KINESIS_ARN, encryptionKeyArn: KEY_ARN },
    });
    const statements = policyStatements(json, 'KinesisSource');
    expect(statements.map((s) => [s.sid, s.resources])).toEqual([
      ['ReadSourceStream', [KINESIS_ARN]],
      ['DecryptSourceStream', [KEY_ARN]],
    ]);
  });

  test('the delivery stream also depends on the Kinesis policy', () => {
    const { json, firehose } = synthStream({ source: { kind: 'existing-kinesis', streamArn: KINESIS_ARN } });
    const id = Object.entries(json.resource.aws_iam_role_policy).find(
      ([, p]: any) => p.name === 'KinesisSource',
    )![0];
    expect(firehose.depends_on).toContain(`aws_iam_role_policy.${id}`);
    expect(firehose.depends_on).toHaveLength(4);
  });
});
