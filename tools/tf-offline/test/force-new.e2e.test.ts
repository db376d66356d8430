import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DATA_BEARING_TYPES,
  attributePath,
  readPlanFile,
  summarizePlan,
  TerraformPlan,
} from '@icelog/plan-review';
import { planOffline } from '../src';

/**
 * Checks the force-new table of @icelog/plan-review against the real hashicorp/aws provider: one
 * resource per (type, attribute), planned against a seeded state whose value of that attribute
 * differs from the configuration. Terraform must answer "replace" with that attribute in
 * `replace_paths`, except where the table says the pinned version still updates in place.
 */

jest.setTimeout(900_000);

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/r`;

type Attrs = Record<string, any>;

const iceberg = (): Attrs => ({
  buffering_interval: 300,
  buffering_size: 5,
  catalog_arn: `arn:aws:glue:eu-west-1:${ACCOUNT}:catalog`,
  role_arn: ROLE,
  s3_backup_mode: 'FailedDataOnly',
  retry_duration: 300,
  destination_table_configuration: [{ database_name: 'icelog_dev', table_name: 'request_200' }],
  s3_configuration: [
    { bucket_arn: 'arn:aws:s3:::icelog-dev-errors', role_arn: ROLE, error_output_prefix: 'errors/' },
  ],
});
const stream = (extra: Attrs = {}): Attrs => ({
  name: 'icelog-dev',
  destination: 'iceberg',
  iceberg_configuration: [iceberg()],
  ...extra,
});
const tableBucket = `arn:aws:s3tables:eu-west-1:${ACCOUNT}:bucket/icelog`;

/** type → attribute path → [configuration, change that makes the state differ]. */
const CASES: Record<string, Record<string, [Attrs, (state: Attrs) => void]>> = {
  aws_kinesis_firehose_delivery_stream: {
    name: [stream(), (s) => (s.name = 'icelog-old')],
    destination: [stream(), (s) => (s.destination = 'extended_s3')],
    kinesis_source_configuration: [
      stream({
        kinesis_source_configuration: [
          { kinesis_stream_arn: `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/new`, role_arn: ROLE },
        ],
      }),
      (s) =>
        (s.kinesis_source_configuration[0].kinesis_stream_arn = `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/old`),
    ],
    msk_source_configuration: [
      stream({
        msk_source_configuration: [
          {
            msk_cluster_arn: `arn:aws:kafka:eu-west-1:${ACCOUNT}:cluster/c/1`,
            topic_name: 'logs',
            authentication_configuration: [{ connectivity: 'PRIVATE', role_arn: ROLE }],
          },
        ],
      }),
      (s) => (s.msk_source_configuration[0].topic_name = 'old-logs'),
    ],
    'iceberg_configuration.catalog_arn': [
      stream(),
      (s) => (s.iceberg_configuration[0].catalog_arn = `arn:aws:glue:eu-west-1:${ACCOUNT}:catalog/old`),
    ],
    'iceberg_configuration.destination_table_configuration': [
      stream(),
      (s) => (s.iceberg_configuration[0].destination_table_configuration[0].table_name = 'request_old'),
    ],
  },
  aws_kinesis_stream: { name: [{ name: 'icelog-dev', shard_count: 1 }, (s) => (s.name = 'icelog-old')] },
  aws_glue_catalog_database: {
    name: [{ name: 'icelog_dev' }, (s) => (s.name = 'icelog_old')],
    catalog_id: [{ name: 'icelog_dev', catalog_id: ACCOUNT }, (s) => (s.catalog_id = '210987654321')],
  },
  aws_glue_catalog_table: {
    name: [
      { name: 'request_200', database_name: 'icelog_dev', table_type: 'EXTERNAL_TABLE' },
      (s) => (s.name = 'request_2xx'),
    ],
    database_name: [
      { name: 'request_200', database_name: 'icelog_dev', table_type: 'EXTERNAL_TABLE' },
      (s) => (s.database_name = 'icelog_old'),
    ],
    catalog_id: [
      { name: 'request_200', database_name: 'icelog_dev', catalog_id: ACCOUNT, table_type: 'EXTERNAL_TABLE' },
      (s) => (s.catalog_id = '210987654321'),
    ],
  },
  aws_s3_bucket: {
    bucket: [{ bucket: 'icelog-dev-warehouse' }, (s) => (s.bucket = 'icelog-old-warehouse')],
    bucket_prefix: [
      { bucket_prefix: 'icelog-new-' },
      (s) => ((s.bucket_prefix = 'icelog-old-'), (s.bucket = 'icelog-old-1')),
    ],
    object_lock_enabled: [
      { bucket: 'icelog-dev-locked', object_lock_enabled: true },
      (s) => (s.object_lock_enabled = false),
    ],
  },
  aws_cloudwatch_log_group: {
    name: [{ name: '/icelog/dev' }, (s) => (s.name = '/icelog/old')],
    name_prefix: [
      { name_prefix: '/icelog/new-' },
      (s) => ((s.name_prefix = '/icelog/old-'), (s.name = '/icelog/old-1')),
    ],
    log_group_class: [
      { name: '/icelog/ia', log_group_class: 'INFREQUENT_ACCESS' },
      (s) => (s.log_group_class = 'STANDARD'),
    ],
  },
  aws_athena_workgroup: { name: [{ name: 'icelog-dev' }, (s) => (s.name = 'icelog-old')] },
  aws_kms_key: {
    customer_master_key_spec: [
      { customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' },
      (s) => (s.customer_master_key_spec = 'RSA_4096'),
    ],
    key_usage: [{ key_usage: 'ENCRYPT_DECRYPT' }, (s) => (s.key_usage = 'GENERATE_VERIFY_MAC')],
    multi_region: [{ multi_region: true }, (s) => (s.multi_region = false)],
    custom_key_store_id: [
      { custom_key_store_id: 'cks-1234567890abcdef0' },
      (s) => (s.custom_key_store_id = 'cks-0fedcba0987654321'),
    ],
  },
  aws_s3tables_table_bucket: { name: [{ name: 'icelog-tables' }, (s) => (s.name = 'icelog-old-tables')] },
  aws_s3tables_namespace: {
    namespace: [{ namespace: 'icelog', table_bucket_arn: tableBucket }, (s) => (s.namespace = 'old')],
    table_bucket_arn: [
      { namespace: 'icelog', table_bucket_arn: tableBucket },
      (s) => (s.table_bucket_arn = `${tableBucket}-old`),
    ],
  },
  aws_s3tables_table: {
    table_bucket_arn: [
      { name: 'request_200', namespace: 'icelog', format: 'ICEBERG', table_bucket_arn: tableBucket },
      (s) => (s.table_bucket_arn = `${tableBucket}-old`),
    ],
  },
};

/** Resource schema versions of hashicorp/aws 5.100.0 (`terraform providers schema -json`). */
const SCHEMA_VERSION: Record<string, number> = {
  aws_kinesis_firehose_delivery_stream: 1,
  aws_kinesis_stream: 1,
};

const tablePairs = Object.values(DATA_BEARING_TYPES).flatMap((t) =>
  t.forceNew.map((f) => [t.type, f.path, f] as const),
);

it('has a case for every entry of the force-new table', () => {
  const cases = Object.entries(CASES).flatMap(([type, byPath]) =>
    Object.keys(byPath).map((p) => `${type} ${p}`),
  );
  expect(cases.sort()).toEqual(tablePairs.map(([type, path]) => `${type} ${path}`).sort());
});

describe('force-new table against hashicorp/aws (real terraform plan with a seeded state)', () => {
  let changes: Map<string, any>;
  let plan: TerraformPlan;
  const names = new Map<string, string>();

  beforeAll(async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'tf-force-new-'));
    const resource: Record<string, Record<string, Attrs>> = {};
    const resources: Attrs[] = [];
    let i = 0;
    for (const [type, byPath] of Object.entries(CASES)) {
      for (const [path, [config, change]] of Object.entries(byPath)) {
        const name = `case${i++}_${path.replace(/\W/g, '_')}`;
        names.set(`${type} ${path}`, `${type}.${name}`);
        (resource[type] ??= {})[name] = config;
        const state = structuredClone(config);
        change(state);
        resources.push({
          mode: 'managed',
          type,
          name,
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [
            { schema_version: SCHEMA_VERSION[type] ?? 0, attributes: { id: `seeded-${i}`, ...state } },
          ],
        });
      }
    }
    const stackDir = join(scratch, 'stack');
    mkdirSync(stackDir);
    writeFileSync(
      join(stackDir, 'cdk.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
        provider: { aws: [{ region: 'eu-west-1' }] },
        resource,
      }),
    );
    const statePath = join(scratch, 'seeded.tfstate');
    writeFileSync(
      statePath,
      JSON.stringify({
        version: 4,
        terraform_version: '1.11.4',
        serial: 1,
        lineage: '6c0b1b9e-4b1e-4c43-9a1e-0e1ce10f0ff1',
        outputs: {},
        resources,
      }),
    );
    const result = await planOffline({ stackDir, statePath, outDir: join(scratch, 'out') });
    if (result.status !== 'planned')
      throw new Error(`expected a plan: ${JSON.stringify(result).slice(0, 4000)}`);
    plan = readPlanFile(result.planJsonPath);
    changes = new Map(plan.resource_changes!.map((rc) => [rc.address, rc]));
  });

  it.each(tablePairs.map(([type, path, f]) => [type, path, f.inPlaceUpTo] as const))(
    '%s %s',
    (type, path, inPlaceUpTo) => {
      const rc = changes.get(names.get(`${type} ${path}`)!);
      if (inPlaceUpTo !== undefined) {
        // The pinned provider updates this in place; the table flags it for later versions.
        expect(rc.change.actions).toEqual(['update']);
        return;
      }
      expect(rc.change.actions).toEqual(['delete', 'create']);
      const forced = (rc.change.replace_paths as (string | number)[][]).map(attributePath);
      expect(forced.some((p) => p === path || p.startsWith(`${path}.`))).toBe(true);
    },
  );

  it('plan-review raises a danger for every replacement in the real plan, naming the forcing attribute', () => {
    const summary = summarizePlan(plan, { label: 'seeded' });
    for (const [type, path, f] of tablePairs) {
      const address = names.get(`${type} ${path}`)!;
      const danger = summary.warnings.find((w) => w.address === address);
      if (f.inPlaceUpTo !== undefined) {
        expect(danger).toBeUndefined();
        continue;
      }
      expect(danger).toMatchObject({ severity: 'danger', kind: 'replace', type });
      expect(danger!.attributes!.some((a) => a === path || a.startsWith(`${path}.`))).toBe(true);
    }
  });
});
