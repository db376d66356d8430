import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake service answers. */
export interface FakeResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

/** A JSON 1.1 service error: `{"__type": …, "message": …}` with HTTP 400 (or `status`). */
export interface FakeServiceError {
  readonly type: string;
  readonly message: string;
  readonly status?: number;
  /** Extra members of the error shape (e.g. Athena's `Reason`). */
  readonly extra?: Record<string, unknown>;
}

/** Renders a JSON 1.1 protocol error response. */
export function jsonError(error: FakeServiceError): FakeResponse {
  return {
    status: error.status ?? 400,
    contentType: 'application/x-amz-json-1.1',
    body: JSON.stringify({ __type: error.type, message: error.message, ...error.extra }),
  };
}

/** Renders a JSON 1.1 protocol success response. */
export function jsonOk(body: unknown): FakeResponse {
  return { status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(body) };
}

/** A service behind the fake server. */
export interface FakeService {
  /** `X-Amz-Target` prefix (JSON protocols), e.g. `AmazonAthena`. */
  readonly targetPrefix?: string;
  /** True for the EC2 query protocol (form-encoded `Action=`). */
  readonly queryProtocol?: boolean;
  handle(
    operation: string,
    input: Record<string, unknown>,
    request: RecordedRequest,
  ): Promise<FakeResponse> | FakeResponse;
}

/** One request as the server saw it. */
export interface RecordedRequest {
  readonly service: string;
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly headers: IncomingMessage['headers'];
}

/**
 * One HTTP server on 127.0.0.1 (random port) that speaks to the real AWS SDK clients for several fake
 * services: JSON 1.1 services are picked by `X-Amz-Target: <prefix>.<Operation>`, the EC2 query
 * protocol by a form-encoded `Action=<Operation>` body.
 */
export class FakeAwsServer {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;

  constructor(private readonly services: readonly FakeService[]) {}

  /** Starts listening; resolves to the endpoint URL (`http://127.0.0.1:<port>`). */
  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.dispatch(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Requests for one operation, in arrival order. */
  calls(operation: string): RecordedRequest[] {
    return this.requests.filter((request) => request.operation === operation);
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const target = request.headers['x-amz-target'];
    let result: FakeResponse;
    try {
      if (typeof target === 'string') {
        const [prefix, operation] = target.split('.');
        const service = this.services.find((candidate) => candidate.targetPrefix === prefix);
        if (!service) throw new Error(`no fake service for X-Amz-Target ${target}`);
        if (request.headers['content-type'] !== 'application/x-amz-json-1.1') {
          throw new Error(`unexpected Content-Type ${request.headers['content-type']}`);
        }
        const input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        const recorded = { service: prefix, operation, input, headers: request.headers };
        this.requests.push(recorded);
        result = await service.handle(operation, input, recorded);
      } else {
        const form = Object.fromEntries(new URLSearchParams(text));
        const service = this.services.find((candidate) => candidate.queryProtocol);
        if (!service || !form.Action) throw new Error(`no fake service for ${request.method} ${request.url}`);
        const recorded = { service: 'EC2', operation: form.Action, input: form, headers: request.headers };
        this.requests.push(recorded);
        result = await service.handle(form.Action, form, recorded);
      }
    } catch (error) {
      result = jsonError({ type: 'InternalFailure', message: String(error), status: 500 });
    }
    response.writeHead(result.status, {
      'content-type': result.contentType,
      'x-amzn-requestid': `req-${this.requests.length}`,
    });
    response.end(result.body);
  }
}
