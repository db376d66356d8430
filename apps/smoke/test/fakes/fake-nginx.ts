import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../src/clock';

/** A request the stand-in received. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly status: number;
  /** Virtual time the response was sent. */
  readonly at: number;
}

/**
 * Stands in for the default nginx image on 127.0.0.1: `/` (with any query string) is 200, every
 * other path is 404. Records each request and tells `onRequest`, which the tests use to play the
 * pipeline (FireLens → Firehose → Iceberg) into the fake Athena.
 */
export class FakeNginx {
  readonly received: ReceivedRequest[] = [];
  onRequest?: (request: ReceivedRequest) => void;
  private server?: Server;

  constructor(private readonly clock: Clock) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const path = request.url ?? '/';
      const status = path === '/' || path.startsWith('/?') ? 200 : 404;
      const received = { method: request.method ?? 'GET', path, status, at: this.clock.now() };
      this.received.push(received);
      this.onRequest?.(received);
      response.writeHead(status, { 'content-type': 'text/html' });
      response.end(status === 200 ? '<h1>Welcome to nginx!</h1>' : '<h1>404 Not Found</h1>');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
