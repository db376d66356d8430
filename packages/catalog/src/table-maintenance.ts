import { GlueCatalogTableOptimizer } from '@cdktf/provider-aws/lib/glue-catalog-table-optimizer';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import {
  AwsContext,
  GlueDatabaseRef,
  GlueTableRef,
  PolicyStatement,
  RetainedLogGroup,
  Role,
  ValidationError,
  checkIntegerInRange,
  validateLogRetention,
} from '@icelog/core';
import { Lazy, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GLUE_ICEBERG_WRITE_ACTIONS, bucketReadWriteStatements } from './grants';
import { IIcebergTable, ITableMaintenance, IcebergTable } from './iceberg-table';
import { MAX_INT32, validateKmsKeyArn } from './private/validation';
import { IWarehouseBucket } from './warehouse-bucket';
import {
  CompactionOptions,
  OrphanFileDeletionOptions,
  SnapshotRetentionOptions,
  TABLE_MAINTENANCE_DEFAULTS,
  TABLE_OPTIMIZER_LOG_GROUPS,
  TableMaintenanceOptions,
} from './table-maintenance-options';

/** Props of {@link TableMaintenance}. */
export interface TableMaintenanceProps extends TableMaintenanceOptions {
  /** The database whose tables are maintained; every table added must belong to it. */
  readonly database: GlueDatabaseRef;
  /** The warehouse holding the tables' data; every table added must live in it. */
  readonly warehouse: IWarehouseBucket;
}

const LOG_GROUPS_ID = 'IcelogTableOptimizerLogGroups';

/**
 * Glue table optimizers for the Iceberg tables of one database: for each table added, one
 * `aws_glue_catalog_table_optimizer` each for compaction, snapshot retention and orphan-file deletion,
 * all running as ONE least-privilege role trusted by `glue.amazonaws.com`:
 *
 * - `glue:GetDatabase`, `glue:GetTable`, `glue:UpdateTable` on the catalog, the database and exactly
 *   the tables added;
 * - S3 read/write on the objects under the warehouse's tables prefix (not the error output), plus use
 *   of the warehouse's KMS key through S3 when it has one;
 * - `logs:CreateLogStream`/`logs:PutLogEvents` on the three optimizer log groups only.
 *
 * The optimizers depend on the role and its policy, so Glue can assume the role when they are created.
 * To switch maintenance off for an environment, do not create it (or pass `maintenance: false` to
 * `IcebergCatalog`); to pause one optimizer type, set its `enabled: false`.
 */
export class TableMaintenance extends Construct implements ITableMaintenance {
  /** The role the optimizers run as. */
  readonly role: Role;
  readonly database: GlueDatabaseRef;
  readonly warehouse: IWarehouseBucket;
  /** Effective settings, defaults applied. */
  readonly compaction: Required<CompactionOptions>;
  readonly snapshotRetention: Required<SnapshotRetentionOptions>;
  readonly orphanFileDeletion: Required<OrphanFileDeletionOptions>;
  /** ARNs (without `:*`) of the optimizer log groups the role may write to. */
  readonly logGroupArns: readonly string[];
  private readonly tables: IIcebergTable[] = [];

  constructor(scope: Construct, id: string, props: TableMaintenanceProps) {
    super(scope, id);
    this.database = props.database;
    this.warehouse = props.warehouse;
    this.compaction = { enabled: props.compaction?.enabled ?? true };
    this.snapshotRetention = {
      enabled: props.snapshotRetention?.enabled ?? true,
      snapshotRetentionPeriodInDays:
        props.snapshotRetention?.snapshotRetentionPeriodInDays ??
        TABLE_MAINTENANCE_DEFAULTS.snapshotRetentionPeriodInDays,
      numberOfSnapshotsToRetain:
        props.snapshotRetention?.numberOfSnapshotsToRetain ??
        TABLE_MAINTENANCE_DEFAULTS.numberOfSnapshotsToRetain,
      cleanExpiredFiles:
        props.snapshotRetention?.cleanExpiredFiles ?? TABLE_MAINTENANCE_DEFAULTS.cleanExpiredFiles,
    };
    this.orphanFileDeletion = {
      enabled: props.orphanFileDeletion?.enabled ?? true,
      orphanFileRetentionPeriodInDays:
        props.orphanFileDeletion?.orphanFileRetentionPeriodInDays ??
        TABLE_MAINTENANCE_DEFAULTS.orphanFileRetentionPeriodInDays,
    };
    validateOptions(id, props, this.snapshotRetention, this.orphanFileDeletion);

    const manageLogGroups = props.manageLogGroups ?? true;
    if (manageLogGroups) {
      const logGroups = OptimizerLogGroups.of(this, {
        retentionInDays: props.logRetentionInDays ?? TABLE_MAINTENANCE_DEFAULTS.logRetentionInDays,
        kmsKeyArn: props.logKmsKeyArn,
      });
      this.logGroupArns = logGroups.logGroupArns;
    } else {
      const ctx = AwsContext.of(this);
      this.logGroupArns = Object.values(TABLE_OPTIMIZER_LOG_GROUPS).map((name) =>
        ctx.arn({ service: 'logs', resource: `log-group:${name}` }),
      );
    }

    this.role = new Role(this, 'Role', {
      assumedBy: { service: 'glue.amazonaws.com' },
      roleName: props.roleName,
      namePrefix: 'icelog-table-maint-',
      description:
        'Glue table optimizers (compaction, snapshot retention, orphan-file deletion) of icelog tables',
    });

    const statements: PolicyStatement[] = [
      {
        sid: 'IcebergCatalogAccess',
        actions: [...GLUE_ICEBERG_WRITE_ACTIONS],
        // Rendered at synth time, so it lists exactly the tables added by then.
        resources: Lazy.listValue({
          produce: () => [
            this.database.catalogArn,
            this.database.databaseArn,
            ...this.tables.map((t) => t.tableArn),
          ],
        }),
      },
      ...bucketReadWriteStatements(this, this.warehouse, {
        kmsKeyArn: this.warehouse.kmsKeyArn,
        keyPrefixes: [this.warehouse.tablesPrefix],
      }),
      {
        sid: 'OptimizerLogs',
        actions: manageLogGroups
          ? ['logs:CreateLogStream', 'logs:PutLogEvents']
          : ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: manageLogGroups
          ? this.logGroupArns.map((arn) => `${arn}:*`)
          : this.logGroupArns.flatMap((arn) => [arn, `${arn}:*`]),
      },
    ];
    this.role.addToPolicy('TableMaintenance', statements);
  }

  /** The tables maintained so far. */
  get maintainedTables(): readonly GlueTableRef[] {
    return [...this.tables];
  }

  /**
   * Creates the three optimizers of `table` (as children of the table: `Compaction`,
   * `SnapshotRetention`, `OrphanFileDeletion`) and grants the role access to it. `IcebergTable` calls
   * this for its `maintenance` prop; call it yourself only for tables created another way.
   */
  addTable(table: IIcebergTable): void {
    if (this.tables.includes(table)) {
      throw new ValidationError(
        `${this.node.id}.tables`,
        table.tableName,
        `must not contain the same table twice ("${table.tableName}" is already maintained)`,
      );
    }
    if (table.database.databaseName !== this.database.databaseName) {
      throw new ValidationError(
        `${table.node.id}.maintenance`,
        table.tableName,
        'must belong to the maintenance database (one TableMaintenance, and one role, per database)',
      );
    }
    if (table.warehouse.bucketArn !== this.warehouse.bucketArn) {
      throw new ValidationError(
        `${table.node.id}.maintenance`,
        table.tableName,
        "must live in the maintenance warehouse bucket (the optimizer role's S3 access is scoped to it)",
      );
    }
    this.tables.push(table);

    // Glue must be able to assume the role, with its permissions, the moment an optimizer is created.
    const dependsOn = [
      this.role.resource,
      ...this.role.node.findAll().filter((c): c is IamRolePolicy => c instanceof IamRolePolicy),
    ];
    // References to the table resource (when it is ours), so Terraform creates the table first.
    const common = {
      catalogId: table.database.catalogId,
      databaseName: table instanceof IcebergTable ? table.resource.databaseName : table.database.databaseName,
      tableName: table instanceof IcebergTable ? table.resource.name : table.tableName,
      dependsOn,
    };
    const roleArn = this.role.roleArn;

    new GlueCatalogTableOptimizer(table, 'Compaction', {
      ...common,
      type: 'compaction',
      configuration: [{ enabled: this.compaction.enabled, roleArn }],
    });
    new GlueCatalogTableOptimizer(table, 'SnapshotRetention', {
      ...common,
      type: 'retention',
      configuration: [
        {
          enabled: this.snapshotRetention.enabled,
          roleArn,
          retentionConfiguration: [
            {
              icebergConfiguration: [
                {
                  snapshotRetentionPeriodInDays: this.snapshotRetention.snapshotRetentionPeriodInDays,
                  numberOfSnapshotsToRetain: this.snapshotRetention.numberOfSnapshotsToRetain,
                  cleanExpiredFiles: this.snapshotRetention.cleanExpiredFiles,
                },
              ],
            },
          ],
        },
      ],
    });
    new GlueCatalogTableOptimizer(table, 'OrphanFileDeletion', {
      ...common,
      type: 'orphan_file_deletion',
      configuration: [
        {
          enabled: this.orphanFileDeletion.enabled,
          roleArn,
          orphanFileDeletionConfiguration: [
            {
              icebergConfiguration: [
                {
                  orphanFileRetentionPeriodInDays: this.orphanFileDeletion.orphanFileRetentionPeriodInDays,
                  // Explicit, so the value Glue reports back matches and the plan stays empty.
                  location: table.location,
                },
              ],
            },
          ],
        },
      ],
    });
  }
}

interface OptimizerLogGroupsProps {
  readonly retentionInDays: number;
  readonly kmsKeyArn?: string;
}

/**
 * The three optimizer log groups, created once per stack (their names are fixed, so a second copy in
 * the same stack would collide).
 */
class OptimizerLogGroups extends Construct {
  static of(scope: Construct, props: OptimizerLogGroupsProps): OptimizerLogGroups {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(LOG_GROUPS_ID);
    if (existing instanceof OptimizerLogGroups) {
      if (existing.props.retentionInDays !== props.retentionInDays) {
        throw new ValidationError(
          `${scope.node.id}.logRetentionInDays`,
          props.retentionInDays,
          `must equal the retention of the optimizer log groups that another TableMaintenance of this stack created (${existing.props.retentionInDays} days): the log groups are shared`,
        );
      }
      if (existing.props.kmsKeyArn !== props.kmsKeyArn) {
        throw new ValidationError(
          `${scope.node.id}.logKmsKeyArn`,
          props.kmsKeyArn,
          'must equal the KMS key of the optimizer log groups that another TableMaintenance of this stack created: the log groups are shared',
        );
      }
      return existing;
    }
    return new OptimizerLogGroups(stack, LOG_GROUPS_ID, props);
  }

  readonly logGroupArns: string[];

  private constructor(
    scope: Construct,
    id: string,
    private readonly props: OptimizerLogGroupsProps,
  ) {
    super(scope, id);
    const ids: Record<keyof typeof TABLE_OPTIMIZER_LOG_GROUPS, string> = {
      compaction: 'Compaction',
      snapshotRetention: 'SnapshotRetention',
      orphanFileDeletion: 'OrphanFileDeletion',
    };
    this.logGroupArns = (Object.keys(TABLE_OPTIMIZER_LOG_GROUPS) as (keyof typeof ids)[]).map(
      (key) =>
        new RetainedLogGroup(this, ids[key], {
          logGroupName: TABLE_OPTIMIZER_LOG_GROUPS[key],
          retentionInDays: props.retentionInDays,
          kmsKeyArn: props.kmsKeyArn,
        }).logGroupArn,
    );
  }
}

function validateOptions(
  id: string,
  props: TableMaintenanceOptions,
  retention: Required<SnapshotRetentionOptions>,
  orphans: Required<OrphanFileDeletionOptions>,
): void {
  checkIntegerInRange(
    `${id}.snapshotRetention.snapshotRetentionPeriodInDays`,
    retention.snapshotRetentionPeriodInDays,
    1,
    MAX_INT32,
    'days',
  );
  checkIntegerInRange(
    `${id}.snapshotRetention.numberOfSnapshotsToRetain`,
    retention.numberOfSnapshotsToRetain,
    1,
    MAX_INT32,
    'snapshots',
  );
  checkIntegerInRange(
    `${id}.orphanFileDeletion.orphanFileRetentionPeriodInDays`,
    orphans.orphanFileRetentionPeriodInDays,
    1,
    MAX_INT32,
    'days',
  );
  const manage = props.manageLogGroups ?? true;
  if (!manage && props.logRetentionInDays !== undefined) {
    throw new ValidationError(
      `${id}.logRetentionInDays`,
      props.logRetentionInDays,
      'must not be set when manageLogGroups is false (the log groups are not created here)',
    );
  }
  if (!manage && props.logKmsKeyArn !== undefined) {
    throw new ValidationError(
      `${id}.logKmsKeyArn`,
      props.logKmsKeyArn,
      'must not be set when manageLogGroups is false (the log groups are not created here)',
    );
  }
  if (props.logRetentionInDays !== undefined)
    validateLogRetention(`${id}.logRetentionInDays`, props.logRetentionInDays);
  if (props.logKmsKeyArn !== undefined) validateKmsKeyArn(`${id}.logKmsKeyArn`, props.logKmsKeyArn);
}
