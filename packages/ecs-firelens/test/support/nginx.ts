import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NGINX_MAIN_LOG_FORMAT } from '../../src';

export const NGINX_BINARY = '/usr/sbin/nginx';

/** A real nginx, listening on 127.0.0.1 only, writing its logs into a temporary prefix. */
export interface RunningNginx {
  readonly port: number;
  /** Access log in the official image's `main` format. */
  readonly accessLogPath: string;
  /** The same requests in nginx's built-in `combined` format. */
  readonly combinedLogPath: string;
  readonly errorLogPath: string;
  /** Stops nginx (SIGTERM) and waits until it has exited and flushed its logs. */
  stop(): Promise<void>;
  /** Deletes the temporary prefix with the logs. */
  remove(): void;
}

/**
 * Starts /usr/sbin/nginx as a child process (daemon off) with the official image's `log_format main`.
 * `realip` trusts 127.0.0.1 for `X-Real-IP`, so a request can carry an IPv6 client address.
 * `TZ=MST7` makes `$time_local` carry a negative offset (-0700).
 */
export async function startNginx(): Promise<RunningNginx> {
  if (!existsSync(NGINX_BINARY)) {
    throw new Error(
      `${NGINX_BINARY} is missing: these tests run a real nginx. Install it: apt-get install nginx-light`,
    );
  }
  const prefix = mkdtempSync(join(tmpdir(), 'icelog-nginx-'));
  mkdirSync(join(prefix, 'logs'));
  mkdirSync(join(prefix, 'temp'));
  const port = await freePort();
  const accessLogPath = join(prefix, 'logs', 'access.log');
  const combinedLogPath = join(prefix, 'logs', 'combined.log');
  const errorLogPath = join(prefix, 'logs', 'error.log');
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${errorLogPath} info;`,
      'events { worker_connections 64; }',
      'http {',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (t) => `  ${t}_temp_path ${join(prefix, 'temp', t)};`,
      ),
      `  log_format main '${NGINX_MAIN_LOG_FORMAT}';`,
      `  access_log ${accessLogPath} main;`,
      `  access_log ${combinedLogPath} combined;`,
      '  set_real_ip_from 127.0.0.1;',
      '  real_ip_header X-Real-IP;',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    location / { return 200 "hello\\n"; }',
      '    location /missing { return 404; }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(NGINX_BINARY, ['-p', prefix, '-c', conf, '-e', errorLogPath], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'MST7' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    rmSync(prefix, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    accessLogPath,
    combinedLogPath,
    errorLogPath,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    remove() {
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** Reads a log file's non-empty lines (latin1, so escaped-by-nobody bytes in the error log survive). */
export function readLines(path: string): string[] {
  return readFileSync(path, 'latin1')
    .split('\n')
    .filter((line) => line.length > 0);
}

/** Sends raw bytes, half-closes, and resolves with the response once nginx closes the connection. */
export function rawRequest(port: number, payload: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port }, () => socket.end(payload));
    let response = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (response += d));
    socket.on('close', () => resolve(response));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('raw request timed out')));
  });
}

/** Waits until nginx has written `count` lines to `path`. */
export async function waitForLines(path: string, count: number): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const lines = existsSync(path) ? readLines(path) : [];
    if (lines.length >= count) return lines;
    await sleep(50);
  }
  throw new Error(`${path} has fewer than ${count} lines: ${readLines(path).join('\n')}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`nginx did not listen on 127.0.0.1:${port}: ${output()}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
