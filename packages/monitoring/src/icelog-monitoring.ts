import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AthenaNamedQuery } from '@cdktf/provider-aws/lib/athena-named-query';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { AwsContext, ValidationError, checkPattern, isUnresolved } from '@icelog/core';
import type { IAthenaWorkgroup } from '@icelog/catalog';
import type { IcebergDeliveryStream } from '@icelog/delivery';
import type { FireLensService } from '@icelog/ecs-firelens';
import type { IRecordRouting } from '@icelog/routing';
import { AlarmSpec, IcelogAlarm, createAlarm } from './alarm';
import { renderDashboardBody } from './dashboard';
import { MonitoredSource, deliveryAlarmSpecs } from './delivery-alarms';
import { createLogRouterMetrics } from './log-router';
import { AlarmNotifications, NotificationTarget } from './notifications';
import { pipelineDashboardWidgets } from './pipeline-dashboard';
import { ReadyQuery, readyQueries } from './queries';
import { serviceAlarmSpecs } from './service-alarms';
import { MonitoringThresholds, resolveThresholds } from './thresholds';

/** What monitoring needs of a delivery stream; an `IcebergDeliveryStream` fits as is. */
export type MonitoredDeliveryStream = Pick<
  IcebergDeliveryStream,
  'deliveryStreamName' | 'buffering' | 'producerTarget'
>;

/** What monitoring needs of the nginx service; a `FireLensService` fits as is. */
export type MonitoredService = Pick<FireLensService, 'clusterName' | 'serviceName' | 'logGroupName'>;

/** Props of {@link IcelogMonitoring}. */
export interface IcelogMonitoringProps {
  /** The delivery stream: its name, buffering interval and source are read from it. */
  readonly deliveryStream: MonitoredDeliveryStream;
  /**
   * The FireLens service: task count alarm and the log router's metric filters.
   * @default - no service alarms
   */
  readonly service?: MonitoredService;
  /**
   * Ready Athena queries, saved as named queries in `workgroup` over the routing's tables.
   * @default - no named queries
   */
  readonly queries?: {
    readonly workgroup: Pick<IAthenaWorkgroup, 'workgroupName'>;
    readonly routing: Pick<IRecordRouting, 'databaseName' | 'tables'>;
  };
  /**
   * Literal prefix of every alarm, dashboard, topic, metric filter and named query name:
   * 1–64 characters of `[A-Za-z0-9_-]`.
   * @default - the stack's name (e.g. `icelog-dev`)
   */
  readonly namePrefix?: string;
  /**
   * Who is told when an alarm goes to ALARM and back to OK.
   * @default [] (alarms change state without notifying anyone)
   */
  readonly notifications?: readonly NotificationTarget[];
  /**
   * Fail synthesis unless `notifications` is non-empty (production: every alarm must have actions).
   * @default false
   */
  readonly requireNotifications?: boolean;
  /**
   * Customer-managed KMS key of the alarm topic; its policy must admit `cloudwatch.amazonaws.com`.
   * @default - a new rotating key with that policy
   */
  readonly topicKmsKeyArn?: string;
  /**
   * Alarm thresholds.
   * @default - derived from the buffering interval (see MonitoringThresholds)
   */
  readonly thresholds?: MonitoringThresholds;
  /**
   * Create the CloudWatch dashboard.
   * @default true
   */
  readonly dashboard?: boolean;
}

const NAME_PREFIX = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Alarms, notifications, a dashboard and ready Athena queries for one icelog pipeline. Names derive
 * from one literal prefix so that tools can find the alarms in the synthesized JSON before deploy;
 * dimensions reference the stack's own stream, service and log group.
 */
export class IcelogMonitoring extends Construct {
  /** The literal name prefix. */
  readonly namePrefix: string;
  /** Every alarm, in creation order. */
  readonly alarms: readonly IcelogAlarm[];
  /** Where notifications go (topic, existing topics). */
  readonly notifications: AlarmNotifications;
  /** The dashboard, when created. */
  readonly dashboard?: CloudwatchDashboard;
  /** The literal dashboard name, when created. */
  readonly dashboardName?: string;
  /** The ready queries, as saved. */
  readonly queries: readonly ReadyQuery[];

  constructor(scope: Construct, id: string, props: IcelogMonitoringProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? TerraformStack.of(this).node.id;
    checkPattern(`${id}.namePrefix`, prefix, NAME_PREFIX, 'must be 1–64 characters of [A-Za-z0-9_-]');
    if (isUnresolved(prefix)) {
      throw new ValidationError(
        `${id}.namePrefix`,
        prefix,
        'must be a literal: alarm names are read before deploy',
      );
    }
    this.namePrefix = prefix;
    const targets = props.notifications ?? [];
    if (props.requireNotifications && targets.length === 0) {
      throw new ValidationError(
        `${id}.notifications`,
        targets,
        'must name at least one e-mail, HTTPS endpoint or topic ARN when requireNotifications is set: alarms without actions tell nobody',
      );
    }

    const interval = props.deliveryStream.buffering.intervalSeconds;
    const thresholds = resolveThresholds(`${id}.thresholds`, interval, props.thresholds);
    const target = props.deliveryStream.producerTarget;
    const source: MonitoredSource =
      target.kind === 'kinesis' ? { kind: 'kinesis', streamName: target.streamName } : { kind: 'direct-put' };
    const streamName = props.deliveryStream.deliveryStreamName;

    const specs: AlarmSpec[] = deliveryAlarmSpecs(streamName, interval, source, thresholds);
    let serviceView:
      | { clusterName: string; serviceName: string; logRouter: ReturnType<typeof createLogRouterMetrics> }
      | undefined;
    if (props.service) {
      const logRouter = createLogRouterMetrics(this, props.service.logGroupName, `icelog/${prefix}`, prefix);
      serviceView = {
        clusterName: props.service.clusterName,
        serviceName: props.service.serviceName,
        logRouter,
      };
      specs.push(
        ...serviceAlarmSpecs(serviceView.clusterName, serviceView.serviceName, logRouter, thresholds),
      );
    }

    this.notifications = new AlarmNotifications(this, 'Notifications', {
      targets,
      topicName: `${prefix}-alarms`,
      alarmNamePrefix: prefix,
      kmsKeyArn: props.topicKmsKeyArn,
    });
    this.alarms = specs.map((spec) => createAlarm(this, prefix, spec, this.notifications.actions));

    if (props.dashboard ?? true) {
      this.dashboardName = prefix;
      this.dashboard = new CloudwatchDashboard(this, 'Dashboard', {
        dashboardName: prefix,
        dashboardBody: renderDashboardBody(
          AwsContext.of(this).region,
          pipelineDashboardWidgets({
            title: `icelog ${prefix}`,
            deliveryStreamName: streamName,
            bufferingIntervalSeconds: interval,
            source,
            thresholds,
            service: serviceView,
            alarms: this.alarms,
          }),
        ),
      });
    }

    this.queries = props.queries
      ? readyQueries(props.queries.routing.databaseName, props.queries.routing.tables)
      : [];
    for (const query of this.queries) {
      new AthenaNamedQuery(this, `Query-${query.key}`, {
        name: `${prefix}-${query.key}`,
        description: query.description,
        database: props.queries!.routing.databaseName,
        workgroup: props.queries!.workgroup.workgroupName,
        query: query.sql,
      });
    }
  }

  /** The literal names of every alarm, in creation order. */
  get alarmNames(): string[] {
    return this.alarms.map((alarm) => alarm.alarmName);
  }
}
