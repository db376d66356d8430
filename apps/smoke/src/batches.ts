/** Limits of one put request. */
export interface BatchLimits {
  /** Records per request. */
  readonly maxRecords: number;
  /** Bytes per request (all records, plus partition keys for Kinesis). */
  readonly maxBytes: number;
  /** Bytes per record (plus its partition key for Kinesis). */
  readonly maxRecordBytes: number;
}

/**
 * Firehose PutRecordBatch: 500 records, 4 MiB per call, 1,000 KiB per record (before base64).
 * (Amazon Data Firehose API Reference, PutRecordBatch.)
 */
export const FIREHOSE_BATCH_LIMITS: BatchLimits = {
  maxRecords: 500,
  maxBytes: 4 * 1024 * 1024,
  maxRecordBytes: 1000 * 1024,
};

/**
 * Kinesis PutRecords: 500 records, 5 MiB per request and 1 MiB per record, partition keys included.
 * (Amazon Kinesis Data Streams API Reference, PutRecords.)
 */
export const KINESIS_BATCH_LIMITS: BatchLimits = {
  maxRecords: 500,
  maxBytes: 5 * 1024 * 1024,
  maxRecordBytes: 1024 * 1024,
};

/**
 * Splits records, in order, into batches within `limits`; `sizeOf` gives a record's size as the
 * service counts it. Records larger than `maxRecordBytes` cannot be sent and come back in `tooLarge`.
 * @param maxRecords a lower per-batch count (a rate limit), at most `limits.maxRecords`
 */
export function planBatches<T>(
  records: readonly T[],
  sizeOf: (record: T) => number,
  limits: BatchLimits,
  maxRecords = limits.maxRecords,
): { batches: T[][]; tooLarge: T[] } {
  const perBatch = Math.max(1, Math.min(maxRecords, limits.maxRecords));
  const batches: T[][] = [];
  const tooLarge: T[] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = sizeOf(record);
    if (size > limits.maxRecordBytes) {
      tooLarge.push(record);
      continue;
    }
    if (current.length > 0 && (current.length >= perBatch || bytes + size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return { batches, tooLarge };
}
