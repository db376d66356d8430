import { DATA_BEARING_TYPES, ForceNewAttribute } from '@icelog/plan-review';

/**
 * One resource per entry of plan-review's force-new table, with a seeded Terraform state whose value
 * of that attribute differs from the configuration: planned by the real hashicorp/aws provider, each
 * must come back as a replacement with the attribute in `replace_paths`.
 */

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
export const FORCE_NEW_CASES: Record<string, Record<string, [Attrs, (state: Attrs) => void]>> = {
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
      // A block removed (the state has one more table than the configuration): ForceNew in 5.100.0.
      (s) =>
        s.iceberg_configuration[0].destination_table_configuration.push({
          database_name: 'icelog_dev',
          table_name: 'request_old',
        }),
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

/** Every (type, attribute path, table entry) of plan-review's force-new table. */
export const FORCE_NEW_TABLE: readonly (readonly [string, string, ForceNewAttribute])[] = Object.values(
  DATA_BEARING_TYPES,
).flatMap((t) => t.forceNew.map((f) => [t.type, f.path, f] as const));

/** The cases as configuration and seeded state, for one provider configuration. */
export interface ForceNewResources {
  /** `resource` block entries: type → name → attributes. */
  readonly resource: Record<string, Record<string, Attrs>>;
  /** Version 4 state entries of the same resources, each attribute changed by its case. */
  readonly stateResources: readonly Attrs[];
  /** Address (`type.name`) of the case for `type` and attribute path. */
  readonly addressOf: (type: string, path: string) => string;
}

/**
 * Builds the case resources, with names that cannot clash with a synthesized stack's ids, under the
 * default `aws` provider configuration (a second configuration would cost the plan seconds of CPU:
 * the provider validates and configures each one).
 */
export function forceNewResources(): ForceNewResources {
  const resource: Record<string, Record<string, Attrs>> = {};
  const stateResources: Attrs[] = [];
  const addresses = new Map<string, string>();
  let i = 0;
  for (const [type, byPath] of Object.entries(FORCE_NEW_CASES)) {
    for (const [path, [config, change]] of Object.entries(byPath)) {
      const name = `force_new_case${i++}_${path.replace(/\W/g, '_')}`;
      addresses.set(`${type} ${path}`, `${type}.${name}`);
      (resource[type] ??= {})[name] = config;
      const state = structuredClone(config);
      change(state);
      stateResources.push({
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
  return {
    resource,
    stateResources,
    addressOf: (type, path) => {
      const address = addresses.get(`${type} ${path}`);
      if (!address) throw new Error(`no force-new case for ${type} ${path}`);
      return address;
    },
  };
}
