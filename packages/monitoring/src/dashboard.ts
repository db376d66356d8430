import { BoundMetric } from './metrics';

/**
 * Typed CloudWatch dashboard widgets and their rendering into the dashboard body JSON
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 * Values may be Terraform tokens; they stay strings inside the JSON and Terraform fills them in.
 */

/** A line of a graph: a metric, or metric math over the graph's metrics (by `id`). */
export type GraphLine =
  | { readonly metric: BoundMetric; readonly label: string; readonly id?: string; readonly visible?: boolean }
  | { readonly expression: string; readonly label: string; readonly id: string };

/** A time-series graph. */
export interface GraphWidget {
  readonly kind: 'graph';
  /** Title above the graph. */
  readonly title: string;
  /** Metrics and expressions drawn. */
  readonly lines: readonly GraphLine[];
  /** Period of every metric, seconds. */
  readonly periodSeconds: number;
  /**
   * Horizontal lines, e.g. an alarm threshold.
   * @default - none
   */
  readonly annotations?: readonly { readonly label: string; readonly value: number }[];
  /**
   * Label of the left Y axis.
   * @default - CloudWatch's unit label
   */
  readonly yLabel?: string;
}

/** The state of alarms. */
export interface AlarmStatusWidget {
  readonly kind: 'alarms';
  /** Title above the alarm list. */
  readonly title: string;
  /** Alarm ARNs. */
  readonly alarmArns: readonly string[];
}

/** Markdown text. */
export interface TextWidget {
  readonly kind: 'text';
  /** Markdown shown in the widget. */
  readonly markdown: string;
}

export type DashboardWidget = GraphWidget | AlarmStatusWidget | TextWidget;

const WIDTH = 24;

/** Renders widgets into a dashboard body, laid out left to right in rows of `WIDTH` columns. */
export function renderDashboardBody(region: string, widgets: readonly DashboardWidget[]): string {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  const rendered = widgets.map((widget) => {
    const { width, height } = size(widget);
    if (x + width > WIDTH) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { x, y, width, height, ...renderWidget(region, widget) };
    x += width;
    rowHeight = Math.max(rowHeight, height);
    return placed;
  });
  return JSON.stringify({ widgets: rendered });
}

function size(widget: DashboardWidget): { width: number; height: number } {
  switch (widget.kind) {
    case 'graph':
      return { width: 12, height: 6 };
    case 'alarms':
      return { width: 24, height: 3 + Math.ceil(widget.alarmArns.length / 4) };
    case 'text':
      return { width: 24, height: 2 };
  }
}

function renderWidget(region: string, widget: DashboardWidget): { type: string; properties: object } {
  switch (widget.kind) {
    case 'graph':
      return {
        type: 'metric',
        properties: {
          title: widget.title,
          region,
          view: 'timeSeries',
          stacked: false,
          period: widget.periodSeconds,
          metrics: widget.lines.map(renderLine),
          ...(widget.annotations && widget.annotations.length > 0
            ? {
                annotations: {
                  horizontal: widget.annotations.map((a) => ({ label: a.label, value: a.value })),
                },
              }
            : {}),
          ...(widget.yLabel ? { yAxis: { left: { label: widget.yLabel, showUnits: false } } } : {}),
        },
      };
    case 'alarms':
      return { type: 'alarm', properties: { title: widget.title, alarms: [...widget.alarmArns] } };
    case 'text':
      return { type: 'text', properties: { markdown: widget.markdown } };
  }
}

/** `[namespace, name, dim1, value1, …, {options}]` or `[{expression, label, id}]`. */
function renderLine(line: GraphLine): unknown[] {
  if ('expression' in line) return [{ expression: line.expression, label: line.label, id: line.id }];
  const { definition, dimensions } = line.metric;
  const options: Record<string, unknown> = {
    stat: line.metric.statistic ?? definition.statistic,
    label: line.label,
  };
  if (line.id !== undefined) options.id = line.id;
  if (line.visible === false) options.visible = false;
  return [
    definition.namespace,
    definition.metricName,
    ...definition.dimensionNames.flatMap((name) => [name, dimensions[name]]),
    options,
  ];
}
