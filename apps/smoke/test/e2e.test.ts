import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { FakeEc2, FakeEcs } from './fakes/fake-ecs-ec2';
import { FakeNginx } from './fakes/fake-nginx';
import { Harness, RUN_ID, devStack, makeWorkspace } from './harness';
import { playPipeline } from './pipeline';

const DB = 'icelog_dev';
const M200 = `icelog-${RUN_ID}-200-00`;
const M404 = `icelog-${RUN_ID}-404-01`;

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Expectation {
  marker: string;
  table: string;
  visible: boolean;
  lagSeconds?: number;
  notBeforeSeconds?: number;
  httpStatus?: number;
  error?: { kind: string; message: string };
}

describe('icelog-smoke e2e', () => {
  let harness: Harness;
  let nginx: FakeNginx;
  let nginxUrl: string;
  let root: string;

  beforeEach(async () => {
    harness = await Harness.start({ defaultRunMs: 0 });
    harness.athena
      .addWorkgroup('icelog_dev')
      .addTable(DB, 'request_200')
      .addTable(DB, 'request_404')
      .addTable(DB, 'request_500')
      .addTable(DB, 'request_other')
      .addTable(DB, 'request_unparsed');
    nginx = new FakeNginx(harness.clock);
    nginxUrl = await nginx.start();
    root = makeWorkspace('dev', devStack());
  });

  afterEach(async () => {
    await nginx.stop();
    await harness.stop();
  });

  const e2e = (...flags: string[]) =>
    harness.run([
      'e2e',
      '--app',
      'dev',
      '--root',
      root,
      '--endpoint',
      nginxUrl,
      '--interval',
      '5s',
      ...flags,
    ]);

  test('sends one marked request per status, waits for both rows and reports the lag', async () => {
    playPipeline(nginx, harness.athena, {
      database: DB,
      routed: [200, 404, 500],
      delay: 20_000,
      clock: harness.clock,
    });
    const { code, stdout, stderr } = await e2e('--json');
    expect(code).toBe(0);
    expect(nginx.received.map((r) => [r.path, r.status])).toEqual([
      [`/?icelog_smoke=${M200}`, 200],
      [`/icelog-smoke/${M404}`, 404],
    ]);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ command: 'e2e', ok: true, exitCode: 0, endpoint: nginxUrl, database: DB });
    const [e200, e404] = report.expectations as Expectation[];
    expect(e200).toMatchObject({ marker: M200, table: 'request_200', httpStatus: 200, visible: true });
    expect(e404).toMatchObject({ marker: M404, table: 'request_404', httpStatus: 404, visible: true });
    for (const e of [e200, e404]) {
      // Rows become queryable 20 s after their request; polling rounds start every 5 s, so the
      // reported window [notBefore, lag] holds 20 s and is at most one interval wide.
      expect(e.lagSeconds).toBeGreaterThanOrEqual(20);
      expect(e.lagSeconds).toBeLessThanOrEqual(25);
      expect(e.notBeforeSeconds).toBeLessThan(20);
      expect(e.lagSeconds! - e.notBeforeSeconds!).toBeLessThanOrEqual(5);
    }
    expect(report.tables).toEqual([
      { table: 'request_200', expected: 1, visible: 1, lagSeconds: e200.lagSeconds, ok: true },
      { table: 'request_404', expected: 1, visible: 1, lagSeconds: e404.lagSeconds, ok: true },
    ]);
    expect(harness.athena.queries[0].sql).toBe(
      `SELECT request FROM "icelog_dev"."request_200" WHERE strpos(request, '${M200}') > 0`,
    );
    expect(stderr).toContain(`request_200: ${M200} visible after`);
  });

  test('the human report has one line per marker and the per-table lag', async () => {
    playPipeline(nginx, harness.athena, {
      database: DB,
      routed: [200, 404, 500],
      delay: 10_000,
      clock: harness.clock,
    });
    const { code, stdout } = await e2e();
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[2]).toBe(
      'STATUS  TABLE        MARKER                      HTTP  LAG (s)  NOT BEFORE (s)  QUERY ID',
    );
    expect(lines[3]).toMatch(
      new RegExp(
        `^   200  request_200  ${M200}   200 +\\d+\\.\\d +\\d+\\.\\d  5e1f0c2a-7b3d-4e8f-9a6b-\\d{12}$`,
      ),
    );
    expect(lines[4]).toMatch(
      new RegExp(`^   404  request_404  ${M404}   404 +\\d+\\.\\d +\\d+\\.\\d  5e1f0c2a-`),
    );
    expect(stdout).toMatch(
      /\nrequest_200: 1\/1 visible, lag \d+\.\d s\nrequest_404: 1\/1 visible, lag \d+\.\d s\n/,
    );
    expect(stdout).toMatch(/\nOK: all 2 markers visible; worst lag \d+\.\d s\.\n$/);
  });

  test('each table gets its own lag', async () => {
    playPipeline(nginx, harness.athena, {
      database: DB,
      routed: [200, 404, 500],
      delay: (request) => (request.status === 200 ? 6_000 : 40_000),
      clock: harness.clock,
    });
    const { code, stdout } = await e2e('--json');
    expect(code).toBe(0);
    const [fast, slow] = JSON.parse(stdout).tables as { lagSeconds: number }[];
    expect(fast.lagSeconds).toBeGreaterThanOrEqual(6);
    expect(fast.lagSeconds).toBeLessThanOrEqual(11);
    expect(slow.lagSeconds).toBeGreaterThanOrEqual(40);
    expect(slow.lagSeconds).toBeLessThanOrEqual(45);
  });

  test('a marker that never shows fails with exit code 1 after --timeout, naming it', async () => {
    playPipeline(nginx, harness.athena, {
      database: DB,
      routed: [200, 404, 500],
      delay: (request) => (request.status === 200 ? 5_000 : undefined),
      clock: harness.clock,
    });
    const start = harness.clock.now();
    const { code, stdout } = await e2e('--timeout', '45s');
    expect(code).toBe(1);
    expect(harness.clock.now() - start).toBeGreaterThanOrEqual(45_000);
    expect(stdout).toMatch(new RegExp(`   404  request_404  ${M404}   404  MISSING               -  -\\n`));
    expect(stdout).toContain('request_200: 1/1 visible, lag');
    expect(stdout).toContain('request_404: 0/1 visible\n');
    expect(stdout).toContain(`FAIL: 1 of 2 markers: 1 not visible within 45s: ${M404} (request_404)\n`);
    // request_200 stops being polled once found; request_404 is polled every round until the deadline.
    const polls = (table: string) => harness.athena.queries.filter((q) => q.sql.includes(table)).length;
    expect(polls('request_200')).toBe(2);
    expect(polls('request_404')).toBeGreaterThanOrEqual(9);
    const tokens = harness.athena.queries.map((q) => q.token);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  test('a status without its own table is expected in the fallback table', async () => {
    playPipeline(nginx, harness.athena, { database: DB, routed: [200], delay: 3_000, clock: harness.clock });
    const { code, stdout } = await e2e('--statuses', '200', '--json');
    expect(code).toBe(0);
    expect((JSON.parse(stdout).expectations as Expectation[]).map((e) => e.table)).toEqual([
      'request_200',
      'request_other',
    ]);
  });

  test('--request sets the status→path mapping; an unexpected HTTP status fails without polling', async () => {
    playPipeline(nginx, harness.athena, {
      database: DB,
      routed: [200, 404, 500],
      delay: 3_000,
      clock: harness.clock,
    });
    const { code, stdout } = await e2e(
      '--request',
      '200:/missing/{marker}',
      '--request',
      '404:/nope-{marker}.html',
    );
    expect(code).toBe(1);
    expect(nginx.received.map((r) => r.path)).toEqual([`/missing/${M200}`, `/nope-${M404}.html`]);
    expect(stdout).toContain(
      `GET ${nginxUrl}/missing/${M200} answered HTTP 404, expected 200; its row would land in request_404, not request_200\n  hint: Fix the --request mapping (status:path) for this endpoint.`,
    );
    expect(harness.athena.queries.every((q) => !q.sql.includes(M200))).toBe(true);
    expect(stdout).toContain('FAIL: 1 of 2 markers: 1 not checked because of the errors above');
  });

  test('an endpoint that does not answer fails with exit code 1', async () => {
    const closed = await closedPort();
    const { code, stdout } = await harness.run([
      'e2e',
      '--app',
      'dev',
      '--root',
      root,
      '--endpoint',
      `http://127.0.0.1:${closed}`,
      '--request',
      '200:/?m={marker}',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(`GET http://127.0.0.1:${closed}/?m=${M200} failed: ECONNREFUSED`);
    expect(harness.athena.queries).toHaveLength(0);
  });

  test('--expect-error-log also waits for the 404 line nginx writes to stderr, in the unparsed table', async () => {
    playPipeline(nginx, harness.athena, {
      database: DB,
      routed: [200, 404, 500],
      delay: 4_000,
      clock: harness.clock,
    });
    const inner = nginx.onRequest!;
    nginx.onRequest = (request) => {
      inner(request);
      if (request.status === 404) {
        harness.athena.insert(DB, 'request_unparsed', {
          log: `2025/01/31 08:00:00 [error] 29#29: *1 open() "/usr/share/nginx/html${request.path}" failed (2: No such file or directory), client: 10.0.0.1, server: localhost, request: "GET ${request.path} HTTP/1.1"`,
          visibleAt: request.at + 8_000,
        });
      }
    };
    const { code, stdout } = await e2e('--expect-error-log', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(
      (report.expectations as (Expectation & { kind: string; column: string })[]).map((e) => [
        e.table,
        e.column,
        e.kind,
      ]),
    ).toEqual([
      ['request_200', 'request', 'access'],
      ['request_404', 'request', 'access'],
      ['request_unparsed', 'log', 'error-log'],
    ]);
    expect(
      harness.athena.queries.some(
        (q) => q.sql === `SELECT log FROM "icelog_dev"."request_unparsed" WHERE strpos(log, '${M404}') > 0`,
      ),
    ).toBe(true);
  });

  test('a missing table fails its markers at once with exit code 1; the other tables are still checked', async () => {
    playPipeline(nginx, harness.athena, { database: DB, routed: [200], delay: 3_000, clock: harness.clock });
    harness.athena.dropTable(DB, 'request_404');
    const { code, stdout } = await e2e('--timeout', '1m');
    expect(code).toBe(1);
    expect(stdout).toContain(`   404  request_404  ${M404}   404    ERROR`);
    expect(stdout).toContain(
      `Table "icelog_dev"."request_404" does not exist (Athena: TABLE_NOT_FOUND: line 1:22: Table 'awsdatacatalog.icelog_dev.request_404' does not exist)`,
    );
    expect(harness.athena.queries.filter((q) => q.sql.includes('request_404'))).toHaveLength(1);
  });

  test('access denied on the polling queries is exit code 3', async () => {
    const denied = {
      type: 'AccessDeniedException',
      message: 'not authorized to perform: athena:StartQueryExecution',
    };
    harness.athena.failNext('StartQueryExecution', denied, denied);
    const { code, stdout } = await e2e();
    expect(code).toBe(3);
    expect(stdout).toContain(
      'was denied: AccessDeniedException: not authorized to perform: athena:StartQueryExecution',
    );
  });

  test.each([
    ['404:/missing', '"404:/missing"'],
    ['404:/a/{marker}/{marker}', '"404:/a/{marker}/{marker}"'],
    ['99:/{marker}', '"99:/{marker}"'],
    ['404:missing/{marker}', '"404:missing/{marker}"'],
    ['404:/a b/{marker}', '"404:/a b/{marker}"'],
  ])('--request %s is rejected with exit code 2', async (request, received) => {
    const { code, stderr } = await e2e('--request', request);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `error: Invalid --request: must be <status>:<path>, a status from 100 to 599 and an absolute path of URL characters containing {marker} once, e.g. 404:/missing/{marker}. Received: ${received}\n`,
    );
    expect(nginx.received).toHaveLength(0);
  });
});

describe('icelog-smoke e2e: finding the endpoint', () => {
  let harness: Harness;
  let nginx: FakeNginx;
  let port: string;
  const ecs = new FakeEcs('icelog-dev', 'nginx', []);
  const ec2 = new FakeEc2({});

  beforeEach(async () => {
    harness = await Harness.start({ defaultRunMs: 500, services: [ecs, ec2] });
    harness.athena.addTable(DB, 'request_200').addTable(DB, 'request_404');
    nginx = new FakeNginx(harness.clock);
    port = new URL(await nginx.start()).port;
    playPipeline(nginx, harness.athena, {
      database: DB,
      routed: [200, 404],
      delay: 2_000,
      clock: harness.clock,
    });
    ecs.tasks = [
      {
        taskArn: 'arn:aws:ecs:eu-west-1:111122223333:task/icelog-dev/aaa',
        lastStatus: 'RUNNING',
        eni: 'eni-0aaa',
      },
      {
        taskArn: 'arn:aws:ecs:eu-west-1:111122223333:task/icelog-dev/bbb',
        lastStatus: 'RUNNING',
        eni: 'eni-0bbb',
      },
    ];
    ec2.publicIps = { 'eni-0aaa': undefined, 'eni-0bbb': '127.0.0.1' };
  });

  afterEach(async () => {
    await nginx.stop();
    await harness.stop();
  });

  /** A workspace whose outputs file (terraform format) names the cluster and service but no endpoint. */
  const workspace = () => {
    const root = makeWorkspace('dev', devStack({ routed_statuses: [200, 404] }));
    const outputs = {
      ecs_cluster_name: { value: 'icelog-dev', type: 'string', sensitive: false },
      ecs_service_name: { value: 'nginx', type: 'string', sensitive: false },
    };
    writeFileSync(join(root, 'outputs.json'), JSON.stringify(outputs));
    return root;
  };

  test('without a load balancer, a running task is found through ECS and EC2 and its public IP is used', async () => {
    const root = workspace();
    const { code, stderr } = await harness.run(
      [
        'e2e',
        '--app',
        'dev',
        '--root',
        root,
        '--outputs',
        join(root, 'outputs.json'),
        '--port',
        port,
        '--interval',
        '1s',
      ],
      { cwd: root },
    );
    expect(code).toBe(0);
    expect(stderr).toContain(
      `endpoint http://127.0.0.1:${port} (public IP of ECS task arn:aws:ecs:eu-west-1:111122223333:task/icelog-dev/bbb)`,
    );
    expect(harness.server.calls('ListTasks')[0].input).toEqual({
      cluster: 'icelog-dev',
      serviceName: 'nginx',
      desiredStatus: 'RUNNING',
    });
    expect(harness.server.calls('DescribeTasks')[0].input).toEqual({
      cluster: 'icelog-dev',
      tasks: ecs.tasks.map((t) => t.taskArn),
    });
    expect(harness.server.calls('DescribeNetworkInterfaces')[0].input).toMatchObject({
      Action: 'DescribeNetworkInterfaces',
      'NetworkInterfaceId.1': 'eni-0aaa',
      'NetworkInterfaceId.2': 'eni-0bbb',
    });
    expect(nginx.received).toHaveLength(2);
  });

  test('a service with no running task is exit code 1', async () => {
    ecs.tasks = [];
    const root = workspace();
    const { code, stderr } = await harness.run(
      ['e2e', '--app', 'dev', '--root', root, '--outputs', 'outputs.json'],
      {
        cwd: root,
      },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('error: Service nginx in ECS cluster icelog-dev has no running task\n');
  });

  test('no task with a public IP is exit code 2 asking for --endpoint', async () => {
    ec2.publicIps = {};
    const root = workspace();
    const { code, stderr } = await harness.run(
      ['e2e', '--app', 'dev', '--root', root, '--outputs', 'outputs.json'],
      {
        cwd: root,
      },
    );
    expect(code).toBe(2);
    expect(stderr).toContain(
      'error: No running task of service nginx in ECS cluster icelog-dev has a public IP\n  hint: Pass --endpoint <url> (for example the load balancer URL, or a tunnel to the task).\n',
    );
  });

  test('an endpoint only known after deploy, with nothing to find it by, is exit code 2', async () => {
    const root = makeWorkspace('dev', devStack());
    const { code, stderr } = await harness.run(['e2e', '--app', 'dev', '--root', root]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'error: No endpoint to send requests to (output "endpoint_url" is only known after deploy: pass --outputs <file> from "cdktf deploy --outputs-file" or "terraform output -json")\n' +
        '  hint: Pass --endpoint <url>, or --ecs-cluster and --ecs-service so a running task can be found (outputs "ecs_cluster_name", "ecs_service_name").\n',
    );
  });
});
