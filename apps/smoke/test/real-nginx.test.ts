import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Harness, RUN_ID, devStack, makeWorkspace } from './harness';

/**
 * The e2e command against the real nginx 1.22 binary (the default image's log format), with the
 * pipeline played from nginx's own access and error logs into the fake Athena.
 */
const NGINX = '/usr/sbin/nginx';
const DB = 'icelog_dev';

/** The default nginx image's `main` log format. */
const LOG_FORMAT =
  `'$remote_addr - $remote_user [$time_local] "$request" ' ` +
  `'$status $body_bytes_sent "$http_referer" ' '"$http_user_agent" "$http_x_forwarded_for"'`;

/** The access-log line shape, as the Fluent Bit nginx parser reads it. */
const ACCESS_LINE =
  /^(?<remote_addr>\S+) - (?<remote_user>\S+) \[(?<time_local>[^\]]+)\] "(?<request>[^"]*)" (?<status>\d{3}) (?<body_bytes_sent>\d+) "(?<http_referer>[^"]*)" "(?<http_user_agent>[^"]*)" "(?<http_x_forwarded_for>[^"]*)"$/;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nginx did not listen on ${port}`);
}

describe('e2e against the real nginx binary', () => {
  let dir: string;
  let nginx: ChildProcess;
  let port: number;
  let harness: Harness;
  let tail: ReturnType<typeof setInterval>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'icelog-smoke-nginx-'));
    mkdirSync(join(dir, 'html'));
    mkdirSync(join(dir, 'tmp'));
    writeFileSync(join(dir, 'html', 'index.html'), '<h1>Welcome to nginx!</h1>\n');
    writeFileSync(join(dir, 'access.log'), '');
    writeFileSync(join(dir, 'error.log'), '');
    port = await freePort();
    const temp = join(dir, 'tmp');
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;
events { worker_connections 64; }
http {
  log_format main ${LOG_FORMAT};
  access_log ${dir}/access.log main;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  server {
    listen 127.0.0.1:${port};
    server_name localhost;
    location / { root ${dir}/html; index index.html; }
  }
}
`,
    );
    nginx = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], {
      stdio: 'ignore',
    });
    await waitForPort(port);
  });

  afterAll(async () => {
    clearInterval(tail);
    nginx.kill('SIGQUIT');
    await new Promise((resolve) => nginx.once('exit', resolve));
  });

  beforeEach(async () => {
    harness = await Harness.start({ defaultRunMs: 0 });
    for (const table of ['request_200', 'request_404', 'request_500', 'request_other', 'request_unparsed']) {
      harness.athena.addTable(DB, table);
    }
    // The pipeline: lines nginx wrote become rows 15 virtual seconds later, access lines routed by
    // status, error-log lines (no status) into the unparsed table.
    const offsets = {
      access: readFileSync(join(dir, 'access.log')).length,
      error: readFileSync(join(dir, 'error.log')).length,
    };
    const delay = 15_000;
    tail = setInterval(() => {
      const access = readFileSync(join(dir, 'access.log'));
      for (const line of access.subarray(offsets.access).toString('utf8').split('\n').filter(Boolean)) {
        const fields = ACCESS_LINE.exec(line)?.groups;
        if (!fields) throw new Error(`unparsable access line: ${line}`);
        const table = [200, 404, 500].includes(Number(fields.status))
          ? `request_${fields.status}`
          : 'request_other';
        harness.athena.insert(DB, table, {
          request: fields.request,
          time_local: fields.time_local,
          visibleAt: harness.clock.now() + delay,
        });
      }
      offsets.access = access.length;
      const errors = readFileSync(join(dir, 'error.log'));
      for (const line of errors.subarray(offsets.error).toString('utf8').split('\n').filter(Boolean)) {
        harness.athena.insert(DB, 'request_unparsed', { log: line, visibleAt: harness.clock.now() + delay });
      }
      offsets.error = errors.length;
    }, 5);
  });

  afterEach(async () => {
    clearInterval(tail);
    await harness.stop();
  });

  test('the default requests produce 200 and 404 access lines and a 404 error line, all found', async () => {
    const root = makeWorkspace('dev', devStack());
    const { code, stdout } = await harness.run([
      'e2e',
      '--app',
      'dev',
      '--root',
      root,
      '--endpoint',
      `http://127.0.0.1:${port}`,
      '--interval',
      '5s',
      '--expect-error-log',
      '--json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(
      report.expectations.map((e: { table: string; httpStatus: number; visible: boolean }) => [
        e.table,
        e.httpStatus,
        e.visible,
      ]),
    ).toEqual([
      ['request_200', 200, true],
      ['request_404', 404, true],
      ['request_unparsed', 404, true],
    ]);
    const access = readFileSync(join(dir, 'access.log'), 'utf8');
    expect(access).toContain(`"GET /?icelog_smoke=icelog-${RUN_ID}-200-00 HTTP/1.1" 200 `);
    expect(access).toContain(`"GET /icelog-smoke/icelog-${RUN_ID}-404-01 HTTP/1.1" 404 `);
    expect(access).toContain('"icelog-smoke" "-"');
    expect(readFileSync(join(dir, 'error.log'), 'utf8')).toMatch(
      new RegExp(
        `\\[error\\] .*open\\(\\) ".*/icelog-smoke/icelog-${RUN_ID}-404-01" failed \\(2: No such file or directory\\)`,
      ),
    );
  });
});
