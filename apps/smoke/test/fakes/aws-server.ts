import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake service answers. */
export interface FakeResponse {
  readonly status: number;
  readonly body: string | Buffer;
  readonly contentType: string;
  readonly headers?: Record<string, string>;
}

/** A JSON protocol service error: `{"__type": …, "message": …}` with HTTP 400 (or `status`). */
export interface FakeServiceError {
  readonly type: string;
  readonly message: string;
  readonly status?: number;
  /** Extra members of the error shape (e.g. Athena's `Reason`). */
  readonly extra?: Record<string, unknown>;
}

/** Renders a JSON 1.1 protocol error response. */
export function jsonError(error: FakeServiceError, version: '1.0' | '1.1' = '1.1'): FakeResponse {
  return {
    status: error.status ?? 400,
    contentType: `application/x-amz-json-${version}`,
    body: JSON.stringify({ __type: error.type, message: error.message, ...error.extra }),
  };
}

/** Renders a JSON 1.1 protocol success response. */
export function jsonOk(body: unknown, version: '1.0' | '1.1' = '1.1'): FakeResponse {
  return { status: 200, contentType: `application/x-amz-json-${version}`, body: JSON.stringify(body) };
}

/** A REST request (S3): method, path, query and raw body. */
export interface RestRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** A service behind the fake server. */
export interface FakeService {
  /** `X-Amz-Target` prefix (JSON protocols), e.g. `AmazonAthena`. */
  readonly targetPrefix?: string;
  /** JSON protocol version the SDK sends (`Content-Type: application/x-amz-json-<v>`). @default '1.1' */
  readonly jsonVersion?: '1.0' | '1.1';
  /** True for the EC2 query protocol (form-encoded `Action=`). */
  readonly queryProtocol?: boolean;
  /** For REST protocols (S3): the operation a request is, or undefined when not this service's. */
  route?(request: RestRequest): { operation: string; input: Record<string, unknown> } | undefined;
  handle(
    operation: string,
    input: Record<string, unknown>,
    request: RecordedRequest,
  ): Promise<FakeResponse> | FakeResponse;
  /** The protocol's throttling error. @default JSON `ThrottlingException` */
  throttled?(): FakeResponse;
}

/** One request as the server saw it. */
export interface RecordedRequest {
  readonly service: string;
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly headers: IncomingMessage['headers'];
  /** Real time (Date.now()) when the request arrived. */
  readonly at: number;
  readonly rest?: RestRequest;
}

/**
 * A fault injected into an operation: `hang` never answers (the request stays open until the
 * client gives up or the server stops), `throttle` answers the protocol's throttling error,
 * `reset` destroys the connection half-way through the response.
 */
export type Fault = 'hang' | 'throttle' | 'reset';

/**
 * One HTTP server on 127.0.0.1 (random port) that speaks to the real AWS SDK clients for several fake
 * services: JSON services are picked by `X-Amz-Target: <prefix>.<Operation>` (and must send the
 * service's JSON version), the EC2 query protocol by a form-encoded `Action=<Operation>` body, REST
 * services (S3) by their `route`. Any operation can be made to hang, throttle or reset.
 */
export class FakeAwsServer {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private readonly faults = new Map<string, { fault: Fault; remaining: number }[]>();

  constructor(private readonly services: readonly FakeService[]) {}

  /** Starts listening; resolves to the endpoint URL (`http://127.0.0.1:<port>`). */
  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.dispatch(request, response));
    // Longer than any pause of a test, so a kept-alive socket is never closed under a client.
    this.server.keepAliveTimeout = 120_000;
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

  /** Injects `fault` into the next `times` calls of `operation` (default: every call from now on). */
  inject(operation: string, fault: Fault, times = Number.POSITIVE_INFINITY): this {
    this.faults.set(operation, [...(this.faults.get(operation) ?? []), { fault, remaining: times }]);
    return this;
  }

  /** Removes every fault. */
  heal(): this {
    this.faults.clear();
    return this;
  }

  private takeFault(operation: string): Fault | undefined {
    const queue = this.faults.get(operation);
    const next = queue?.[0];
    if (!next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    return next.fault;
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const text = body.toString('utf8');
    const target = request.headers['x-amz-target'];
    let result: FakeResponse;
    try {
      let service: FakeService | undefined;
      let recorded: RecordedRequest;
      if (typeof target === 'string') {
        const [prefix, operation] = target.split('.');
        service = this.services.find((candidate) => candidate.targetPrefix === prefix);
        if (!service) throw new Error(`no fake service for X-Amz-Target ${target}`);
        const expected = `application/x-amz-json-${service.jsonVersion ?? '1.1'}`;
        if (request.headers['content-type'] !== expected) {
          throw new Error(`unexpected Content-Type ${request.headers['content-type']} (want ${expected})`);
        }
        const input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        recorded = { service: prefix, operation, input, headers: request.headers, at: Date.now() };
      } else if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
        const form = Object.fromEntries(new URLSearchParams(text));
        service = this.services.find((candidate) => candidate.queryProtocol);
        if (!service || !form.Action) throw new Error(`no fake service for ${request.method} ${request.url}`);
        recorded = {
          service: 'EC2',
          operation: form.Action,
          input: form,
          headers: request.headers,
          at: Date.now(),
        };
      } else {
        const url = new URL(request.url ?? '/', 'http://fake');
        const rest: RestRequest = {
          method: request.method ?? 'GET',
          path: decodeURIComponent(url.pathname),
          query: url.searchParams,
          headers: request.headers,
          body,
        };
        const routed = this.services
          .map((candidate) => ({ candidate, route: candidate.route?.(rest) }))
          .find((entry) => entry.route);
        if (!routed?.route) throw new Error(`no fake service for ${request.method} ${request.url}`);
        service = routed.candidate;
        recorded = {
          service: 'REST',
          operation: routed.route.operation,
          input: routed.route.input,
          headers: request.headers,
          at: Date.now(),
          rest,
        };
      }
      this.requests.push(recorded);
      const fault = this.takeFault(recorded.operation);
      if (fault === 'hang') return; // never answer
      if (fault === 'reset') {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000' });
        response.write('partial');
        response.destroy();
        return;
      }
      result =
        fault === 'throttle'
          ? (service.throttled?.() ?? jsonError({ type: 'ThrottlingException', message: 'Rate exceeded' }))
          : await service.handle(recorded.operation, recorded.input, recorded);
    } catch (error) {
      result = jsonError({ type: 'InternalFailure', message: String(error), status: 500 });
    }
    response.writeHead(result.status, {
      'content-type': result.contentType,
      'x-amzn-requestid': `req-${this.requests.length}`,
      ...result.headers,
    });
    response.end(result.body);
  }
}
