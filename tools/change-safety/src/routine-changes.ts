import type { IcelogConfigInput } from '@icelog/pipeline';

/** A configuration change an operator makes routinely, and that must never cost data. */
export interface RoutineChange {
  /** Short id, `^[a-z][a-z0-9_]*$`: part of Terraform addresses in the merged plan. */
  readonly id: string;
  /** What the change does, for the report. */
  readonly description: string;
  /** The changed configuration (the input is never modified). */
  readonly apply: (config: IcelogConfigInput) => IcelogConfigInput;
}

/** The nginx statuses apps route by default (see the root README). */
const DEFAULT_STATUSES = [
  200, 201, 204, 206, 301, 302, 304, 400, 401, 403, 404, 405, 408, 413, 429, 499, 500, 502, 503, 504,
];

function statusesOf(config: IcelogConfigInput): number[] {
  return [...(config.routing?.statuses ?? DEFAULT_STATUSES)];
}

function days(current: number | undefined, fallback: number): number {
  const allowed = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365];
  const value = current ?? fallback;
  return allowed.find((d) => d > value) ?? 1;
}

/**
 * The matrix every environment is planned with: add/remove a routed status, buffering, retention
 * days, desired count, tags, image tag, expiry thresholds and the delivery retry window.
 */
export const ROUTINE_CHANGES: readonly RoutineChange[] = [
  {
    id: 'add_status',
    description: 'route one more status (418) to its own table',
    apply: (c) => ({ ...c, routing: { ...c.routing, statuses: [...statusesOf(c), 418] } }),
  },
  {
    id: 'remove_status',
    description: 'stop routing status 413: move it to routing.retiredStatuses (its rows go to request_other)',
    apply: (c) => ({
      ...c,
      routing: {
        ...c.routing,
        statuses: statusesOf(c).filter((s) => s !== 413),
        retiredStatuses: [...(c.routing?.retiredStatuses ?? []), 413],
      },
    }),
  },
  {
    id: 'buffering',
    description: 'switch the buffering preset (low-latency <-> large-files)',
    apply: (c) => ({
      ...c,
      delivery: {
        ...c.delivery,
        buffering: c.delivery?.buffering === 'large-files' ? 'low-latency' : 'large-files',
      },
    }),
  },
  {
    id: 'retry_duration',
    description: 'change the Firehose retry window to 600 s',
    apply: (c) => ({ ...c, delivery: { ...c.delivery, retryDurationSeconds: 600 } }),
  },
  {
    id: 'log_retention',
    description: 'change the retention days of the delivery and service log groups',
    apply: (c) => ({
      ...c,
      delivery: { ...c.delivery, logRetentionDays: days(c.delivery?.logRetentionDays, 30) },
      service: { ...c.service, logRetentionDays: days(c.service.logRetentionDays, 30) },
    }),
  },
  {
    id: 'desired_count',
    description: 'scale the service by one task',
    apply: (c) => ({ ...c, service: { ...c.service, desiredCount: (c.service.desiredCount ?? 1) + 1 } }),
  },
  {
    id: 'tags',
    description: 'add a default tag (cost-center)',
    apply: (c) => ({ ...c, tags: { ...c.tags, 'cost-center': 'cc-1234' } }),
  },
  {
    id: 'image_tag',
    description: 'roll the nginx image to another pinned tag',
    apply: (c) => ({
      ...c,
      service: { ...c.service, nginxImage: 'public.ecr.aws/docker/library/nginx:1.28.1' },
    }),
  },
  {
    id: 'expiry_thresholds',
    description: 'change the error-output and Athena-result expiry days',
    apply: (c) => ({
      ...c,
      catalog: { ...c.catalog, errorOutputExpirationDays: (c.catalog?.errorOutputExpirationDays ?? 30) + 7 },
      smoke: { ...c.smoke, resultsExpirationDays: (c.smoke?.resultsExpirationDays ?? 7) + 1 },
    }),
  },
];

/**
 * A change that must replace data-bearing resources (the Glue database and every table): planned
 * next to the matrix so the check is shown to catch a replacement when there is one.
 */
export const UNSAFE_CONTROL: RoutineChange = {
  id: 'control_rename_database',
  description: 'control: rename the Glue database (must be reported as a replacement)',
  apply: (c) => ({ ...c, catalog: { ...c.catalog, databaseName: `${c.environment}_renamed` } }),
};
