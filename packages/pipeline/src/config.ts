import { z } from 'zod';
import { isKnownRegion, unknownRegionRule } from '@icelog/core';
import { checkConfigRules } from './config-rules';
import { formatIssues } from './config-issues';

/**
 * The typed configuration of one icelog environment. apps/dev and apps/prod are nothing but one value
 * of this type each. The schema checks shape and types (unknown keys are errors: a typo must never
 * silently drop a security default); `config-rules.ts` checks the rules that span keys (ARNs against the
 * region, the state key against the environment, tags against the stack's own); the constructs check
 * the AWS rules (ranges, names), and the stack reports their errors under the config path
 * (`config-paths.ts`).
 */

const region = z.string().refine(isKnownRegion, { error: (issue) => unknownRegionRule(issue.input) });

const stateSchema = z
  .object({
    /** Existing S3 bucket that holds Terraform state (create it once; see README "Deploy"). */
    bucket: z.string(),
    /**
     * State object key; the state file must sit in a folder named after the environment
     * (`…/<environment>/<name>.tfstate`), so that two environments never share a state. No `.`/`..`
     * segments, no `//`.
     * @default `icelog/<environment>/terraform.tfstate`
     */
    key: z.string().optional(),
    /** @default the stack region */
    region: region.optional(),
  })
  .strict();

const catalogSchema = z
  .object({
    /** @default `icelog_<environment>` */
    databaseName: z.string().optional(),
    /** @default `icelog-<environment>-` */
    warehouseBucketPrefix: z.string().optional(),
    /** Let `terraform destroy` delete non-empty buckets. @default false */
    forceDestroy: z.boolean().default(false),
    /** Keep every object version of the warehouse bucket. @default false */
    versioned: z.boolean().default(false),
    /** With `versioned`: days before a noncurrent version expires (delete markers go too). @default 30 */
    noncurrentVersionExpirationDays: z.number().optional(),
    /** Expire failed-record objects under the error prefix after this many days. @default - kept */
    errorOutputExpirationDays: z.number().optional(),
    /** Encrypt the warehouse with this KMS key instead of SSE-S3. @default - SSE-S3 */
    kmsKeyArn: z.string().optional(),
    /**
     * Glue table optimizers: `true` runs compaction, snapshot retention and orphan-file deletion;
     * `'snapshot-retention'` runs only snapshot retention (the cheap minimum that keeps Iceberg
     * metadata from growing without bound; the other two are created paused); `false` runs none.
     * @default true
     */
    maintenance: z.union([z.boolean(), z.literal('snapshot-retention')]).default(true),
  })
  .strict();

const routingSchema = z
  .object({
    /** Statuses that get their own `request_<status>` table. @default the routing package's defaults */
    statuses: z.array(z.number()).optional(),
    /** @default 'request_' */
    tablePrefix: z.string().optional(),
    /**
     * Statuses that no longer get routed but whose tables are kept (with their rows): move a status
     * here instead of deleting it from `statuses`, which would delete its table. Rows of these
     * statuses go to the fallback table from then on. @default []
     */
    retiredStatuses: z.array(z.number()).default([]),
  })
  .strict();

const bufferingSchema = z.union(
  [
    z.enum(['low-latency', 'large-files', 'aws-default']),
    z.object({ intervalSeconds: z.number(), sizeMiB: z.number() }).strict(),
  ],
  { error: 'must be "low-latency", "large-files", "aws-default" or { intervalSeconds, sizeMiB }' },
);

const sourceSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('direct-put'),
        /** Customer-managed KMS key for server-side encryption. @default - AWS-owned key */
        kmsKeyArn: z.string().optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('kinesis'),
        /** @default 'on-demand' */
        capacity: z
          .union([z.literal('on-demand'), z.object({ shards: z.number() }).strict()], {
            error: 'must be "on-demand" or { shards }',
          })
          .default('on-demand'),
        /** @default - the AWS-managed key alias/aws/kinesis */
        kmsKeyArn: z.string().optional(),
      })
      .strict(),
  ],
  { error: 'must be { kind: "direct-put" } or { kind: "kinesis" }' },
);

const deliverySchema = z
  .object({
    /** @default `icelog-<environment>` */
    streamName: z.string().optional(),
    /** Lag/file-size trade-off: a preset or explicit hints. @default 'aws-default' (300 s / 5 MiB) */
    buffering: bufferingSchema.default('aws-default'),
    /** @default 300 */
    retryDurationSeconds: z.number().optional(),
    /** @default 30 */
    logRetentionDays: z.number().default(30),
    source: sourceSchema.default({ kind: 'direct-put' }),
    /** Checked against the Direct PUT quota at synth time. @default - not checked */
    expectedIngest: z
      .object({
        recordsPerSecond: z.number().optional(),
        bytesPerSecond: z.number().optional(),
        requestsPerSecond: z.number().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const networkSchema = z.union(
  [
    /** The account's default VPC, looked up with data sources (dev accounts). */
    z.object({ defaultVpc: z.literal(true) }).strict(),
    z.object({ vpcId: z.string(), subnetIds: z.array(z.string()) }).strict(),
  ],
  { error: 'must be { defaultVpc: true } or { vpcId, subnetIds }' },
);

const serviceSchema = z
  .object({
    /** @default 1 */
    desiredCount: z.number().default(1),
    /** @default - the ecs-firelens package's pinned nginx image */
    nginxImage: z.string().optional(),
    network: networkSchema,
    /** Give tasks public IPs (needed in a default VPC without NAT). @default false */
    assignPublicIp: z.boolean().default(false),
    /** CIDRs allowed to reach the service (or its load balancer). */
    ingressCidrs: z.array(z.string()),
    /** Allow 0.0.0.0/0 or ::/0 in ingressCidrs (a public website). @default false */
    allowPublicIngress: z.boolean().default(false),
    /** Put the service behind an Application Load Balancer. @default - none */
    loadBalancer: z
      .object({
        /**
         * ACM certificate (in the stack's region) for an HTTPS listener; HTTP then redirects. Required
         * for an internet-facing load balancer unless `allowPlainHttp` is true.
         * @default - HTTP only
         */
        certificateArn: z.string().optional(),
        /** Serve plain HTTP to the internet (an internet-facing load balancer without a certificate). @default false */
        allowPlainHttp: z.boolean().default(false),
        /** @default true */
        internetFacing: z.boolean().default(true),
        /**
         * The load balancer's own subnets: two or more public subnets in different Availability Zones.
         * Required when `internetFacing`; never the tasks' (private) subnets.
         * @default - internal load balancers use `service.network.subnetIds`
         */
        subnetIds: z.array(z.string()).optional(),
        /** @default true */
        deletionProtection: z.boolean().default(true),
      })
      .strict()
      .optional(),
    /** @default 30 */
    logRetentionDays: z.number().default(30),
  })
  .strict();

const smokeSchema = z
  .object({
    /** @default `icelog-<environment>-smoke` */
    workgroupName: z.string().optional(),
    /** @default 7 */
    resultsExpirationDays: z.number().default(7),
  })
  .strict();

/** Who hears about alarms (see @icelog/monitoring `NotificationTarget`). */
const notificationTargetSchema = z.union([
  /** E-mail subscription to the alarm topic (the recipient confirms it). */
  z.object({ email: z.string() }).strict(),
  /** HTTPS subscription to the alarm topic (the endpoint confirms it). */
  z.object({ https: z.string() }).strict(),
  /** An existing SNS topic the alarms publish to directly. */
  z.object({ topicArn: z.string() }).strict(),
]);

const monitoringSchema = z
  .object({
    /** Alarms, notifications, dashboard and named queries. @default true */
    enabled: z.boolean().default(true),
    /** Where OK and ALARM notifications go. @default [] (no topic; alarms without actions) */
    notifications: z.array(notificationTargetSchema).default([]),
    /** Fail synth without notifications, and make the guardrails require alarm actions. @default false */
    requireNotifications: z.boolean().default(false),
    /** KMS key ARN of the alarm topic (its policy must admit cloudwatch.amazonaws.com). @default - a new key */
    topicKmsKeyArn: z.string().optional(),
    /** Alarm thresholds (see @icelog/monitoring `MonitoringThresholds`). @default - derived */
    thresholds: z
      .object({
        freshnessMarginSeconds: z.number().optional(),
        freshnessSeconds: z.number().optional(),
        quotaShare: z.number().optional(),
        sourceLagSeconds: z.number().optional(),
        logRouterErrors: z.number().optional(),
        tasksBelowDesiredMinutes: z.number().optional(),
      })
      .strict()
      .default({}),
    /** The CloudWatch dashboard. @default true */
    dashboard: z.boolean().default(true),
    /** Named Athena queries in the smoke workgroup. @default true */
    queries: z.boolean().default(true),
  })
  .strict();

/** The schema of {@link IcelogConfig}. */
export const icelogConfigSchema = z
  .object({
    /** Short environment name used in resource names: `^[a-z][a-z0-9]{1,15}$`. */
    environment: z
      .string()
      .regex(/^[a-z][a-z0-9]{1,15}$/, 'must be 2–16 lower-case letters and digits, starting with a letter'),
    /** AWS region of every resource of the stack. */
    region,
    state: stateSchema,
    /**
     * Extra default tags (AWS tag rules; at most 47, as the stack sets `project`, `environment` and
     * `managed-by` itself and a user tag may not replace one of those). @default {}
     */
    tags: z.record(z.string(), z.string()).default({}),
    catalog: catalogSchema.default({ forceDestroy: false, versioned: false, maintenance: true }),
    routing: routingSchema.default({ retiredStatuses: [] }),
    delivery: deliverySchema.default({
      buffering: 'aws-default',
      logRetentionDays: 30,
      source: { kind: 'direct-put' },
    }),
    service: serviceSchema,
    smoke: smokeSchema.default({ resultsExpirationDays: 7 }),
    monitoring: monitoringSchema.default({
      enabled: true,
      notifications: [],
      requireNotifications: false,
      thresholds: {},
      dashboard: true,
      queries: true,
    }),
  })
  .strict();

/** What apps write (defaults may be omitted). */
export type IcelogConfigInput = z.input<typeof icelogConfigSchema>;
/** The configuration with every default applied. */
export type IcelogConfig = z.output<typeof icelogConfigSchema>;

/** Thrown when a configuration does not match the schema; lists every problem, one per line. */
export class IcelogConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid icelog configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'IcelogConfigError';
  }
}

/** Applies defaults and checks the shape of `input`; throws {@link IcelogConfigError} listing all problems. */
export function parseConfig(input: IcelogConfigInput): IcelogConfig {
  const result = icelogConfigSchema.safeParse(input);
  if (!result.success) throw new IcelogConfigError(formatIssues(input, result.error.issues));
  const problems = checkConfigRules(result.data);
  if (problems.length > 0) throw new IcelogConfigError(problems);
  return result.data;
}
