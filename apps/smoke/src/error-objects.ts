import type { S3Client } from '@aws-sdk/client-s3';
import { type AwsCallOptions, awsCall } from './aws-call';

/** One object under the error prefix. */
export interface ErrorObject {
  readonly key: string;
  readonly size: number;
  /** Epoch milliseconds. */
  readonly lastModified: number;
  readonly etag?: string;
}

/** Which objects to read. */
export interface ErrorObjectFilter {
  readonly bucket: string;
  /** The stream's error output prefix. */
  readonly prefix: string;
  /** Keys under these prefixes are not error output (redrive progress and moved objects). */
  readonly excludePrefixes?: readonly string[];
  /** Only objects written at or after this time (epoch ms). */
  readonly since?: number;
  /** Only objects written before this time (epoch ms). */
  readonly until?: number;
}

const s3Sdk = () => import('@aws-sdk/client-s3');

/**
 * Lists the error objects in a time window (ListObjectsV2, every page), oldest first.
 * @param onPage told after each page (progress on long listings)
 */
export async function listErrorObjects(
  s3: S3Client,
  filter: ErrorObjectFilter,
  call: AwsCallOptions,
  onPage?: (listed: number, kept: number) => void,
): Promise<ErrorObject[]> {
  const { ListObjectsV2Command } = await s3Sdk();
  const objects: ErrorObject[] = [];
  let token: string | undefined;
  let listed = 0;
  do {
    const page = await awsCall(
      'S3 ListObjectsV2',
      (abortSignal) =>
        s3.send(
          new ListObjectsV2Command({
            Bucket: filter.bucket,
            Prefix: filter.prefix,
            ContinuationToken: token,
          }),
          { abortSignal },
        ),
      call,
    );
    for (const item of page.Contents ?? []) {
      listed++;
      if (!item.Key || item.Key.endsWith('/')) continue;
      if (filter.excludePrefixes?.some((prefix) => item.Key!.startsWith(prefix))) continue;
      const lastModified = item.LastModified?.getTime() ?? 0;
      if (filter.since !== undefined && lastModified < filter.since) continue;
      if (filter.until !== undefined && lastModified >= filter.until) continue;
      objects.push({ key: item.Key, size: item.Size ?? 0, lastModified, etag: item.ETag });
    }
    onPage?.(listed, objects.length);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects.sort((a, b) => a.lastModified - b.lastModified || a.key.localeCompare(b.key));
}

/** Reads a whole object (GetObject). */
export async function readObject(
  s3: S3Client,
  bucket: string,
  key: string,
  call: AwsCallOptions,
): Promise<Buffer> {
  const { GetObjectCommand } = await s3Sdk();
  return awsCall(
    `S3 GetObject s3://${bucket}/${key}`,
    async (abortSignal) => {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
      const bytes = await response.Body?.transformToByteArray();
      return Buffer.from(bytes ?? []);
    },
    call,
  );
}

/** Reads an object, or undefined when it does not exist (NoSuchKey). */
export async function readObjectIfExists(
  s3: S3Client,
  bucket: string,
  key: string,
  call: AwsCallOptions,
): Promise<Buffer | undefined> {
  try {
    return await readObject(s3, bucket, key, call);
  } catch (error) {
    const cause = (error as { cause?: { name?: string } }).cause;
    if (cause?.name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** Writes an object (PutObject). */
export async function writeObject(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  call: AwsCallOptions,
): Promise<void> {
  const { PutObjectCommand } = await s3Sdk();
  await awsCall(
    `S3 PutObject s3://${bucket}/${key}`,
    (abortSignal) =>
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
        {
          abortSignal,
        },
      ),
    call,
  );
}

/** Moves an object within the bucket: CopyObject, then DeleteObject of the source. */
export async function moveObject(
  s3: S3Client,
  bucket: string,
  from: string,
  to: string,
  call: AwsCallOptions,
): Promise<void> {
  const { CopyObjectCommand } = await s3Sdk();
  await awsCall(
    `S3 CopyObject s3://${bucket}/${from}`,
    (abortSignal) =>
      s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: to,
          CopySource: `${bucket}/${encodeURIComponent(from).replace(/%2F/g, '/')}`,
        }),
        { abortSignal },
      ),
    call,
  );
  await deleteObject(s3, bucket, from, call);
}

/** Deletes an object (DeleteObject; deleting a missing key succeeds). */
export async function deleteObject(
  s3: S3Client,
  bucket: string,
  key: string,
  call: AwsCallOptions,
): Promise<void> {
  const { DeleteObjectCommand } = await s3Sdk();
  await awsCall(
    `S3 DeleteObject s3://${bucket}/${key}`,
    (abortSignal) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }),
    call,
  );
}
