import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GlueDatabaseRef } from '@icelog/core';
import { newTestStack } from '@icelog/core/testing';
import {
  AthenaWorkgroup,
  FIRELENS_METADATA_COLUMNS,
  IcebergCatalog,
  IcebergDatabase,
  IcebergColumn,
  IcebergTable,
  NGINX_ACCESS_LOG_COLUMNS,
  TableMaintenance,
  WarehouseBucket,
} from '../src';

const run = promisify(execFile);

interface ValidateResult {
  valid: boolean;
  diagnostics: { summary: string; detail: string }[];
}

interface PlanResult {
  /** `terraform plan -detailed-exitcode`: 0 = no changes, 2 = changes. */
  exitCode: number;
  output: string;
}

const TF_ENV = {
  ...process.env,
  CHECKPOINT_DISABLE: '1',
  TF_IN_AUTOMATION: '1',
  TF_CLI_CONFIG_FILE: '/dev/null',
};
const PLUGIN_DIR = process.env.ICELOG_TF_PLUGIN_DIR ?? '/opt/tf-plugins';

/**
 * Runs the real Terraform 1.11 with the hashicorp/aws 5.100.0 provider (from the local filesystem
 * mirror; no network, no credentials) in a fresh directory holding `files`.
 */
async function inTerraformDir<T>(
  files: Record<string, string>,
  body: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'icelog-catalog-tf-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    await run(
      'terraform',
      ['init', '-backend=false', '-input=false', '-no-color', `-plugin-dir=${PLUGIN_DIR}`],
      {
        cwd: dir,
        env: TF_ENV,
      },
    );
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `terraform validate` checks every attribute and block name against the provider schema — including
 * the `lifecycle.ignore_changes` paths, which cdktf passes through unchecked.
 */
function terraformValidate(json: string): Promise<ValidateResult> {
  return inTerraformDir({ 'main.tf.json': json }, async (dir) => {
    try {
      const { stdout } = await run('terraform', ['validate', '-json', '-no-color'], {
        cwd: dir,
        env: TF_ENV,
      });
      return JSON.parse(stdout);
    } catch (e) {
      // validate exits 1 on an invalid configuration, still printing the JSON report.
      return JSON.parse((e as { stdout: string }).stdout);
    }
  });
}

/** `terraform plan -refresh=false` of `json` against `state`: the provider's own diff, no AWS call. */
function terraformPlan(json: string, state: object): Promise<PlanResult> {
  const files = { 'main.tf.json': json, 'terraform.tfstate': JSON.stringify(state) };
  return inTerraformDir(files, async (dir) => {
    const args = ['plan', '-refresh=false', '-detailed-exitcode', '-input=false', '-no-color', '-lock=false'];
    try {
      const { stdout } = await run('terraform', args, { cwd: dir, env: TF_ENV });
      return { exitCode: 0, output: stdout };
    } catch (e) {
      const failure = e as { code: number; stdout: string; stderr: string };
      return { exitCode: failure.code, output: failure.stdout + failure.stderr };
    }
  });
}

/** A stack with every construct and every option: all of it must validate. */
function fullStack(): string {
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
  return Testing.synth(stack);
}

/** The same table with a misspelt ignore_changes path: the control that proves the check can fail. */
function brokenStack(): string {
  const stack = newTestStack();
  const warehouse = new WarehouseBucket(stack, 'Warehouse');
  const database = new IcebergDatabase(stack, 'Database', { databaseName: 'icelog_dev', warehouse });
  const table = new IcebergTable(stack, 'Table', {
    database,
    tableName: 't',
    columns: [{ name: 'log', type: 'string' }],
  });
  table.resource.addOverride('lifecycle.ignore_changes', ['parameters', 'storage_descriptors']);
  return Testing.synth(stack);
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
  let full: ValidateResult;
  let broken: ValidateResult;
  let plan: PlanResult;
  let tables: ReturnType<typeof planStack>;

  // Every run loads the 700 MB provider; run them side by side.
  beforeAll(async () => {
    tables = planStack();
    const state = stateAfterIcebergCommits({
      [tables.guarded]: 'request_200',
      [tables.unguarded]: 'request_404',
    });
    [full, broken, plan] = await Promise.all([
      terraformValidate(fullStack()),
      terraformValidate(brokenStack()),
      terraformPlan(tables.json, state),
    ]);
  }, 300_000);

  test('every construct, with every option, validates against hashicorp/aws 5.100.0', () => {
    expect(full.diagnostics).toEqual([]);
    expect(full.valid).toBe(true);
  });

  test('the check itself catches a wrong ignore_changes path', () => {
    expect(broken.valid).toBe(false);
    expect(broken.diagnostics.map((d) => d.summary)).toEqual(['Unsupported attribute']);
    expect(broken.diagnostics[0].detail).toContain('"storage_descriptors"');
  });

  test('after an Iceberg commit, the next plan of an IcebergTable has no changes', () => {
    expect(plan.output).not.toContain(`aws_glue_catalog_table.${tables.guarded} `);
    expect(plan.output).toContain(`aws_glue_catalog_table.${tables.unguarded} will be updated in-place`);
    expect(plan.output).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
  });

  test('without ignore_changes it would update exactly parameters and storage_descriptor', () => {
    expect(plan.exitCode).toBe(2);
    const changed = [...plan.output.matchAll(/^ {6}[~+-] (\w+)/gm)].map((m) => m[1]);
    expect([...new Set(changed)].sort()).toEqual(['parameters', 'storage_descriptor']);
    expect(plan.output).toMatch(/- "previous_metadata_location" = .* -> null/);
    expect(plan.output).toMatch(/- "iceberg\.field\.id" += "1" -> null/);
  });
});
