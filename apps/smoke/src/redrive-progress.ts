import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsCallOptions } from './aws-call';
import { deleteObject, readObjectIfExists, writeObject } from './error-objects';

/**
 * Durable progress of redriving one error object, kept in S3 next to it (under the redrive prefix,
 * never under the error prefix): which records were sent, and which were in flight when the run
 * stopped. A record in flight may or may not have reached the stream, so a later run never sends it
 * again (at most once) and reports it as uncertain instead.
 */
export interface ObjectProgress {
  readonly version: 1;
  /** The error object. */
  readonly key: string;
  /** Positions of the records the stream accepted. */
  sent: number[];
  /** Positions in a put whose outcome is unknown (the run stopped during it). */
  inflight: number[];
  updatedAt: string;
}

/** Where the progress of `key` is kept. */
export function progressKey(redrivePrefix: string, key: string): string {
  return `${redrivePrefix}progress/${key}.json`;
}

/** Where a fully redriven object is moved. */
export function doneKey(redrivePrefix: string, key: string): string {
  return `${redrivePrefix}done/${key}`;
}

/** Reads the progress of `key`, or a fresh one. A marker that is not valid progress is an error. */
export async function readProgress(
  s3: S3Client,
  bucket: string,
  redrivePrefix: string,
  key: string,
  call: AwsCallOptions,
): Promise<ObjectProgress> {
  const body = await readObjectIfExists(s3, bucket, progressKey(redrivePrefix, key), call);
  if (!body) return { version: 1, key, sent: [], inflight: [], updatedAt: '' };
  const parsed = JSON.parse(body.toString('utf8')) as Partial<ObjectProgress>;
  if (parsed.version !== 1 || !Array.isArray(parsed.sent) || !Array.isArray(parsed.inflight)) {
    throw new Error(`s3://${bucket}/${progressKey(redrivePrefix, key)} is not redrive progress`);
  }
  return { version: 1, key, sent: parsed.sent, inflight: parsed.inflight, updatedAt: parsed.updatedAt ?? '' };
}

/** Writes the progress of one object (before and after each put). */
export async function saveProgress(
  s3: S3Client,
  bucket: string,
  redrivePrefix: string,
  progress: ObjectProgress,
  now: number,
  call: AwsCallOptions,
): Promise<void> {
  progress.updatedAt = new Date(now).toISOString();
  await writeObject(s3, bucket, progressKey(redrivePrefix, progress.key), JSON.stringify(progress), call);
}

/** Removes the progress of an object that was moved away. */
export function dropProgress(
  s3: S3Client,
  bucket: string,
  redrivePrefix: string,
  key: string,
  call: AwsCallOptions,
): Promise<void> {
  return deleteObject(s3, bucket, progressKey(redrivePrefix, key), call);
}
