import { ValidationError, checkIntegerInRange } from '@icelog/core';
import { FluentBitOutput, validateRegion } from './output';
import { renderSection } from './parser';

/**
 * The log router's delivery path: every app record is moved (rewrite_tag) onto {@link OUTPUT_TAG}
 * through an emitter buffered on the filesystem, and one output sends that tag to the stream with
 * unlimited retries. FireLens' own input cannot be given a filesystem buffer, so the emitter is the
 * buffer: a throttle burst or a stream being replaced makes chunks wait on disk (bounded by
 * `storage.total_limit_size`; past it the oldest chunk is dropped) instead of being dropped after two
 * retries, and the memory they hold is bounded by `storage.max_chunks_up`.
 */

/** Tag of the records the output sends. */
export const OUTPUT_TAG = 'icelog.delivery';
/** Log-router environment variable holding the delivery stream (or Kinesis stream) name. */
export const OUTPUT_TARGET_ENV = 'ICELOG_OUTPUT_TARGET';
/** Log-router environment variable holding the region of the stream. */
export const OUTPUT_REGION_ENV = 'ICELOG_OUTPUT_REGION';
/** Where Fluent Bit keeps filesystem chunks (the log router's writable root filesystem). */
export const STORAGE_PATH = '/var/log/flb-storage/';
/** Fluent Bit's chunk size target: chunks are about 2 MB. */
export const CHUNK_MIB = 2;

/** How much the log router may buffer while the stream cannot take records. */
export interface LogRouterBufferProps {
  /**
   * Memory for buffered chunks, in MiB (8–4096). Fluent Bit keeps `memoryMiB / 4` chunks of ~2 MB
   * "up" in memory (AWS' estimate: the process uses up to twice the chunk memory); the rest wait on
   * disk. Keep it well below the log router's share of the task memory.
   * @default 32
   */
  readonly memoryMiB?: number;
  /**
   * Disk for chunks waiting to be sent, in MiB (64–102400; Fargate gives a task 20 GiB of ephemeral
   * storage by default). When it is full the oldest chunk is dropped.
   * @default 1024
   */
  readonly diskLimitMiB?: number;
}

/** {@link LogRouterBufferProps} with defaults and the derived Fluent Bit numbers. */
export interface LogRouterBuffer {
  readonly memoryMiB: number;
  readonly diskLimitMiB: number;
  /** `storage.max_chunks_up`. */
  readonly maxChunksUp: number;
}

/** Validates `props` and derives the Fluent Bit settings. */
export function resolveBuffer(field: string, props: LogRouterBufferProps = {}): LogRouterBuffer {
  const memoryMiB = props.memoryMiB ?? 32;
  const diskLimitMiB = props.diskLimitMiB ?? 1024;
  checkIntegerInRange(`${field}.memoryMiB`, memoryMiB, 8, 4096, 'MiB');
  checkIntegerInRange(`${field}.diskLimitMiB`, diskLimitMiB, 64, 102400, 'MiB');
  return { memoryMiB, diskLimitMiB, maxChunksUp: Math.floor(memoryMiB / (2 * CHUNK_MIB)) };
}

/** The `[SERVICE]` storage settings (FireLens' generated config has no `[SERVICE]` of its own). */
export function renderStorageServiceSection(buffer: LogRouterBuffer): string {
  return renderSection('SERVICE', [
    ['storage.path', STORAGE_PATH],
    ['storage.sync', 'normal'],
    ['storage.checksum', 'off'],
    ['storage.max_chunks_up', String(buffer.maxChunksUp)],
    ['storage.backlog.mem_limit', `${Math.max(1, Math.floor(buffer.memoryMiB / 4))}M`],
  ]);
}

/** The rewrite_tag filter that moves every record of `match` onto {@link OUTPUT_TAG}, on disk. */
export function renderRewriteToOutputSection(match: string, buffer: LogRouterBuffer): string {
  return renderSection('FILTER', [
    ['Name', 'rewrite_tag'],
    ['Match', match],
    // `source` (stdout/stderr) is in every record FireLens forwards.
    ['Rule', `$source ^.*$ ${OUTPUT_TAG} false`],
    ['Emitter_Name', 'icelog_delivery_buffer'],
    ['Emitter_Storage.type', 'filesystem'],
    ['Emitter_Mem_Buf_Limit', `${buffer.memoryMiB}M`],
  ]);
}

/**
 * The output of {@link OUTPUT_TAG}: the stream and region come from the log router's environment
 * ({@link outputEnvironment}), so the file is the same for every stream and its hash only changes
 * with the pipeline; `retry_limit no_limits` retries with Fluent Bit's backoff until the chunk is sent.
 */
export function renderBufferedOutputSection(kind: FluentBitOutput['kind'], buffer: LogRouterBuffer): string {
  if (kind !== 'kinesis_firehose' && kind !== 'kinesis_streams') {
    throw new ValidationError('output.kind', kind, 'must be "kinesis_firehose" or "kinesis_streams"');
  }
  return renderSection('OUTPUT', [
    ['Name', kind],
    ['Match', OUTPUT_TAG],
    ['region', `\${${OUTPUT_REGION_ENV}}`],
    [kind === 'kinesis_firehose' ? 'delivery_stream' : 'stream', `\${${OUTPUT_TARGET_ENV}}`],
    ['retry_limit', 'no_limits'],
    ['storage.total_limit_size', `${buffer.diskLimitMiB}M`],
  ]);
}

/** The log router's environment entries the output reads (values may be Terraform tokens). */
export function outputEnvironment(output: FluentBitOutput): { name: string; value: string }[] {
  validateRegion('output.region', output.region);
  const target = output.kind === 'kinesis_firehose' ? output.deliveryStream : output.stream;
  return [
    { name: OUTPUT_REGION_ENV, value: output.region },
    { name: OUTPUT_TARGET_ENV, value: target },
  ];
}
