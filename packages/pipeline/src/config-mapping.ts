import { BufferingHints, DeliveryStreamEncryption, DeliveryStreamSource } from '@icelog/delivery';
import type { TableMaintenanceOptions } from '@icelog/catalog';
import { IcelogConfig } from './config';

/**
 * Translations from the configuration's user-facing vocabulary to construct props. Kept apart from the
 * stack so that each mapping is visible (and tested) on its own.
 */

/** `'low-latency' | 'large-files' | 'aws-default' | {intervalSeconds, sizeMiB}` → buffering hints. */
export function bufferingFor(buffering: IcelogConfig['delivery']['buffering']): BufferingHints {
  switch (buffering) {
    case 'low-latency':
      return BufferingHints.LOW_LATENCY;
    case 'large-files':
      return BufferingHints.LARGE_FILES;
    case 'aws-default':
      return BufferingHints.AWS_DEFAULT;
    default:
      return buffering;
  }
}

/** The delivery stream's source and, for Direct PUT, its server-side encryption. */
export function sourceFor(source: IcelogConfig['delivery']['source']): {
  source: DeliveryStreamSource;
  encryption?: DeliveryStreamEncryption;
} {
  if (source.kind === 'direct-put') {
    return {
      source: { kind: 'direct-put' },
      encryption:
        source.kmsKeyArn === undefined
          ? { keyType: 'AWS_OWNED_CMK' }
          : { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: source.kmsKeyArn },
    };
  }
  return {
    source: {
      kind: 'kinesis',
      capacity:
        source.capacity === 'on-demand'
          ? { mode: 'ON_DEMAND' }
          : { mode: 'PROVISIONED', shardCount: source.capacity.shards },
      encryptionKeyArn: source.kmsKeyArn,
    },
  };
}

/** `true | 'snapshot-retention' | false` → the catalog's maintenance options. */
export function maintenanceFor(
  maintenance: IcelogConfig['catalog']['maintenance'],
): TableMaintenanceOptions | false {
  if (maintenance === 'snapshot-retention') {
    return { compaction: { enabled: false }, orphanFileDeletion: { enabled: false } };
  }
  return maintenance ? {} : false;
}
