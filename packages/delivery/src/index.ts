export type { IIcebergDeliveryStream, ProducerTarget } from './delivery-stream-ref';
export type { IDeliveryRouting } from './contract';
export { IcebergDeliveryStream } from './iceberg-delivery-stream';
export { DEFAULT_ERROR_OUTPUT_PREFIX, DELIVERY_LOG_STREAMS } from './delivery-stream-props';
export type { IcebergDeliveryStreamProps, IcebergWarehouseBucket } from './delivery-stream-props';
export type { IcebergDestinationTable } from './destination-table';
export { BufferingHints, resolveBufferingHints } from './buffering';
export type { ResolvedBufferingHints } from './buffering';
export { AWS_MANAGED_KINESIS_KEY } from './source';
export type {
  DeliveryStreamEncryption,
  DeliveryStreamSource,
  DirectPutSource,
  ExistingKinesisStreamSource,
  KinesisCapacity,
  KinesisStreamSource,
} from './source';
export { assessIngestCapacity, shardsFor } from './capacity';
export type { ExpectedIngest, IngestCapacityCheck } from './capacity';
export { DELIVERY_ROLE_POLICY_NAMES, KINESIS_SOURCE_READ_ACTIONS } from './delivery-role';
export { FIREHOSE_PRODUCER_ACTIONS, KINESIS_PRODUCER_ACTIONS } from './producer-grants';
export * from './limits';
