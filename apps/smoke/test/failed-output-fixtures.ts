import { gzipSync } from 'node:zlib';
import { StatusRouting } from '@icelog/routing';
import { devStack } from './harness';

/** The routing of the fixture stack: statuses 200, 404 and 500 have tables. */
export const ROUTING = new StatusRouting({ databaseName: 'icelog_dev', statuses: [200, 404, 500] });

export const BUCKET = 'icelog-dev-warehouse';
export const ERROR_PREFIX = 'errors/';
export const STREAM = 'icelog-dev';

/**
 * A synthesized stack with the outputs `failures`/`redrive` read and a delivery stream resource
 * carrying the real routing query (as IcelogStack synthesizes it).
 */
export function failedOutputStack(
  options: { kinesisSource?: string; overrides?: Record<string, unknown> } = {},
) {
  const stack = devStack({
    warehouse_bucket: BUCKET,
    error_output_prefix: ERROR_PREFIX,
    delivery_stream_name: STREAM,
    ...options.overrides,
  });
  const firehose: Record<string, unknown> = {
    name: STREAM,
    destination: 'iceberg',
    iceberg_configuration: {
      buffering_interval: 60,
      processing_configuration: {
        enabled: true,
        processors: [
          {
            type: 'MetadataExtraction',
            parameters: [
              { parameter_name: 'MetadataExtractionQuery', parameter_value: ROUTING.query },
              { parameter_name: 'JsonParsingEngine', parameter_value: 'JQ-1.6' },
            ],
          },
        ],
      },
    },
  };
  const resource: Record<string, unknown> = {
    aws_kinesis_firehose_delivery_stream: { Delivery_Stream_1: firehose },
  };
  if (options.kinesisSource) {
    firehose.kinesis_source_configuration = {
      kinesis_stream_arn: '${aws_kinesis_stream.Source_Stream_2.arn}',
    };
    resource.aws_kinesis_stream = { Source_Stream_2: { name: options.kinesisSource } };
  }
  return { ...stack, resource };
}

/** One Firehose error record for an original record. */
export function errorRecord(
  original: unknown,
  options: { code?: string; message?: string; at?: number; extra?: Record<string, unknown> } = {},
): string {
  const raw = typeof original === 'string' ? original : JSON.stringify(original);
  return JSON.stringify({
    attemptsMade: 1,
    arrivalTimestamp: options.at ?? Date.UTC(2025, 0, 31, 7, 0, 0),
    errorCode: options.code ?? 'Iceberg.NoSuchTable',
    errorMessage: options.message ?? 'Table request_404 does not exist in database icelog_dev',
    attemptEndingTimestamp: (options.at ?? Date.UTC(2025, 0, 31, 7, 0, 0)) + 300_000,
    rawData: Buffer.from(raw).toString('base64'),
    ...options.extra,
  });
}

/** An access record as FireLens sends it. */
export const access = (status: number, path = '/') => ({
  log: `127.0.0.1 - - [31/Jan/2025:07:00:00 +0000] "GET ${path} HTTP/1.1" ${status} 12 "-" "curl"`,
  status,
  request: `GET ${path} HTTP/1.1`,
  source: 'stdout',
});

/** JSON lines, optionally gzip-compressed. */
export const lines = (records: readonly string[], gzip = false): Buffer => {
  const text = Buffer.from(`${records.join('\n')}\n`);
  return gzip ? gzipSync(text) : text;
};
