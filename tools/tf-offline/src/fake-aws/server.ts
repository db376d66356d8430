import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { EC2_HANDLERS } from './ec2';
import { AwsRequest, AwsResponse, errorResponse, parseAwsRequest } from './protocol';
import { getCallerIdentity } from './sts';
import { DEFAULT_FAKE_ACCOUNT_ID, FakeAwsWorld } from './world';

/** One AWS API call the fake received. */
export interface FakeAwsCall {
  /** SigV4 signing name, e.g. `sts`. */
  readonly service: string;
  /** Operation, e.g. `GetCallerIdentity`. */
  readonly action: string;
  /** Region of the signature. */
  readonly region: string;
  /** Wire protocol. */
  readonly protocol: AwsRequest['protocol'];
  /** True when the fake answered it; false when it returned the "not implemented" error. */
  readonly answered: boolean;
}

/** Options of {@link FakeAwsServer.start}. */
export interface FakeAwsServerOptions {
  /**
   * Account id STS returns.
   * @default '123456789012'
   */
  readonly accountId?: string;
}

/** Error code of every call the fake does not implement. */
export const NOT_IMPLEMENTED_CODE = 'IcelogOfflineNotImplemented';

type Handler = (req: AwsRequest, world: FakeAwsWorld) => AwsResponse;

const HANDLERS: Readonly<Record<string, Handler>> = {
  'sts:GetCallerIdentity': getCallerIdentity,
  ...Object.fromEntries(Object.entries(EC2_HANDLERS).map(([action, h]) => [`ec2:${action}`, h])),
};

/** `service:Action` of every call the fake answers. */
export const ANSWERED_CALLS: readonly string[] = Object.keys(HANDLERS).sort();

/**
 * A local stand-in for AWS on 127.0.0.1 (random port) that answers what `terraform plan` needs:
 * STS GetCallerIdentity and the default-VPC lookups of EC2. Every other call gets a clear
 * "not implemented" error naming service and action, and is listed in {@link unsupportedCalls}.
 *
 * The same port is also a forward proxy that refuses everything (HTTP 403), so a request that
 * escapes the endpoint overrides fails at once and is listed in {@link blockedConnections} instead of
 * reaching the network.
 */
export class FakeAwsServer {
  /** Starts the server on 127.0.0.1 with a port the OS picks. */
  static async start(options: FakeAwsServerOptions = {}): Promise<FakeAwsServer> {
    const fake = new FakeAwsServer({
      accountId: options.accountId ?? DEFAULT_FAKE_ACCOUNT_ID,
      userName: 'icelog-tf-offline',
    });
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly received: FakeAwsCall[] = [];
  private readonly blocked: string[] = [];

  private constructor(readonly world: FakeAwsWorld) {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('connect', (req: IncomingMessage, socket: Socket) => {
      this.blocked.push(`CONNECT ${req.url ?? ''}`);
      socket.end(
        'HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\nicelog-tf-offline: network access blocked\n',
      );
    });
  }

  /** Base URL, e.g. `http://127.0.0.1:41234`: every provider endpoint and the proxy point here. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Every API call received, in order. */
  get calls(): readonly FakeAwsCall[] {
    return this.received;
  }

  /** Calls the fake does not implement (Terraform saw an error for each). */
  unsupportedCalls(): FakeAwsCall[] {
    return this.received.filter((c) => !c.answered);
  }

  /** Requests that tried to leave through the proxy (`CONNECT host:443` or `GET http://…`). */
  get blockedConnections(): readonly string[] {
    return this.blocked;
  }

  /** Stops the server and drops open connections. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      if (/^[a-z]+:\/\//i.test(url)) {
        // Absolute-form request line: a plain-HTTP proxy request for somewhere else.
        this.blocked.push(`${req.method} ${url}`);
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end('icelog-tf-offline: network access blocked\n');
        return;
      }
      const aws = parseAwsRequest(
        req.method ?? 'GET',
        url,
        req.headers,
        Buffer.concat(chunks).toString('utf8'),
      );
      const handler = HANDLERS[`${aws.service}:${aws.action}`];
      const response = handler
        ? handler(aws, this.world)
        : errorResponse(
            aws,
            NOT_IMPLEMENTED_CODE,
            `icelog-tf-offline fake AWS does not implement ${aws.service} ${aws.action}. ` +
              `It answers only ${ANSWERED_CALLS.join(', ')}; a plan that needs other reads cannot run offline`,
          );
      this.received.push({
        service: aws.service,
        action: aws.action,
        region: aws.region,
        protocol: aws.protocol,
        answered: handler !== undefined,
      });
      res.writeHead(response.status, {
        ...response.headers,
        'content-length': Buffer.byteLength(response.body),
      });
      res.end(response.body);
    });
  }
}

/** `sts GetCallerIdentity ×2, ec2 DescribeVpcs ×1`. */
export function summarizeCalls(calls: readonly FakeAwsCall[]): string {
  const counts = new Map<string, number>();
  for (const c of calls)
    counts.set(`${c.service} ${c.action}`, (counts.get(`${c.service} ${c.action}`) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ');
}
