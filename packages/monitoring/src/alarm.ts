import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { BoundMetric } from './metrics';

/**
 * What an alarm does when its metric has no data points (`treat_missing_data`). icelog chooses this per
 * alarm and documents why (package README, "Missing data").
 */
export type MissingDataTreatment = 'breaching' | 'notBreaching' | 'ignore' | 'missing';

/** How an alarm compares its value with the threshold. */
export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** Metric math over named metrics: `expression` refers to the keys of `metrics` (lower-case ids). */
export interface MathExpression {
  /** A CloudWatch metric math expression, e.g. `100 * (bytes / 300) / limit`. */
  readonly expression: string;
  /** Label of the expression's time series. */
  readonly label: string;
  /** The metrics the expression reads, by id (`^[a-z][a-zA-Z0-9_]*$`). */
  readonly metrics: Readonly<Record<string, BoundMetric>>;
}

/** Everything that defines one icelog alarm. */
export interface AlarmSpec {
  /** Stable key, e.g. `delivery-freshness`; the alarm is named `<prefix>-<key>`. */
  readonly key: string;
  /** One line: what the alarm means. */
  readonly summary: string;
  /** What the operator should do when it fires (kept in the alarm description). */
  readonly action: string;
  /** A single metric, or metric math. */
  readonly metric: BoundMetric | MathExpression;
  /** Period in seconds: 60 or a multiple of 60. */
  readonly periodSeconds: number;
  /** Number of periods evaluated. */
  readonly evaluationPeriods: number;
  /**
   * How many of the evaluated periods must breach.
   * @default - all of them
   */
  readonly datapointsToAlarm?: number;
  /** How the value is compared with {@link threshold}. */
  readonly comparison: ComparisonOperator;
  /** The threshold, in the metric's (or expression's) unit. */
  readonly threshold: number;
  /** What the alarm does without data points (chosen per alarm). */
  readonly missingData: MissingDataTreatment;
  /** Why that missing-data treatment (documentation; also in the description). */
  readonly missingDataReason: string;
}

/** An alarm icelog created. */
export interface IcelogAlarm {
  /** Stable key, e.g. `delivery-freshness`. */
  readonly key: string;
  /** The literal alarm name, `<prefix>-<key>` (readable from cdk.tf.json before deploy). */
  readonly alarmName: string;
  /** The spec the alarm was built from. */
  readonly spec: AlarmSpec;
  /** The `aws_cloudwatch_metric_alarm`. */
  readonly resource: CloudwatchMetricAlarm;
}

/** Tag every icelog alarm carries, with the alarm key as value, so tools can tell alarms apart. */
export const ALARM_KEY_TAG = 'icelog:alarm';

const PERIODS = (p: number) => Number.isInteger(p) && p >= 60 && p % 60 === 0;

/** Creates one alarm from its spec; `actions` go to both ALARM and OK. */
export function createAlarm(
  scope: Construct,
  prefix: string,
  spec: AlarmSpec,
  actions: readonly string[],
): IcelogAlarm {
  if (!PERIODS(spec.periodSeconds)) {
    throw new Error(`alarm ${spec.key}: period ${spec.periodSeconds} s is not a positive multiple of 60`);
  }
  const alarmName = `${prefix}-${spec.key}`;
  const description = `${spec.summary} What to do: ${spec.action} Missing data: ${spec.missingData} (${spec.missingDataReason}).`;
  if (description.length > 1024) {
    throw new Error(
      `alarm ${spec.key}: description is ${description.length} characters, CloudWatch allows 1024`,
    );
  }
  const common = {
    alarmName,
    alarmDescription: description,
    comparisonOperator: spec.comparison,
    threshold: spec.threshold,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
    treatMissingData: spec.missingData,
    actionsEnabled: true,
    alarmActions: actions.length > 0 ? [...actions] : undefined,
    okActions: actions.length > 0 ? [...actions] : undefined,
    tags: { [ALARM_KEY_TAG]: spec.key },
  };
  const metric = spec.metric;
  const resource =
    'expression' in metric
      ? new CloudwatchMetricAlarm(scope, spec.key, {
          ...common,
          metricQuery: [
            { id: 'e1', expression: metric.expression, label: metric.label, returnData: true },
            ...Object.entries(metric.metrics).map(([id, bound]) => {
              if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) throw new Error(`alarm ${spec.key}: bad metric id ${id}`);
              return {
                id,
                returnData: false,
                metric: {
                  namespace: bound.definition.namespace,
                  metricName: bound.definition.metricName,
                  dimensions: { ...bound.dimensions },
                  stat: bound.statistic ?? bound.definition.statistic,
                  period: spec.periodSeconds,
                },
              };
            }),
          ],
        })
      : new CloudwatchMetricAlarm(scope, spec.key, {
          ...common,
          namespace: metric.definition.namespace,
          metricName: metric.definition.metricName,
          dimensions: { ...metric.dimensions },
          statistic: metric.statistic ?? metric.definition.statistic,
          period: spec.periodSeconds,
        });
  return { key: spec.key, alarmName, spec, resource };
}
