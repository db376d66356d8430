import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SynthesizedStack, synthesize } from '@icelog/core/testing';
import { AthenaWorkgroup, IcebergCatalog } from '@icelog/catalog';
import { BufferingHints, DeliveryStreamSource, IcebergDeliveryStream } from '@icelog/delivery';
import { FireLensService } from '@icelog/ecs-firelens';
import { StatusRouting } from '@icelog/routing';
import { IcelogMonitoring, IcelogMonitoringProps } from '../src';

/** A small real pipeline (routing, catalog, stream, FireLens service, workgroup) with its monitoring. */
export interface MonitoredPipeline {
  readonly stack: TerraformStack;
  readonly routing: StatusRouting;
  readonly delivery: IcebergDeliveryStream;
  readonly service: FireLensService;
  readonly workgroup: AthenaWorkgroup;
  readonly monitoring: IcelogMonitoring;
  readonly json: SynthesizedStack;
}

export interface PipelineOptions {
  readonly source?: DeliveryStreamSource;
  readonly buffering?: BufferingHints;
  readonly statuses?: readonly number[];
  readonly monitoring?: Partial<IcelogMonitoringProps>;
  readonly withService?: boolean;
  readonly withQueries?: boolean;
}

export function monitoredPipeline(options: PipelineOptions = {}): MonitoredPipeline {
  const stack = new TerraformStack(Testing.app(), 'icelog-test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const routing = new StatusRouting({
    databaseName: 'icelog_test',
    statuses: options.statuses ?? [200, 404, 500, 503],
  });
  const catalog = new IcebergCatalog(stack, 'Catalog', {
    databaseName: routing.databaseName,
    maintenance: false,
  });
  const tables = routing.tables.map((t) => catalog.addTable({ tableName: t.tableName, columns: t.columns }));
  const delivery = new IcebergDeliveryStream(stack, 'Delivery', {
    deliveryStreamName: 'icelog-test',
    region: 'eu-west-1',
    database: catalog.database,
    tables: tables.map((table) => ({ table })),
    routing,
    warehouse: catalog.warehouse,
    errorOutputPrefix: catalog.warehouse.errorOutputPrefix,
    buffering: options.buffering ?? BufferingHints.LOW_LATENCY,
    source: options.source,
  });
  const service = new FireLensService(stack, 'Web', {
    deliveryStream: delivery,
    serviceName: 'icelog-test-web',
    network: { vpc: { defaultVpc: true }, assignPublicIp: true, ingressCidrs: ['203.0.113.0/24'] },
  });
  const workgroup = new AthenaWorkgroup(stack, 'Workgroup', { workgroupName: 'icelog-test-smoke' });
  const monitoring = new IcelogMonitoring(stack, 'Monitoring', {
    deliveryStream: delivery,
    service: options.withService === false ? undefined : service,
    queries: options.withQueries === false ? undefined : { workgroup, routing },
    ...options.monitoring,
  });
  return { stack, routing, delivery, service, workgroup, monitoring, json: synthesize(stack) };
}

/** Logical id of the only resource of `type` whose attribute `key` equals `value`. */
export function idWhere(json: SynthesizedStack, type: string, key: string, value: unknown): string {
  const ids = Object.entries(json.resource[type] ?? {})
    .filter(([, body]) => body[key] === value)
    .map(([id]) => id);
  if (ids.length !== 1)
    throw new Error(`expected one ${type} with ${key} = ${String(value)}, found ${ids.length}`);
  return ids[0];
}

/** Alarms by name. */
export function alarmsByName(json: SynthesizedStack): Record<string, any> {
  return Object.fromEntries(
    Object.values(json.resource.aws_cloudwatch_metric_alarm ?? {}).map((alarm) => [alarm.alarm_name, alarm]),
  );
}
