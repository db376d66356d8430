import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  FIRELENS_METADATA_COLUMNS,
  GlueDatabaseRef,
  IcebergColumn,
  NGINX_ACCESS_LOG_COLUMNS,
} from '@icelog/core';
import { newTestStack } from '@icelog/core/testing';
// Test-only import of the Terraform harness of a tool; see the task report (module boundary to allow).
import { TerraformWorkspace, ValidateReport, WorkspaceCommandResult } from '@icelog/tf-offline';
import {
  AthenaWorkgroup,
  IcebergCatalog,
  IcebergDatabase,
  IcebergTable,
  TableMaintenance,
  WarehouseBucket,
} from '../src';

/**
 * Runs the real Terraform with the hashicorp/aws 5.100.0 provider from the local filesystem mirror (no
 * network, no credentials): one `terraform init`, then one `terraform validate` and one `terraform plan`
 * side by side. Each command costs seconds of CPU (the provider loads a 13 MB schema), so the
 * validate covers the full stack and the broken control at once. Without terraform or the mirror the
 * tests fail with the reason; they never skip.
 */

/**
 * A stack with every construct and every option — all of it must validate — plus the control that
 * proves the check can fail: one more table whose ignore_changes path is misspelt
 * (`storage_descriptors`, which nothing else in the stack contains).
 */
function fullStackWithControl(): { json: string; control: string } {
  const stack = newTestStack();
  const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const catalog = new IcebergCatalog(stack, 'Catalog', {
    databaseName: 'icelog_prod',
    description: 'nginx access logs',
    warehouseProps: {
      encryption: { kind: 'KMS', kmsKeyArn: key },
      versioned: true,
      errorOutputExpirationDays: 30,
    },
    maintenance: { snapshotRetention: { cleanExpiredFiles: false }, orphanFileDeletion: { enabled: false } },
  });
  catalog.addTable({
    tableName: 'request_200',
    columns: [...NGINX_ACCESS_LOG_COLUMNS, ...FIRELENS_METADATA_COLUMNS],
  });
  catalog.addTable({
    tableName: 'request_unparsed',
    columns: [{ name: 'log', type: 'string' }, ...FIRELENS_METADATA_COLUMNS],
  });

  const warehouse = new WarehouseBucket(stack, 'DevWarehouse', { forceDestroy: true });
  const database = new IcebergDatabase(stack, 'DevDatabase', { databaseName: 'icelog_dev', warehouse });
  const maintenance = new TableMaintenance(stack, 'DevMaintenance', { database, warehouse });
  new IcebergTable(stack, 'Table-request_404', {
    database,
    tableName: 'request_404',
    columns: [
      { name: 'amount', type: 'decimal(10,2)' },
      { name: 'at', type: 'timestamp' },
    ],
    maintenance,
  });
  new AthenaWorkgroup(stack, 'SmokeWorkgroup', { workgroupName: 'icelog-dev-smoke', forceDestroy: true });
  new AthenaWorkgroup(stack, 'KmsWorkgroup', {
    workgroupName: 'icelog-prod-smoke',
    encryption: { kind: 'SSE_KMS', kmsKeyArn: key },
    bytesScannedCutoffPerQuery: 1073741824,
  });

  const control = new IcebergTable(stack, 'Control-t', {
    database,
    tableName: 't',
    columns: [{ name: 'log', type: 'string' }],
  });
  control.resource.addOverride('lifecycle.ignore_changes', ['parameters', 'storage_descriptors']);
  return { json: Testing.synth(stack), control: control.resource.friendlyUniqueId };
}

const COLUMNS: readonly IcebergColumn[] = [...NGINX_ACCESS_LOG_COLUMNS, ...FIRELENS_METADATA_COLUMNS];

/**
 * Two IcebergTables with literal inputs (imported warehouse, external database), so the plan needs no
 * data source, under a provider that makes no AWS call. The second one has its ignore_changes block
 * removed: the control that shows what the block prevents.
 */
function planStack(): { json: string; guarded: string; unguarded: string } {
  const stack = new TerraformStack(Testing.app(), 'plan');
  new AwsProvider(stack, 'aws', {
    region: 'eu-west-1',
    accessKey: 'AKIAIOSFODNN7EXAMPLE',
    secretKey: 'not-a-secret',
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: 'true',
    skipRegionValidation: true,
  });
  const warehouse = WarehouseBucket.fromBucketAttributes(stack, 'Lake', {
    bucketName: 'acme-lake',
    bucketArn: 'arn:aws:s3:::acme-lake',
  });
  const database: GlueDatabaseRef = {
    catalogId: '111122223333',
    catalogArn: 'arn:aws:glue:eu-west-1:111122223333:catalog',
    databaseName: 'icelog_prod',
    databaseArn: 'arn:aws:glue:eu-west-1:111122223333:database/icelog_prod',
  };
  const table = (tableName: string) =>
    new IcebergTable(stack, `Table-${tableName}`, { database, warehouse, tableName, columns: COLUMNS });
  const guarded = table('request_200');
  const unguarded = table('request_404');
  unguarded.resource.addOverride('lifecycle', undefined);
  return {
    json: Testing.synth(stack),
    guarded: guarded.resource.friendlyUniqueId,
    unguarded: unguarded.resource.friendlyUniqueId,
  };
}

/**
 * The Terraform state of such a table as `terraform refresh` records it once Firehose has committed to
 * it: Glue rewrote the columns from the Iceberg schema (with `iceberg.field.*` parameters), reset the
 * formats, and the commit added `previous_metadata_location` (the provider hides `table_type` and
 * `metadata_location`).
 */
function tableAfterIcebergCommit(address: string, tableName: string) {
  const location = `s3://acme-lake/warehouse/icelog_prod/${tableName}`;
  const attributes = {
    arn: `arn:aws:glue:eu-west-1:111122223333:table/icelog_prod/${tableName}`,
    catalog_id: '111122223333',
    database_name: 'icelog_prod',
    description: '',
    id: `111122223333:icelog_prod:${tableName}`,
    name: tableName,
    owner: '',
    parameters: { previous_metadata_location: `${location}/metadata/00001-5c0a.metadata.json` },
    partition_index: [],
    partition_keys: [],
    retention: 0,
    table_type: 'EXTERNAL_TABLE',
    target_table: [],
    view_expanded_text: '',
    view_original_text: '',
    open_table_format_input: [{ iceberg_input: [{ metadata_operation: 'CREATE', version: '2' }] }],
    storage_descriptor: [
      {
        additional_locations: null,
        bucket_columns: null,
        compressed: false,
        input_format: '',
        location,
        number_of_buckets: 0,
        output_format: '',
        parameters: null,
        stored_as_sub_directories: false,
        schema_reference: [],
        ser_de_info: [],
        skewed_info: [],
        sort_columns: [],
        columns: COLUMNS.map((c, i) => ({
          name: c.name,
          type: c.type,
          comment: c.comment ?? '',
          parameters: {
            'iceberg.field.id': String(i + 1),
            'iceberg.field.optional': 'true',
            'iceberg.field.current': 'true',
          },
        })),
      },
    ],
  };
  return {
    mode: 'managed',
    type: 'aws_glue_catalog_table',
    name: address,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: 0, attributes, sensitive_attributes: [] }],
  };
}

function stateAfterIcebergCommits(tables: Record<string, string>): object {
  return {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '6f1c2f1e-0000-4000-8000-000000000000',
    outputs: {},
    resources: Object.entries(tables).map(([address, tableName]) =>
      tableAfterIcebergCommit(address, tableName),
    ),
  };
}

describe('Terraform validation of the synthesized catalog', () => {
  let workspace: TerraformWorkspace | undefined;
  let validation: ValidateReport;
  let validated: ReturnType<typeof fullStackWithControl>;
  let plan: WorkspaceCommandResult;
  let tables: ReturnType<typeof planStack>;

  beforeAll(async () => {
    workspace = await TerraformWorkspace.create({
      providerVersion: '5.100.0',
      mirror: process.env.ICELOG_TF_PLUGIN_DIR, // else ICELOG_TF_PLUGIN_MIRROR, /opt/tf-plugins, …
    });
    const ws = workspace;
    // Each step starts as soon as its input exists: init, then the plan of the small stack while
    // the full stack synthesizes, then the validate.
    void ws.init().catch(() => undefined);
    tables = planStack();
    const state = stateAfterIcebergCommits({
      [tables.guarded]: 'request_200',
      [tables.unguarded]: 'request_404',
    });
    const planning = ws.plan(tables.json, { state, args: ['-detailed-exitcode'] });
    validated = fullStackWithControl();
    [validation, plan] = await Promise.all([ws.validate(validated.json), planning]);
  }, 300_000);

  afterAll(() => workspace?.dispose());

  test('every construct, with every option, validates against hashicorp/aws 5.100.0 (only the control fails)', () => {
    const controlContext = `resource.aws_glue_catalog_table.${validated.control}.`;
    const others = validation.diagnostics.filter((d) => !d.snippet?.context?.startsWith(controlContext));
    expect(others).toEqual([]);
  });

  test('the check itself catches a wrong ignore_changes path', () => {
    expect(validation.valid).toBe(false);
    expect(validation.diagnostics.map((d) => [d.severity, d.summary, d.snippet?.context])).toEqual([
      [
        'error',
        'Unsupported attribute',
        `resource.aws_glue_catalog_table.${validated.control}.lifecycle.ignore_changes`,
      ],
    ]);
    expect(validation.diagnostics[0].detail).toContain('"storage_descriptors"');
  });

  test('after an Iceberg commit, the next plan of an IcebergTable has no changes', () => {
    expect(plan.stdout).not.toContain(`aws_glue_catalog_table.${tables.guarded} `);
    expect(plan.stdout).toContain(`aws_glue_catalog_table.${tables.unguarded} will be updated in-place`);
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
  });

  test('without ignore_changes it would update exactly parameters and storage_descriptor', () => {
    expect([plan.exitCode, plan.stderr]).toEqual([2, '']);
    const changed = [...plan.stdout.matchAll(/^ {6}[~+-] (\w+)/gm)].map((m) => m[1]);
    expect([...new Set(changed)].sort()).toEqual(['parameters', 'storage_descriptor']);
    expect(plan.stdout).toMatch(/- "previous_metadata_location" = .* -> null/);
    expect(plan.stdout).toMatch(/- "iceberg\.field\.id" += "1" -> null/);
  });

  test('nothing tried to reach AWS', () => {
    expect(workspace!.fake.calls).toEqual([]);
    expect(workspace!.fake.blockedConnections).toEqual([]);
  });
});
