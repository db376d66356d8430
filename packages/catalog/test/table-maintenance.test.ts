import { Construct } from 'constructs';
import { NGINX_ACCESS_LOG_COLUMNS } from '@icelog/core';
import { blocksOf, newTestStack, onlyBlock, synthesize } from '@icelog/core/testing';
import {
  IcebergDatabase,
  IcebergTable,
  TABLE_OPTIMIZER_LOG_GROUPS,
  TableMaintenance,
  TableMaintenanceOptions,
  WarehouseBucket,
  WarehouseBucketProps,
} from '../src';
import {
  ACCOUNT,
  DNS_SUFFIX,
  PARTITION,
  REGION,
  bySid,
  pattern,
  refOf,
  rolePolicyStatements,
  statementsOf,
} from './support';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function setup(options: TableMaintenanceOptions = {}, warehouseProps?: WarehouseBucketProps) {
  const stack = newTestStack();
  const warehouse = new WarehouseBucket(stack, 'Warehouse', warehouseProps);
  const database = new IcebergDatabase(stack, 'Database', { databaseName: 'icelog_prod', warehouse });
  const maintenance = new TableMaintenance(stack, 'Maintenance', { ...options, database, warehouse });
  const table = (name: string, scope: Construct = stack) =>
    new IcebergTable(scope, `Table-${name}`, {
      database,
      tableName: name,
      columns: NGINX_ACCESS_LOG_COLUMNS,
      maintenance,
    });
  return { stack, warehouse, database, maintenance, table };
}

function optimizers(resource: Record<string, any>) {
  return Object.entries(blocksOf(resource, 'aws_glue_catalog_table_optimizer'));
}

describe('TableMaintenance optimizers', () => {
  test('three optimizers per table: compaction, snapshot retention, orphan-file deletion', () => {
    const { stack, table } = setup();
    table('request_200');
    table('request_404');
    const synth = synthesize(stack);
    const tableName = (ref: string) =>
      synth.resource.aws_glue_catalog_table[/^\$\{aws_glue_catalog_table\.(.+)\.name\}$/.exec(ref)![1]].name;
    const found = optimizers(synth.resource).map(
      ([id, o]) => `${id.replace(/_[0-9A-F]{8}$/, '')}:${o.type}:${tableName(o.table_name)}`,
    );
    expect(found.sort()).toEqual([
      'Table-request_200_Compaction:compaction:request_200',
      'Table-request_200_OrphanFileDeletion:orphan_file_deletion:request_200',
      'Table-request_200_SnapshotRetention:retention:request_200',
      'Table-request_404_Compaction:compaction:request_404',
      'Table-request_404_OrphanFileDeletion:orphan_file_deletion:request_404',
      'Table-request_404_SnapshotRetention:retention:request_404',
    ]);
  });

  test('defaults: all enabled, 5 days / 1 snapshot / clean expired files, orphans after 3 days at the table location', () => {
    const { stack, table } = setup();
    table('request_200');
    const synth = synthesize(stack);
    const byType = Object.fromEntries(optimizers(synth.resource).map(([, o]) => [o.type, o]));
    const role = refOf(synth, 'aws_iam_role', 'arn');
    expect(byType.compaction.configuration).toEqual([{ enabled: true, role_arn: role }]);
    expect(byType.retention.configuration).toEqual([
      {
        enabled: true,
        role_arn: role,
        retention_configuration: [
          {
            iceberg_configuration: [
              {
                snapshot_retention_period_in_days: 5,
                number_of_snapshots_to_retain: 1,
                clean_expired_files: true,
              },
            ],
          },
        ],
      },
    ]);
    const location = onlyBlock(synth.resource, 'aws_glue_catalog_table').storage_descriptor.location;
    expect(byType.orphan_file_deletion.configuration).toEqual([
      {
        enabled: true,
        role_arn: role,
        orphan_file_deletion_configuration: [
          { iceberg_configuration: [{ orphan_file_retention_period_in_days: 3, location }] },
        ],
      },
    ]);
  });

  test('optimizers reference the table (created first) in its catalog, and wait for the role and its policy', () => {
    const { stack, table } = setup();
    table('request_200');
    const synth = synthesize(stack);
    const roleId = Object.keys(synth.resource.aws_iam_role)[0];
    const policyId = Object.keys(synth.resource.aws_iam_role_policy)[0];
    for (const [, o] of optimizers(synth.resource)) {
      expect(o.table_name).toBe(refOf(synth, 'aws_glue_catalog_table', 'name'));
      expect(o.database_name).toBe(refOf(synth, 'aws_glue_catalog_table', 'database_name'));
      expect(o.catalog_id).toMatch(pattern(ACCOUNT));
      expect(o.depends_on).toEqual([`aws_iam_role.${roleId}`, `aws_iam_role_policy.${policyId}`]);
    }
  });

  test('custom settings and paused optimizers', () => {
    const { stack, table } = setup({
      compaction: { enabled: false },
      snapshotRetention: {
        snapshotRetentionPeriodInDays: 7,
        numberOfSnapshotsToRetain: 10,
        cleanExpiredFiles: false,
      },
      orphanFileDeletion: { enabled: false, orphanFileRetentionPeriodInDays: 14 },
    });
    table('request_200');
    const byType = Object.fromEntries(optimizers(synthesize(stack).resource).map(([, o]) => [o.type, o]));
    expect(byType.compaction.configuration[0].enabled).toBe(false);
    expect(byType.retention.configuration[0].enabled).toBe(true);
    expect(byType.retention.configuration[0].retention_configuration[0].iceberg_configuration[0]).toEqual({
      snapshot_retention_period_in_days: 7,
      number_of_snapshots_to_retain: 10,
      clean_expired_files: false,
    });
    expect(byType.orphan_file_deletion.configuration[0].enabled).toBe(false);
    expect(
      byType.orphan_file_deletion.configuration[0].orphan_file_deletion_configuration[0]
        .iceberg_configuration[0].orphan_file_retention_period_in_days,
    ).toBe(14);
  });

  test('effective settings are exposed with defaults applied', () => {
    const { maintenance } = setup({ snapshotRetention: { numberOfSnapshotsToRetain: 3 } });
    expect(maintenance.compaction).toEqual({ enabled: true });
    expect(maintenance.snapshotRetention).toEqual({
      enabled: true,
      snapshotRetentionPeriodInDays: 5,
      numberOfSnapshotsToRetain: 3,
      cleanExpiredFiles: true,
    });
    expect(maintenance.orphanFileDeletion).toEqual({ enabled: true, orphanFileRetentionPeriodInDays: 3 });
  });
});

describe('TableMaintenance role', () => {
  test('one role for all tables, trusted by glue.amazonaws.com only', () => {
    const { stack, table } = setup();
    table('request_200');
    table('request_404');
    const synth = synthesize(stack);
    const role = onlyBlock(synth.resource, 'aws_iam_role');
    expect(role.name_prefix).toBe('icelog-table-maint-');
    expect(statementsOf(synth, role.assume_role_policy)).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['glue.amazonaws.com'] }],
      },
    ]);
    expect(Object.keys(synth.resource.aws_iam_role_policy)).toHaveLength(1);
    expect(blocksOf(synth.resource, 'aws_iam_role_policy_attachment')).toEqual({});
  });

  test('Glue access on the catalog, the database and exactly the maintained tables', () => {
    const { stack, table, maintenance } = setup();
    const a = table('request_200');
    const b = table('request_404');
    const synth = synthesize(stack);
    const glue = bySid(rolePolicyStatements(synth, 'Maintenance'), 'IcebergCatalogAccess');
    expect(glue.actions).toEqual(['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable']);
    const tableIds = Object.keys(synth.resource.aws_glue_catalog_table);
    expect(glue.resources).toHaveLength(4);
    expect(glue.resources[0]).toMatch(pattern('arn:', PARTITION, ':glue:', REGION, ':', ACCOUNT, ':catalog'));
    expect(glue.resources.slice(1)).toEqual([
      refOf(synth, 'aws_glue_catalog_database', 'arn'),
      ...tableIds.map((id) => `\${aws_glue_catalog_table.${id}.arn}`),
    ]);
    expect(glue.resources.join()).not.toContain('*');
    expect(maintenance.maintainedTables).toEqual([a, b]);
  });

  test('S3 on the tables prefix only (never the error output), no KMS statement for SSE-S3', () => {
    const { stack, table } = setup();
    table('request_200');
    const synth = synthesize(stack);
    const statements = rolePolicyStatements(synth, 'Maintenance');
    const s3 = bySid(statements, 'WarehouseBucketAccess');
    const arn = refOf(synth, 'aws_s3_bucket', 'arn');
    expect(s3.resources).toEqual([arn, `${arn}/warehouse/*`]);
    expect(s3.actions).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket']),
    );
    expect(JSON.stringify(statements)).not.toContain('errors/');
    expect(statements.find((s) => s.sid === 'WarehouseBucketKey')).toBeUndefined();
  });

  test('a KMS warehouse adds decrypt/generate on that key through S3', () => {
    const { stack, table } = setup({}, { encryption: { kind: 'KMS', kmsKeyArn: KEY } });
    table('request_200');
    const kms = bySid(rolePolicyStatements(synthesize(stack), 'Maintenance'), 'WarehouseBucketKey');
    expect(kms.actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(kms.resources).toEqual([KEY]);
    expect(kms.condition).toEqual([
      {
        test: 'StringEquals',
        variable: 'kms:ViaService',
        values: [expect.stringMatching(pattern('s3.', REGION, '.', DNS_SUFFIX))],
      },
    ]);
  });

  test('a table added later in the program is still granted (the resource list is rendered at synth)', () => {
    const { stack, table } = setup();
    table('request_200');
    const before = Object.keys(synthesize(stack).resource.aws_glue_catalog_table).length;
    table('request_500');
    const synth = synthesize(stack);
    const glue = bySid(rolePolicyStatements(synth, 'Maintenance'), 'IcebergCatalogAccess');
    expect(before).toBe(1);
    expect(glue.resources).toHaveLength(4);
  });
});

describe('TableMaintenance logs', () => {
  test('creates the three Glue optimizer log groups with 30-day retention, writes only to them', () => {
    const { stack, table } = setup();
    table('request_200');
    const synth = synthesize(stack);
    const groups = Object.values(blocksOf(synth.resource, 'aws_cloudwatch_log_group'));
    expect(groups.map((g: any) => [g.name, g.retention_in_days]).sort()).toEqual([
      ['/aws-glue/iceberg-compaction/logs', 30],
      ['/aws-glue/iceberg-orphan-file-deletion/logs', 30],
      ['/aws-glue/iceberg-retention/logs', 30],
    ]);
    const logs = bySid(rolePolicyStatements(synth, 'Maintenance'), 'OptimizerLogs');
    expect(logs.actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    const ids = Object.keys(synth.resource.aws_cloudwatch_log_group);
    expect([...logs.resources].sort()).toEqual(
      ids.map((id) => `\${aws_cloudwatch_log_group.${id}.arn}:*`).sort(),
    );
  });

  test('custom retention and KMS key for the log groups', () => {
    const { stack } = setup({ logRetentionInDays: 90, logKmsKeyArn: KEY });
    const groups = Object.values(blocksOf(synthesize(stack).resource, 'aws_cloudwatch_log_group'));
    expect(groups).toHaveLength(3);
    for (const g of groups) expect(g).toMatchObject({ retention_in_days: 90, kms_key_id: KEY });
  });

  test('manageLogGroups: false creates none and lets the role create them, scoped by name', () => {
    const { stack, table, maintenance } = setup({ manageLogGroups: false });
    table('request_200');
    const synth = synthesize(stack);
    expect(blocksOf(synth.resource, 'aws_cloudwatch_log_group')).toEqual({});
    const logs = bySid(rolePolicyStatements(synth, 'Maintenance'), 'OptimizerLogs');
    expect(logs.actions).toEqual(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    const groupArn = (name: string): (string | RegExp)[] => [
      'arn:',
      PARTITION,
      ':logs:',
      REGION,
      ':',
      ACCOUNT,
      `:log-group:${name}`,
    ];
    expect(logs.resources).toHaveLength(6);
    Object.values(TABLE_OPTIMIZER_LOG_GROUPS).forEach((name, i) => {
      expect(logs.resources[2 * i]).toMatch(pattern(...groupArn(name)));
      expect(logs.resources[2 * i + 1]).toMatch(pattern(...groupArn(name), ':*'));
    });
    expect(maintenance.logGroupArns).toHaveLength(3);
  });

  test('two maintenances in one stack share the log groups', () => {
    const { stack, warehouse } = setup();
    const other = new IcebergDatabase(stack, 'Other', { databaseName: 'icelog_other', warehouse });
    new TableMaintenance(stack, 'OtherMaintenance', { database: other, warehouse });
    const synth = synthesize(stack);
    expect(Object.keys(blocksOf(synth.resource, 'aws_cloudwatch_log_group'))).toHaveLength(3);
    expect(Object.keys(blocksOf(synth.resource, 'aws_iam_role'))).toHaveLength(2);
  });
});

describe('TableMaintenance validation', () => {
  const build = (options: TableMaintenanceOptions) => () => setup(options);

  test('retention settings are whole numbers of at least 1', () => {
    expect(build({ snapshotRetention: { snapshotRetentionPeriodInDays: 0 } })).toThrow(
      'Invalid Maintenance.snapshotRetention.snapshotRetentionPeriodInDays: must be an integer from 1 to 2147483647 (days). Received: 0',
    );
    expect(build({ snapshotRetention: { numberOfSnapshotsToRetain: 0 } })).toThrow(
      'Invalid Maintenance.snapshotRetention.numberOfSnapshotsToRetain: must be an integer from 1 to 2147483647 (snapshots). Received: 0',
    );
    expect(build({ orphanFileDeletion: { orphanFileRetentionPeriodInDays: 2.5 } })).toThrow(
      'Invalid Maintenance.orphanFileDeletion.orphanFileRetentionPeriodInDays: must be an integer from 1 to 2147483647 (days). Received: 2.5',
    );
    expect(
      build({ snapshotRetention: { snapshotRetentionPeriodInDays: 1, numberOfSnapshotsToRetain: 1 } }),
    ).not.toThrow();
  });

  test('log settings', () => {
    expect(build({ logRetentionInDays: 2 })).toThrow(
      'Invalid Maintenance.logRetentionInDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. Received: 2',
    );
    expect(build({ logKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/logs' })).toThrow(
      'Invalid Maintenance.logKmsKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "arn:aws:kms:eu-west-1:111122223333:alias/logs"',
    );
    expect(build({ manageLogGroups: false, logRetentionInDays: 30 })).toThrow(
      'Invalid Maintenance.logRetentionInDays: must not be set when manageLogGroups is false (the log groups are not created here). Received: 30',
    );
    expect(build({ manageLogGroups: false, logKmsKeyArn: KEY })).toThrow(
      `Invalid Maintenance.logKmsKeyArn: must not be set when manageLogGroups is false (the log groups are not created here). Received: "${KEY}"`,
    );
  });

  test('maintenances of one stack must agree on the shared log groups', () => {
    const { stack, warehouse, database } = setup();
    expect(
      () => new TableMaintenance(stack, 'Second', { database, warehouse, logRetentionInDays: 7 }),
    ).toThrow(
      'Invalid Second.logRetentionInDays: must equal the retention of the optimizer log groups that another TableMaintenance of this stack created (30 days): the log groups are shared. Received: 7',
    );
    expect(() => new TableMaintenance(stack, 'Third', { database, warehouse, logKmsKeyArn: KEY })).toThrow(
      `Invalid Third.logKmsKeyArn: must equal the KMS key of the optimizer log groups that another TableMaintenance of this stack created: the log groups are shared. Received: "${KEY}"`,
    );
  });

  test('role name', () => {
    expect(build({ roleName: 'icelog maintenance' })).toThrow(
      'Invalid Role.roleName: must be 1–64 characters of [A-Za-z0-9+=,.@_-]. Received: "icelog maintenance"',
    );
  });

  test('tables must be new, in the maintenance database and in its warehouse', () => {
    const { stack, maintenance, warehouse, table } = setup();
    const t = table('request_200');
    expect(() => maintenance.addTable(t)).toThrow(
      'Invalid Maintenance.tables: must not contain the same table twice ("request_200" is already maintained). Received: "request_200"',
    );
    const otherDb = new IcebergDatabase(stack, 'OtherDb', { databaseName: 'other', warehouse });
    expect(
      () =>
        new IcebergTable(stack, 'Foreign', {
          database: otherDb,
          tableName: 'request_200',
          columns: NGINX_ACCESS_LOG_COLUMNS,
          maintenance,
        }),
    ).toThrow(
      'Invalid Foreign.maintenance: must belong to the maintenance database (one TableMaintenance, and one role, per database). Received: "request_200"',
    );
    const lake = WarehouseBucket.fromBucketAttributes(stack, 'Lake', { bucketName: 'acme-lake' });
    expect(
      () =>
        new IcebergTable(stack, 'Elsewhere', {
          database: maintenance.database,
          warehouse: lake,
          tableName: 'request_201',
          columns: NGINX_ACCESS_LOG_COLUMNS,
          maintenance,
        }),
    ).toThrow(
      'Invalid Elsewhere.maintenance: must live in the maintenance warehouse bucket (the optimizer role\'s S3 access is scoped to it). Received: "request_201"',
    );
  });
});
