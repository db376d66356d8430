import { createHash } from 'node:crypto';
import type { FakeResponse, FakeService, RestRequest } from './aws-server';

/** An object of the fake bucket. */
export interface FakeObject {
  readonly body: Buffer;
  readonly lastModified: number;
  readonly etag: string;
}

const XML = 'application/xml';

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function s3Error(status: number, code: string, message: string): FakeResponse {
  return {
    status,
    contentType: XML,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>fake</RequestId></Error>`,
  };
}

/** Removes the `aws-chunked` framing (chunk sizes, trailers) the SDK may put around a body. */
function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(offset, lineEnd).toString('ascii').split(';')[0], 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * S3's REST XML protocol (path-style, for `forcePathStyle: true` clients) for one bucket, for the
 * real `@aws-sdk/client-s3`: ListObjectsV2 (paged with continuation tokens), GetObject, PutObject,
 * CopyObject and DeleteObject. Throttling answers `503 SlowDown`, as S3 does.
 */
export class FakeS3 implements FakeService {
  readonly objects = new Map<string, FakeObject>();
  /** Every key written (PutObject, CopyObject), in order: progress markers and moves. */
  readonly writes: string[] = [];

  constructor(
    readonly bucket: string,
    private readonly now: () => number,
    private readonly pageSize = 1000,
  ) {}

  put(key: string, body: Buffer | string, lastModified = this.now()): this {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    this.objects.set(key, { body: bytes, lastModified, etag });
    return this;
  }

  text(key: string): string | undefined {
    return this.objects.get(key)?.body.toString('utf8');
  }

  route(request: RestRequest): { operation: string; input: Record<string, unknown> } | undefined {
    const [, bucket, ...rest] = request.path.split('/');
    if (bucket !== this.bucket) return undefined;
    const key = rest.join('/');
    const input = { key, query: Object.fromEntries(request.query) };
    if (request.method === 'GET' && key === '' && request.query.get('list-type') === '2')
      return { operation: 'ListObjectsV2', input };
    if (request.method === 'GET' && key !== '') return { operation: 'GetObject', input };
    if (request.method === 'PUT' && key !== '')
      return { operation: request.headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject', input };
    if (request.method === 'DELETE' && key !== '') return { operation: 'DeleteObject', input };
    return undefined;
  }

  throttled(): FakeResponse {
    return s3Error(503, 'SlowDown', 'Please reduce your request rate.');
  }

  handle(operation: string, input: Record<string, unknown>, recorded: { rest?: RestRequest }): FakeResponse {
    const key = String(input.key);
    const request = recorded.rest!;
    switch (operation) {
      case 'ListObjectsV2':
        return this.list(request.query);
      case 'GetObject': {
        const object = this.objects.get(key);
        if (!object) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        return {
          status: 200,
          contentType: 'application/octet-stream',
          body: object.body,
          headers: {
            etag: object.etag,
            'last-modified': new Date(object.lastModified).toUTCString(),
            'content-length': String(object.body.length),
          },
        };
      }
      case 'PutObject': {
        const chunked = String(request.headers['content-encoding'] ?? '').includes('aws-chunked');
        this.put(key, chunked ? decodeAwsChunked(request.body) : request.body);
        this.writes.push(key);
        return { status: 200, contentType: XML, body: '', headers: { etag: this.objects.get(key)!.etag } };
      }
      case 'CopyObject': {
        const source = decodeURIComponent(String(request.headers['x-amz-copy-source'])).replace(/^\//, '');
        const sourceKey = source.slice(source.indexOf('/') + 1);
        const object = this.objects.get(sourceKey);
        if (!source.startsWith(`${this.bucket}/`) || !object)
          return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        this.put(key, object.body);
        this.writes.push(key);
        return {
          status: 200,
          contentType: XML,
          body: `<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult><ETag>${xmlEscape(object.etag)}</ETag><LastModified>${new Date(this.now()).toISOString()}</LastModified></CopyObjectResult>`,
        };
      }
      case 'DeleteObject':
        this.objects.delete(key);
        return { status: 204, contentType: XML, body: '' };
      default:
        return s3Error(400, 'NotImplemented', `fake S3 has no ${operation}`);
    }
  }

  private list(query: URLSearchParams): FakeResponse {
    const prefix = query.get('prefix') ?? '';
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    const start = Number(query.get('continuation-token') ?? 0);
    const page = keys.slice(start, start + this.pageSize);
    const truncated = start + page.length < keys.length;
    const contents = page
      .map((key) => {
        const object = this.objects.get(key)!;
        return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${new Date(object.lastModified).toISOString()}</LastModified><ETag>${xmlEscape(object.etag)}</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const next = truncated ? `<NextContinuationToken>${start + page.length}</NextContinuationToken>` : '';
    return {
      status: 200,
      contentType: XML,
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${this.bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${this.pageSize}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${contents}</ListBucketResult>`,
    };
  }
}
