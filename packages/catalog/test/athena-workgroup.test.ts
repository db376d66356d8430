import { TerraformOutput } from 'cdktf';
import { NGINX_ACCESS_LOG_COLUMNS, policyDocument } from '@icelog/core';
import { blocksOf, newTestStack, onlyBlock, synthesize, synthesizeWithMetadata } from '@icelog/core/testing';
import {
  AthenaWorkgroup,
  AthenaWorkgroupProps,
  IcebergDatabase,
  IcebergTable,
  WarehouseBucket,
  WarehouseBucketProps,
  athenaQueryStatements,
} from '../src';
import { ACCOUNT, DNS_SUFFIX, REGION, bySid, pattern, refOf, statementsOf } from './support';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const RESULTS_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/abcd1234-12ab-34cd-56ef-1234567890ab';

function synthWorkgroup(props: Partial<AthenaWorkgroupProps> = {}) {
  const stack = newTestStack();
  const workgroup = new AthenaWorkgroup(stack, 'SmokeWorkgroup', {
    workgroupName: 'icelog-dev-smoke',
    ...props,
  });
  return { stack, workgroup, synth: synthesize(stack) };
}

describe('AthenaWorkgroup configuration', () => {
  test('enforced configuration, CloudWatch metrics, engine pinned to version 3', () => {
    const { synth } = synthWorkgroup();
    const wg = onlyBlock(synth.resource, 'aws_athena_workgroup');
    expect(wg.name).toBe('icelog-dev-smoke');
    expect(wg.state).toBe('ENABLED');
    expect(wg.force_destroy).toBe(false);
    expect(wg.configuration).toMatchObject({
      enforce_workgroup_configuration: true,
      publish_cloudwatch_metrics_enabled: true,
      requester_pays_enabled: false,
      engine_version: { selected_engine_version: 'Athena engine version 3' },
    });
    expect(wg.configuration.bytes_scanned_cutoff_per_query).toBeUndefined();
  });

  test('results encrypted with SSE-S3 into the results prefix of a bucket the account owns', () => {
    const { synth } = synthWorkgroup();
    const results = onlyBlock(synth.resource, 'aws_athena_workgroup').configuration.result_configuration;
    expect(results.output_location).toBe(`s3://${refOf(synth, 'aws_s3_bucket', 'bucket')}/athena-results/`);
    expect(results.encryption_configuration).toEqual({ encryption_option: 'SSE_S3' });
    expect(results.expected_bucket_owner).toMatch(pattern(ACCOUNT));
    expect(results.acl_configuration).toBeUndefined();
  });

  test('SSE-KMS results with a customer-managed key, also the default key of the created bucket', () => {
    const { synth, workgroup } = synthWorkgroup({ encryption: { kind: 'SSE_KMS', kmsKeyArn: RESULTS_KEY } });
    const results = onlyBlock(synth.resource, 'aws_athena_workgroup').configuration.result_configuration;
    expect(results.encryption_configuration).toEqual({
      encryption_option: 'SSE_KMS',
      kms_key_arn: RESULTS_KEY,
    });
    expect(
      onlyBlock(synth.resource, 'aws_s3_bucket_server_side_encryption_configuration').rule[0]
        .apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: RESULTS_KEY });
    expect(workgroup.resultsKmsKeyArn).toBe(RESULTS_KEY);
  });

  test('per-query scan limit and forceDestroy for dev', () => {
    const { synth } = synthWorkgroup({ bytesScannedCutoffPerQuery: 1073741824, forceDestroy: true });
    const wg = onlyBlock(synth.resource, 'aws_athena_workgroup');
    expect(wg.configuration.bytes_scanned_cutoff_per_query).toBe(1073741824);
    expect(wg.force_destroy).toBe(true);
    expect(onlyBlock(synth.resource, 'aws_s3_bucket').force_destroy).toBe(true);
  });

  test('description', () => {
    const { synth } = synthWorkgroup({ description: 'icelog smoke checks' });
    expect(onlyBlock(synth.resource, 'aws_athena_workgroup').description).toBe('icelog smoke checks');
  });
});

describe('AthenaWorkgroup results bucket', () => {
  test('created by default: a SecureBucket whose results expire after 7 days', () => {
    const { synth, workgroup } = synthWorkgroup();
    expect(onlyBlock(synth.resource, 'aws_s3_bucket').bucket_prefix).toBe('icelog-athena-results-');
    expect(onlyBlock(synth.resource, 'aws_s3_bucket_public_access_block').block_public_policy).toBe(true);
    expect(
      onlyBlock(synth.resource, 'aws_s3_bucket_server_side_encryption_configuration').rule[0]
        .apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'AES256' });
    const rules = onlyBlock(synth.resource, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(rules.find((r: any) => r.expiration)).toEqual({
      id: 'expire-query-results',
      status: 'Enabled',
      filter: [{ prefix: 'athena-results/' }],
      expiration: [{ days: 7 }],
    });
    expect(workgroup.ownedResultsBucket).toBeDefined();
    expect(workgroup.resultsPrefix).toBe('athena-results/');
  });

  test('custom prefix, bucket prefix and expiry', () => {
    const { synth } = synthWorkgroup({
      resultsPrefix: 'smoke/',
      resultsBucketPrefix: 'acme-results-',
      resultsExpirationDays: 1,
    });
    expect(onlyBlock(synth.resource, 'aws_s3_bucket').bucket_prefix).toBe('acme-results-');
    const rules = onlyBlock(synth.resource, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(rules.find((r: any) => r.expiration)).toMatchObject({
      filter: [{ prefix: 'smoke/' }],
      expiration: [{ days: 1 }],
    });
    expect(
      onlyBlock(synth.resource, 'aws_athena_workgroup').configuration.result_configuration.output_location,
    ).toMatch(/\/smoke\/$/);
  });

  test('an existing bucket: nothing created but the workgroup', () => {
    const { synth, workgroup } = synthWorkgroup({
      resultsBucket: { bucketName: 'acme-query-results', bucketArn: 'arn:aws:s3:::acme-query-results' },
    });
    expect(Object.keys(synth.resource)).toEqual(['aws_athena_workgroup']);
    expect(
      onlyBlock(synth.resource, 'aws_athena_workgroup').configuration.result_configuration.output_location,
    ).toBe('s3://acme-query-results/athena-results/');
    expect(workgroup.ownedResultsBucket).toBeUndefined();
    expect(workgroup.resultsLocation).toBe('s3://acme-query-results/athena-results/');
  });

  test('attributes reference the workgroup resource', () => {
    const stack = newTestStack();
    const wg = new AthenaWorkgroup(stack, 'W', { workgroupName: 'icelog-dev-smoke' });
    new TerraformOutput(stack, 'name', { value: wg.workgroupName });
    new TerraformOutput(stack, 'arn', { value: wg.workgroupArn });
    const synth = synthesize(stack);
    expect(synth.output.name.value).toBe(refOf(synth, 'aws_athena_workgroup', 'name'));
    expect(synth.output.arn.value).toBe(refOf(synth, 'aws_athena_workgroup', 'arn'));
  });
});

describe('AthenaWorkgroup validation', () => {
  const build = (props: Partial<AthenaWorkgroupProps>) => () =>
    new AthenaWorkgroup(newTestStack(), 'Smoke', { workgroupName: 'icelog-dev-smoke', ...props });

  test('workgroup name and description', () => {
    expect(build({ workgroupName: 'icelog dev' })).toThrow(
      'Invalid Smoke.workgroupName: must be 1–128 characters of [a-zA-Z0-9._-]. Received: "icelog dev"',
    );
    expect(build({ workgroupName: 'w'.repeat(129) })).toThrow(
      `Invalid Smoke.workgroupName: must be 1–128 characters of [a-zA-Z0-9._-]. Received: "${'w'.repeat(129)}"`,
    );
    expect(build({ workgroupName: 'w'.repeat(128) })).not.toThrow();
    expect(build({ description: 'd'.repeat(1025) })).toThrow(
      `Invalid Smoke.description: must be at most 1024 characters long. Received: "${'d'.repeat(1025)}"`,
    );
  });

  test('results prefix and bucket settings', () => {
    expect(build({ resultsPrefix: 'results' })).toThrow(
      `Invalid Smoke.resultsPrefix: must be a relative S3 key prefix ending in "/" (no leading "/"; letters, digits, Firehose !{…} expressions and !_.*'()-/=:). Received: "results"`,
    );
    expect(build({ resultsPrefix: 'r/!{timestamp:yyyy}/' })).toThrow(
      'Invalid Smoke.resultsPrefix: must be a literal prefix without Firehose !{…} expressions (lifecycle rules and IAM policies match it literally). Received: "r/!{timestamp:yyyy}/"',
    );
    expect(build({ resultsBucketPrefix: 'Results-' })).toThrow(
      'Invalid Smoke.resultsBucketPrefix: must be 1–37 characters of [a-z0-9.-] starting with a letter or digit (Terraform appends 26 characters). Received: "Results-"',
    );
    expect(build({ resultsExpirationDays: 0 })).toThrow(
      'Invalid Smoke.resultsExpirationDays: must be an integer from 1 to 36500 (days). Received: 0',
    );
    const existing = { bucketName: 'b', bucketArn: 'arn:aws:s3:::b' };
    expect(build({ resultsBucket: existing, resultsExpirationDays: 7 })).toThrow(
      'Invalid Smoke.resultsExpirationDays: must not be set together with resultsBucket (it configures the bucket the construct creates; an existing bucket keeps its own settings). Received: 7',
    );
    expect(build({ resultsBucket: existing, resultsBucketPrefix: 'r-' })).toThrow(
      'Invalid Smoke.resultsBucketPrefix: must not be set together with resultsBucket (it configures the bucket the construct creates; an existing bucket keeps its own settings). Received: "r-"',
    );
  });

  test('KMS key and scan limit', () => {
    expect(build({ encryption: { kind: 'SSE_KMS', kmsKeyArn: 'alias/results' } })).toThrow(
      'Invalid Smoke.encryption.kmsKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "alias/results"',
    );
    expect(build({ bytesScannedCutoffPerQuery: 10485759 })).toThrow(
      'Invalid Smoke.bytesScannedCutoffPerQuery: must be a whole number of bytes, at least 10485760 (10 MiB); leave it unset for no limit. Received: 10485759',
    );
    expect(build({ bytesScannedCutoffPerQuery: 2e7 + 0.5 })).toThrow(
      'Invalid Smoke.bytesScannedCutoffPerQuery: must be a whole number of bytes, at least 10485760 (10 MiB); leave it unset for no limit. Received: 20000000.5',
    );
    expect(build({ bytesScannedCutoffPerQuery: 10485760 })).not.toThrow();
  });
});

describe('athenaQueryStatements', () => {
  function setup(warehouseProps?: WarehouseBucketProps, workgroupProps: Partial<AthenaWorkgroupProps> = {}) {
    const stack = newTestStack();
    const warehouse = new WarehouseBucket(stack, 'Warehouse', warehouseProps);
    const database = new IcebergDatabase(stack, 'Database', { databaseName: 'icelog_dev', warehouse });
    const tables = ['request_200', 'request_404'].map(
      (tableName) =>
        new IcebergTable(stack, `Table-${tableName}`, {
          database,
          tableName,
          columns: NGINX_ACCESS_LOG_COLUMNS,
        }),
    );
    const workgroup = new AthenaWorkgroup(stack, 'Smoke', {
      workgroupName: 'icelog-dev-smoke',
      ...workgroupProps,
    });
    const statements = athenaQueryStatements(workgroup, database, tables, warehouse);
    // Rendered the way a user would attach them, which also runs core's statement validation.
    policyDocument(stack, 'SmokeChecker', statements);
    const synth = synthesize(stack);
    const rendered = synth.data.aws_iam_policy_document;
    const id = Object.keys(rendered).find((k) => k.startsWith('SmokeChecker'))!;
    return {
      synth,
      statements: statementsOf(synth, `\${data.aws_iam_policy_document.${id}.json}`),
      database,
      tables,
      workgroup,
      warehouse,
    };
  }

  const bucketRef = (synth: any, idPart: string, attr: string) => {
    const id = Object.keys(synth.resource.aws_s3_bucket).find((k) => k.startsWith(idPart))!;
    return `\${aws_s3_bucket.${id}.${attr}}`;
  };

  test('Athena query actions on the one workgroup', () => {
    const { synth, statements } = setup();
    expect(bySid(statements, 'AthenaQueries')).toEqual({
      sid: 'AthenaQueries',
      effect: 'Allow',
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
      ],
      resources: [refOf(synth, 'aws_athena_workgroup', 'arn')],
    });
  });

  test('Glue reads on the catalog, the database and exactly the tables', () => {
    const { synth, statements } = setup();
    const glue = bySid(statements, 'GlueCatalogRead');
    expect(glue.actions).toEqual([
      'glue:GetDatabase',
      'glue:GetTable',
      'glue:GetTables',
      'glue:GetPartitions',
    ]);
    expect(glue.resources[0]).toMatch(/:glue:.*:catalog$/);
    expect(glue.resources.slice(1)).toEqual([
      refOf(synth, 'aws_glue_catalog_database', 'arn'),
      ...Object.keys(synth.resource.aws_glue_catalog_table).map(
        (id) => `\${aws_glue_catalog_table.${id}.arn}`,
      ),
    ]);
    expect(glue.actions.join()).not.toContain('Update');
  });

  test('S3: read-only on the warehouse tables prefix, read/write on the results prefix only', () => {
    const { synth, statements } = setup();
    const warehouse = bucketRef(synth, 'Warehouse', 'arn');
    const results = bucketRef(synth, 'Smoke', 'arn');
    expect(bySid(statements, 'WarehouseRead')).toMatchObject({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:GetObject'],
      resources: [warehouse, `${warehouse}/warehouse/*`],
    });
    expect(bySid(statements, 'QueryResultsBucket')).toMatchObject({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [results],
    });
    expect(bySid(statements, 'QueryResultsReadWrite')).toMatchObject({
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [`${results}/athena-results/*`],
    });
    const writes = statements.filter((s) => s.actions.includes('s3:PutObject'));
    expect(writes.map((s) => s.sid)).toEqual(['QueryResultsReadWrite']);
    expect(statements.filter((s) => s.sid?.endsWith('Key'))).toEqual([]);
  });

  test('KMS keys of the warehouse and of the results, through S3 only', () => {
    const { statements } = setup(
      { encryption: { kind: 'KMS', kmsKeyArn: KEY } },
      { encryption: { kind: 'SSE_KMS', kmsKeyArn: RESULTS_KEY } },
    );
    const via = [
      {
        test: 'StringEquals',
        variable: 'kms:ViaService',
        values: [expect.stringMatching(pattern('s3.', REGION, '.', DNS_SUFFIX))],
      },
    ];
    expect(bySid(statements, 'WarehouseKey')).toMatchObject({
      actions: ['kms:Decrypt'],
      resources: [KEY],
      condition: via,
    });
    expect(bySid(statements, 'QueryResultsKey')).toMatchObject({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [RESULTS_KEY],
      condition: via,
    });
  });

  test('no wildcard resources beyond the two key prefixes', () => {
    const { statements } = setup();
    const wildcards = statements.flatMap((s) => s.resources).filter((r) => r.includes('*'));
    expect(wildcards).toHaveLength(2);
    expect(wildcards.every((r) => /\/(warehouse|athena-results)\/\*$/.test(r))).toBe(true);
  });

  test('rejects an empty table list and tables of another database', () => {
    const stack = newTestStack();
    const warehouse = new WarehouseBucket(stack, 'Warehouse');
    const database = new IcebergDatabase(stack, 'Database', { databaseName: 'icelog_dev', warehouse });
    const other = new IcebergDatabase(stack, 'Other', { databaseName: 'other', warehouse });
    const foreign = new IcebergTable(stack, 'Foreign', {
      database: other,
      tableName: 't',
      columns: NGINX_ACCESS_LOG_COLUMNS,
    });
    const workgroup = new AthenaWorkgroup(stack, 'Smoke', { workgroupName: 'smoke' });
    expect(() => athenaQueryStatements(workgroup, database, [], warehouse)).toThrow(
      'Invalid tables: must name at least one table to query. Received: []',
    );
    expect(() => athenaQueryStatements(workgroup, database, [foreign], warehouse)).toThrow(
      `Invalid tables[0].database: must be the queried database "${database.databaseName}". Received: "${other.databaseName}"`,
    );
    expect(blocksOf(synthesize(stack).resource, 'aws_athena_workgroup')).not.toEqual({});
  });
});

describe('AthenaWorkgroup guardrail suppressions', () => {
  test('its own results bucket records why it is not versioned', () => {
    const stack = newTestStack();
    new AthenaWorkgroup(stack, 'SmokeWorkgroup', { workgroupName: 'icelog-dev-smoke' });
    const bucket = onlyBlock(synthesizeWithMetadata(stack).resource, 'aws_s3_bucket');
    expect(bucket['//'].guardrails.suppressions).toEqual([
      { id: 'CKV_AWS_21', reason: expect.stringContaining('transient Athena query results') },
    ]);
  });
});
