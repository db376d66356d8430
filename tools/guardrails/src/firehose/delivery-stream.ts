import { Body, block, blocks, text } from '../hcl';

/** The destination block of an `aws_kinesis_firehose_delivery_stream`, e.g. `iceberg_configuration`. */
export interface DestinationView {
  /** The `destination` argument: `iceberg`, `extended_s3`, `http_endpoint`, … */
  readonly destination: string;
  /** Name of the block, e.g. `iceberg_configuration`. */
  readonly attribute: string;
  /** The block, when present. */
  readonly body: Body | undefined;
}

/** The destination configuration block named by `destination`. */
export function destinationOf(stream: Body): DestinationView {
  const destination = text(stream.destination) ?? '';
  const attribute = destination === 's3' ? 's3_configuration' : `${destination}_configuration`;
  return { destination, attribute, body: block(stream[attribute]) };
}

/**
 * True when the stream reads from a Kinesis data stream or MSK instead of Direct PUT. Firehose
 * cannot encrypt such a stream itself: the source stream carries the encryption.
 */
export function hasStreamSource(stream: Body): boolean {
  return (
    blocks(stream.kinesis_source_configuration).length > 0 ||
    blocks(stream.msk_source_configuration).length > 0
  );
}
