import { FieldMapping, ValidationError, remapValidationError } from '@icelog/core';
import { IcelogConfigError } from './config';
import { asConfigProblem } from './config-rules';

/**
 * Where each construct prop the stack sets comes from in the configuration. The constructs validate
 * their props and name them in their own vocabulary (`appImage`, `Delivery.encryption.keyArn`); the
 * stack reports the same error under the key a user edits (`service.nginxImage`,
 * `delivery.source.kmsKeyArn`), with advice rewritten into configuration syntax.
 */

/** `routing` → StatusRouting. */
export const ROUTING_PATHS: readonly FieldMapping[] = [
  { from: 'statuses', to: 'routing.statuses' },
  { from: 'tablePrefix', to: 'routing.tablePrefix' },
  { from: 'fallbackTableName', to: 'routing.tablePrefix' },
  { from: 'unparsedTableName', to: 'routing.tablePrefix' },
  { from: 'databaseName', to: 'catalog.databaseName' },
  { from: 'query', to: 'routing.statuses' },
];

/** `catalog` → IcebergCatalog (its warehouse and database). */
export const CATALOG_PATHS: readonly FieldMapping[] = [
  { from: 'Warehouse.bucketPrefix', to: 'catalog.warehouseBucketPrefix' },
  { from: 'Warehouse.errorOutputExpirationDays', to: 'catalog.errorOutputExpirationDays' },
  { from: 'Warehouse.encryption.kmsKeyArn', to: 'catalog.kmsKeyArn' },
  { from: 'Database.databaseName', to: 'catalog.databaseName' },
  { from: 'databaseName', to: 'catalog.databaseName' },
];

const SHARDS_ADVICE =
  /\{ kind: 'kinesis', capacity: \{ mode: 'PROVISIONED', shardCount: (\d+) \} \}(.*) or \{ mode: 'ON_DEMAND' \}/;
const MORE_SHARDS_ADVICE = /use at least (\d+) shards(.*) or \{ mode: 'ON_DEMAND' \}/;

/** Capacity advice of the delivery package, in configuration syntax. */
function ingestAdvice(rule: string): string {
  return rule
    .replace(
      SHARDS_ADVICE,
      "set delivery.source to { kind: 'kinesis', capacity: { shards: $1 } }$2, or to { kind: 'kinesis', capacity: 'on-demand' }",
    )
    .replace(MORE_SHARDS_ADVICE, "set delivery.source.capacity to { shards: $1 }$2, or to 'on-demand'");
}

/** `delivery` (and `region`) → IcebergDeliveryStream. */
export const DELIVERY_PATHS: readonly FieldMapping[] = [
  { from: 'Delivery.deliveryStreamName', to: 'delivery.streamName' },
  { from: 'Delivery.region', to: 'region' },
  { from: 'Delivery.buffering', to: 'delivery.buffering' },
  { from: 'Delivery.retryDurationSeconds', to: 'delivery.retryDurationSeconds' },
  { from: 'Delivery.logRetentionDays', to: 'delivery.logRetentionDays' },
  { from: 'Delivery.expectedIngest', to: 'delivery.expectedIngest', rule: ingestAdvice },
  { from: 'Delivery.source.capacity.shardCount', to: 'delivery.source.capacity.shards' },
  { from: 'Delivery.source.encryptionKeyArn', to: 'delivery.source.kmsKeyArn' },
  { from: 'Delivery.source.streamName', to: 'delivery.streamName' },
  { from: 'Delivery.encryption.keyArn', to: 'delivery.source.kmsKeyArn' },
  { from: 'Delivery.warehouseKmsKeyArn', to: 'catalog.kmsKeyArn' },
];

/** `service` → FireLensService. */
export const SERVICE_PATHS: readonly FieldMapping[] = [
  { from: 'appImage', to: 'service.nginxImage' },
  { from: 'desiredCount', to: 'service.desiredCount' },
  { from: 'logRetentionDays', to: 'service.logRetentionDays' },
  { from: 'network.vpc', to: 'service.network' },
  { from: 'network.ingressCidrs', to: 'service.ingressCidrs' },
  { from: 'network.allowPublicIngress', to: 'service.allowPublicIngress' },
  { from: 'network.assignPublicIp', to: 'service.assignPublicIp' },
  { from: 'loadBalancer', to: 'service.loadBalancer' },
  { from: 'region', to: 'region' },
  { from: 'deliveryStream.producerTarget.deliveryStreamName', to: 'delivery.streamName' },
];

/** `smoke` → the smoke checker's AthenaWorkgroup. */
export const SMOKE_PATHS: readonly FieldMapping[] = [
  { from: 'SmokeWorkgroup.workgroupName', to: 'smoke.workgroupName' },
  { from: 'SmokeWorkgroup.resultsExpirationDays', to: 'smoke.resultsExpirationDays' },
];

/** `monitoring` → IcelogMonitoring (and its alarm notifications). */
export const MONITORING_PATHS: readonly FieldMapping[] = [
  { from: 'Monitoring.notifications', to: 'monitoring.notifications' },
  { from: 'Monitoring.thresholds', to: 'monitoring.thresholds' },
  { from: 'Notifications.targets', to: 'monitoring.notifications' },
  { from: 'Notifications.kmsKeyArn', to: 'monitoring.topicKmsKeyArn' },
];

/** `state` → the S3 backend (its checks already name config paths). */
export const STATE_PATHS: readonly FieldMapping[] = [{ from: 'state', to: 'state' }];

/**
 * Runs `build`; a {@link ValidationError} about a mapped prop becomes an {@link IcelogConfigError} naming
 * the configuration path, with every mapped prop mentioned in its advice renamed too. Errors about props
 * the configuration does not set pass unchanged (they name the construct prop).
 */
export function withConfigPaths<T>(mappings: readonly FieldMapping[], build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const withAdvice = mappings.map((mapping) => ({
      ...mapping,
      rule: (rule: string, e: ValidationError) =>
        renameMentions(mapping.rule ? mapping.rule(rule, e) : rule, mappings),
    }));
    const mapped = remapValidationError(withAdvice, error);
    if (mapped === error) throw error;
    throw new IcelogConfigError([asConfigProblem(mapped)]);
  }
}

/** Replaces mentions of construct props (`set network.allowPublicIngress to true`) by config paths. */
function renameMentions(rule: string, mappings: readonly FieldMapping[]): string {
  const longestFirst = [...mappings].sort((a, b) => b.from.length - a.from.length);
  return rule.replace(/(?<![\w.])[A-Za-z][\w]*(?:\.[A-Za-z]\w*)+(?![\w])/g, (mention) => {
    const mapping = longestFirst.find((m) => mention === m.from || mention.startsWith(`${m.from}.`));
    return mapping ? `${mapping.to}${mention.slice(mapping.from.length)}` : mention;
  });
}
