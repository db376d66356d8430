import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AthenaWorkgroup, IcebergCatalog, IcebergTable } from '@icelog/catalog';
import { IcebergDeliveryStream } from '@icelog/delivery';
import { FireLensService } from '@icelog/ecs-firelens';
import { IcelogMonitoring } from '@icelog/monitoring';
import { StatusRouting } from '@icelog/routing';
import { IcelogConfig, IcelogConfigInput, parseConfig } from './config';
import { bufferingFor, maintenanceFor, sourceFor } from './config-mapping';
import {
  CATALOG_PATHS,
  DELIVERY_PATHS,
  MONITORING_PATHS,
  ROUTING_PATHS,
  SERVICE_PATHS,
  SMOKE_PATHS,
  STATE_PATHS,
  withConfigPaths,
} from './config-paths';
import { stackTagsFor } from './config-rules';
import { checkInlinePolicyLimits } from './policy-limits';
import { retiredStatusTables } from './retired-statuses';
import { configureStateBackend } from './state-backend';

/**
 * One icelog environment: nginx on Fargate → FireLens → Firehose → Iceberg tables `request_<status>`,
 * with the Athena workgroup the smoke checker queries through. Everything is derived from one typed
 * {@link IcelogConfigInput}; apps/dev and apps/prod instantiate this class once each.
 *
 * Construct ids below are part of the contract: they become Terraform logical ids, and renaming one
 * replaces the resource (the apps' snapshot tests catch that).
 */
export class IcelogStack extends TerraformStack {
  /** The configuration with every default applied. */
  readonly config: IcelogConfig;
  /** Status routing: the JQ query and the tables it can produce. */
  readonly routing: StatusRouting;
  /** Warehouse bucket, Glue database, maintenance and the tables. */
  readonly catalog: IcebergCatalog;
  /** Exactly the tables the routing query can produce, in routing order. */
  readonly tables: readonly IcebergTable[];
  /** Tables of retired statuses: kept with their rows, no longer routed to. */
  readonly retiredTables: readonly IcebergTable[];
  readonly delivery: IcebergDeliveryStream;
  readonly service: FireLensService;
  readonly smokeWorkgroup: AthenaWorkgroup;
  /** Alarms, notifications, dashboard and named queries; `undefined` when `monitoring.enabled` is false. */
  readonly monitoring?: IcelogMonitoring;
  /**
   * Names decided at synth time. Outputs use these literals rather than resource attributes, so the
   * smoke checker can read them from cdk.tf.json before anything is deployed.
   */
  readonly names: {
    readonly deliveryStream: string;
    readonly cluster: string;
    readonly service: string;
    readonly workgroup: string;
  };

  constructor(scope: Construct, id: string, input: IcelogConfigInput) {
    super(scope, id);
    const config = parseConfig(input);
    this.config = config;
    const env = config.environment;
    this.names = {
      deliveryStream: config.delivery.streamName ?? `icelog-${env}`,
      cluster: `icelog-${env}`,
      service: `icelog-${env}-web`,
      workgroup: config.smoke.workgroupName ?? `icelog-${env}-smoke`,
    };

    withConfigPaths(STATE_PATHS, () =>
      configureStateBackend(this, {
        bucket: config.state.bucket,
        key: config.state.key ?? `icelog/${env}/terraform.tfstate`,
        region: config.state.region ?? config.region,
        environment: env,
      }),
    );
    const stackTags = Object.fromEntries(
      Object.entries(stackTagsFor(env)).map(([key, tag]) => [key, tag.value]),
    );
    new AwsProvider(this, 'aws', {
      region: config.region,
      // parseConfig refuses user tags that collide with the stack's, so neither replaces the other.
      defaultTags: [{ tags: { ...config.tags, ...stackTags } }],
    });

    this.routing = withConfigPaths(
      ROUTING_PATHS,
      () =>
        new StatusRouting({
          databaseName: config.catalog.databaseName ?? `icelog_${env}`,
          tablePrefix: config.routing.tablePrefix,
          statuses: config.routing.statuses,
        }),
    );

    this.catalog = withConfigPaths(
      CATALOG_PATHS,
      () =>
        new IcebergCatalog(this, 'Catalog', {
          databaseName: this.routing.databaseName,
          warehouseProps: {
            bucketPrefix: config.catalog.warehouseBucketPrefix ?? `icelog-${env}-`,
            forceDestroy: config.catalog.forceDestroy,
            versioned: config.catalog.versioned,
            noncurrentVersionExpirationDays: config.catalog.noncurrentVersionExpirationDays,
            errorOutputExpirationDays: config.catalog.errorOutputExpirationDays,
            encryption:
              config.catalog.kmsKeyArn === undefined
                ? undefined
                : { kind: 'KMS', kmsKeyArn: config.catalog.kmsKeyArn },
          },
          maintenance: maintenanceFor(config.catalog.maintenance),
        }),
    );
    this.tables = this.routing.tables.map((table) =>
      this.catalog.addTable({ tableName: table.tableName, columns: table.columns }),
    );
    this.retiredTables = retiredStatusTables(this.routing, config.routing.retiredStatuses).map((table) =>
      this.catalog.addTable(table),
    );

    const { source, encryption } = sourceFor(config.delivery.source);
    this.delivery = withConfigPaths(
      DELIVERY_PATHS,
      () =>
        new IcebergDeliveryStream(this, 'Delivery', {
          deliveryStreamName: this.names.deliveryStream,
          region: config.region,
          database: this.catalog.database,
          tables: this.tables.map((table) => ({ table })),
          // The routing's query and table list; the stream checks they match `tables`.
          routing: this.routing,
          // The stream derives the KMS key and the error prefix from the warehouse.
          warehouse: this.catalog.warehouse,
          buffering: bufferingFor(config.delivery.buffering),
          retryDurationSeconds: config.delivery.retryDurationSeconds,
          logRetentionDays: config.delivery.logRetentionDays,
          source,
          encryption,
          expectedIngest: config.delivery.expectedIngest,
        }),
    );

    this.service = withConfigPaths(
      SERVICE_PATHS,
      () =>
        new FireLensService(this, 'Web', {
          deliveryStream: this.delivery,
          region: config.region,
          serviceName: this.names.service,
          clusterName: this.names.cluster,
          desiredCount: config.service.desiredCount,
          appImage: config.service.nginxImage,
          network: {
            vpc: config.service.network,
            ingressCidrs: config.service.ingressCidrs,
            allowPublicIngress: config.service.allowPublicIngress,
            assignPublicIp: config.service.assignPublicIp,
          },
          loadBalancer: config.service.loadBalancer,
          logRetentionDays: config.service.logRetentionDays,
        }),
    );

    this.smokeWorkgroup = withConfigPaths(
      SMOKE_PATHS,
      () =>
        new AthenaWorkgroup(this, 'SmokeWorkgroup', {
          workgroupName: this.names.workgroup,
          resultsExpirationDays: config.smoke.resultsExpirationDays,
          forceDestroy: config.catalog.forceDestroy,
        }),
    );

    if (config.monitoring.enabled) this.monitoring = this.addMonitoring(config.monitoring);

    this.addOutputs();
    // Last: the policies are complete only once every construct has granted what it needs.
    checkInlinePolicyLimits(this, config.region, this.routing);
  }

  /** Alarms named `<stack name>-<key>` on the stream, the service and the log router; see @icelog/monitoring. */
  private addMonitoring(monitoring: IcelogConfig['monitoring']): IcelogMonitoring {
    return withConfigPaths(
      MONITORING_PATHS,
      () =>
        new IcelogMonitoring(this, 'Monitoring', {
          deliveryStream: this.delivery,
          service: this.service,
          queries: monitoring.queries ? { workgroup: this.smokeWorkgroup, routing: this.routing } : undefined,
          notifications: monitoring.notifications,
          requireNotifications: monitoring.requireNotifications,
          topicKmsKeyArn: monitoring.topicKmsKeyArn,
          thresholds: monitoring.thresholds,
          dashboard: monitoring.dashboard,
        }),
    );
  }

  /** Outputs the smoke checker and operators read (`terraform output -json`). Names are a contract. */
  private addOutputs(): void {
    const output = (id: string, value: unknown, description: string) =>
      new TerraformOutput(this, id, { value, description });
    output('region', this.config.region, 'AWS region of the stack');
    output('glue_database', this.routing.databaseName, 'Glue database holding the Iceberg tables');
    output('table_prefix', this.routing.tablePrefix, 'Prefix of the per-status tables');
    output('routed_statuses', [...this.routing.routedStatuses], 'Statuses with their own table');
    output('fallback_table', this.routing.fallbackTableName, 'Table for access records of other statuses');
    output('unparsed_table', this.routing.unparsedTableName, 'Table for lines that are not access records');
    output('athena_workgroup', this.names.workgroup, 'Athena workgroup for the smoke checker');
    output('delivery_stream_name', this.names.deliveryStream, 'Firehose delivery stream');
    output(
      'warehouse_bucket',
      this.catalog.warehouse.bucketName,
      'S3 bucket of table data and failed records',
    );
    output('error_output_prefix', this.delivery.errorOutputPrefix, 'Key prefix of failed records');
    output('ecs_cluster_name', this.names.cluster, 'ECS cluster of the nginx service');
    output('ecs_service_name', this.names.service, 'ECS service running nginx');
    if (this.monitoring) {
      output('alarm_names', this.monitoring.alarmNames, 'CloudWatch alarms of the stack');
      if (this.monitoring.dashboardName !== undefined) {
        output('dashboard_name', this.monitoring.dashboardName, 'CloudWatch dashboard of the stack');
      }
    }
    if (this.service.endpointUrl !== undefined) {
      output('endpoint_url', this.service.endpointUrl, 'URL of the nginx service (load balancer)');
    }
  }
}
