import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { xmlEscape } from './xml';

/** The AWS wire protocol a request uses, as far as the fake can tell. */
export type AwsProtocol = 'query' | 'ec2' | 'json' | 'rest-json' | 'rest-xml' | 'rpc-v2-cbor';

/** A signed AWS API request, decoded. */
export interface AwsRequest {
  /** SigV4 signing name (`sts`, `ec2`, `s3`, `monitoring`…), or `unknown` for an unsigned request. */
  readonly service: string;
  /** Region from the SigV4 credential scope; `us-east-1` when unsigned. */
  readonly region: string;
  /** Operation: `Action` (query), `X-Amz-Target` suffix (JSON), or `METHOD /path` (REST). */
  readonly action: string;
  /** Wire protocol. */
  readonly protocol: AwsProtocol;
  /** Query-protocol parameters (form body and URL query); empty for other protocols. */
  readonly params: URLSearchParams;
  /** Raw body. */
  readonly body: string;
}

/** What the fake answers. */
export interface AwsResponse {
  /** HTTP status. */
  readonly status: number;
  /** Response headers. */
  readonly headers: Record<string, string>;
  /** Response body. */
  readonly body: string;
}

const REST_XML_SERVICES = new Set(['s3', 'route53', 'cloudfront']);

/** Decodes service, region, action and protocol of a request the AWS SDK for Go v2 sent. */
export function parseAwsRequest(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  body: string,
): AwsRequest {
  const parsed = new URL(url, 'http://fake.invalid');
  const auth = String(headers.authorization ?? '');
  const scope =
    /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth) ??
    /^[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request$/.exec(parsed.searchParams.get('X-Amz-Credential') ?? '');
  const region = scope?.[1] ?? 'us-east-1';
  const service = scope?.[2] ?? 'unknown';
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target !== '') {
    return {
      service,
      region,
      action: target.slice(target.lastIndexOf('.') + 1),
      protocol: 'json',
      params: new URLSearchParams(),
      body,
    };
  }
  if (String(headers['smithy-protocol'] ?? '') === 'rpc-v2-cbor') {
    const op = /\/operation\/([^/]+)$/.exec(parsed.pathname);
    return {
      service,
      region,
      action: op?.[1] ?? `${method} ${parsed.pathname}`,
      protocol: 'rpc-v2-cbor',
      params: new URLSearchParams(),
      body,
    };
  }
  const contentType = String(headers['content-type'] ?? '');
  const params = new URLSearchParams(parsed.search);
  if (method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
  }
  const action = params.get('Action');
  if (action && !REST_XML_SERVICES.has(service)) {
    return { service, region, action, protocol: service === 'ec2' ? 'ec2' : 'query', params, body };
  }
  return {
    service,
    region,
    action: `${method} ${parsed.pathname}`,
    protocol: REST_XML_SERVICES.has(service) ? 'rest-xml' : 'rest-json',
    params: new URLSearchParams(),
    body,
  };
}

/** A successful XML answer (query and EC2 protocols). */
export function xmlResponse(body: string): AwsResponse {
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() }, body };
}

/**
 * An error in the shape the request's protocol uses, so the SDK surfaces `code: message` in
 * Terraform's diagnostics. 400 with a code the SDK never retries.
 */
export function errorResponse(req: AwsRequest, code: string, message: string, status = 400): AwsResponse {
  const requestId = randomUUID();
  switch (req.protocol) {
    case 'ec2':
      return {
        status,
        headers: { 'content-type': 'text/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'query':
      return {
        status,
        headers: { 'content-type': 'text/xml' },
        body: `<ErrorResponse><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'rest-xml':
      return {
        status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId></Error>`,
      };
    default:
      return {
        status,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-errortype': code,
          'x-amzn-requestid': requestId,
        },
        body: JSON.stringify({ __type: code, message, Message: message }),
      };
  }
}

/** The partition a region belongs to, for ARNs the fake returns. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}
