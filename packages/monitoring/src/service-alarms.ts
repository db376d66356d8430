import { AlarmSpec } from './alarm';
import { COUNT_PERIOD_SECONDS } from './delivery-alarms';
import { LogRouterMetrics } from './log-router';
import { ECS_SERVICE_METRICS, bindMetric } from './metrics';
import { ResolvedThresholds } from './thresholds';

/** The nginx service's alarms: fewer tasks than desired; Fluent Bit errors and dropped chunks. */
export function serviceAlarmSpecs(
  clusterName: string,
  serviceName: string,
  logRouter: LogRouterMetrics,
  t: ResolvedThresholds,
): AlarmSpec[] {
  const service = { ClusterName: clusterName, ServiceName: serviceName };
  return [
    {
      key: 'service-tasks-below-desired',
      summary: `The nginx service ran fewer tasks than desired for ${t.tasksBelowDesiredMinutes} minutes (Container Insights RunningTaskCount < DesiredTaskCount).`,
      action:
        'Look at the service events and stopped tasks (`aws ecs describe-services`, stopped reason): image pulls, the log router failing to start, or health checks.',
      metric: {
        expression: 'desired - running',
        label: 'tasks missing',
        metrics: {
          desired: bindMetric(ECS_SERVICE_METRICS.desiredTaskCount, service),
          running: bindMetric(ECS_SERVICE_METRICS.runningTaskCount, service),
        },
      },
      periodSeconds: 60,
      evaluationPeriods: t.tasksBelowDesiredMinutes,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      missingData: 'breaching',
      missingDataReason:
        'Container Insights reports the service every minute while it exists, so silence means the service or its metrics are gone',
    },
    {
      key: 'log-router-errors',
      summary: `Fluent Bit logged at least ${t.logRouterErrors} [error] lines in 5 minutes (log router log group).`,
      action:
        'Read the log router log group: output errors (throttling, credentials, "Failed to send log records") delay or lose records.',
      metric: logRouter.errors,
      periodSeconds: COUNT_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: t.logRouterErrors,
      missingData: 'notBreaching',
      missingDataReason:
        'the metric filter publishes only when the log router logs; no log lines means no errors',
    },
    {
      key: 'log-router-dropped-chunks',
      summary:
        'Fluent Bit dropped at least one chunk of records after its retries ("cannot be retried" / "could not be scheduled"): those log lines never reached the stream.',
      action:
        'The records are lost; fix the output errors in the log router log group (throttling: raise the quota or use a Kinesis source).',
      metric: logRouter.droppedChunks,
      periodSeconds: COUNT_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      missingData: 'notBreaching',
      missingDataReason:
        'the metric filter publishes only when the log router logs; no log lines means nothing dropped',
    },
  ];
}
