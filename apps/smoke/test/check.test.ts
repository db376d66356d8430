import { AthenaClient } from '@aws-sdk/client-athena';
import { formatTimeLocal } from './fakes/fake-athena';
import { T0 } from './fakes/clocks';
import { FAKE_CREDENTIALS, Harness, devStack, makeWorkspace } from './harness';

const DB = 'icelog_dev';
const rows = (n: number, at = T0 - 3_600_000) =>
  Array.from({ length: n }, (_, i) => ({
    request: `GET /${i} HTTP/1.1`,
    time_local: formatTimeLocal(at + i * 60_000),
    visibleAt: 0,
  }));

/** Replaces the per-run timings so that whole reports can be compared. */
const normalise = (text: string) => text.replace(/ +\d+\.\d$/gm, ' S.S');

describe('icelog-smoke check', () => {
  let harness: Harness;
  let root: string;

  beforeEach(async () => {
    harness = await Harness.start({ defaultRunMs: 2000 });
    harness.athena
      .addWorkgroup('icelog_dev')
      .addTable(DB, 'request_200', rows(1204))
      .addTable(DB, 'request_404', rows(37))
      .addTable(DB, 'request_500', rows(2));
    root = makeWorkspace('dev', devStack());
  });

  afterEach(async () => {
    await harness.stop();
  });

  test('counts every routed table of the app and exits 0 when each has a row', async () => {
    const { code, stdout, stderr } = await harness.run(['check', '--app', 'dev'], { cwd: root });
    expect(code).toBe(0);
    expect(normalise(stdout)).toBe(
      [
        'Database icelog_dev · workgroup icelog_dev · region eu-west-1 · settings from apps/dev/cdktf.out/stacks/icelog-dev/cdk.tf.json',
        '',
        'STATUS  TABLE        ROWS  RESULT  QUERY ID                              SECONDS',
        '   200  request_200  1204  ok      5e1f0c2a-7b3d-4e8f-9a6b-000000000001 S.S',
        '   404  request_404    37  ok      5e1f0c2a-7b3d-4e8f-9a6b-000000000002 S.S',
        '   500  request_500     2  ok      5e1f0c2a-7b3d-4e8f-9a6b-000000000003 S.S',
        '',
        'OK: all 3 tables have at least 1 row(s).',
        '',
      ].join('\n'),
    );
    expect(harness.athena.queries.map((q) => q.sql)).toEqual([
      'SELECT count(*) FROM "icelog_dev"."request_200"',
      'SELECT count(*) FROM "icelog_dev"."request_404"',
      'SELECT count(*) FROM "icelog_dev"."request_500"',
    ]);
    expect(harness.athena.queries.every((q) => q.workgroup === 'icelog_dev')).toBe(true);
    expect(stderr).toContain('check: 0/3 tables done');
    expect(stderr).toContain('check: 3/3 tables done');
  });

  test('a table with fewer than --min-rows rows fails with exit code 1', async () => {
    const { code, stdout } = await harness.run(['check', '--app', 'dev', '--root', root, '--min-rows', '10']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/ {3}500 {2}request_500 {5}2 {2}TOO FEW /);
    expect(stdout).toContain('FAIL: 1 of 3 tables: 1 below 10 row(s) (request_500).');
  });

  test('a routed status without a table fails with exit code 1 and says what to check', async () => {
    const { code, stdout } = await harness.run([
      'check',
      '--app',
      'dev',
      '--root',
      root,
      '--statuses',
      '200,418',
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/ {3}418 {2}request_418 {5}- {2}MISSING /);
    expect(stdout).toContain(
      `request_418: Table "icelog_dev"."request_418" does not exist (Athena: TABLE_NOT_FOUND: line 1:22: Table 'awsdatacatalog.icelog_dev.request_418' does not exist)\n  hint: Deploy the stack first, and check --statuses/--table-prefix: only routed statuses have a table.`,
    );
    expect(stdout).toContain('FAIL: 1 of 2 tables: 1 could not be counted.');
  });

  test('access denied is an AWS error: exit code 3 with the IAM hint', async () => {
    const denied = {
      type: 'AccessDeniedException',
      message: 'User: arn:aws:iam::111122223333:user/ci is not authorized',
    };
    harness.athena.failNext('StartQueryExecution', denied, denied, denied);
    const { code, stdout } = await harness.run(['check', '--app', 'dev', '--root', root]);
    expect(code).toBe(3);
    expect(stdout).toContain(
      'request_200: Athena StartQueryExecution for "icelog_dev"."request_200" was denied: AccessDeniedException: User: arn:aws:iam::111122223333:user/ci is not authorized',
    );
    expect(stdout).toContain('  hint: The caller needs athena:StartQueryExecution');
  });

  test('--json prints one machine-readable document on stdout', async () => {
    const { code, stdout } = await harness.run([
      'check',
      '--app',
      'dev',
      '--root',
      root,
      '--json',
      '--min-rows',
      '3',
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      command: 'check',
      ok: false,
      exitCode: 1,
      database: 'icelog_dev',
      workgroup: 'icelog_dev',
      region: 'eu-west-1',
      minRows: 3,
      since: null,
    });
    expect(report.tables).toEqual([
      expect.objectContaining({
        status: 200,
        table: 'request_200',
        rows: 1204,
        ok: true,
        dataScannedBytes: 1024,
      }),
      expect.objectContaining({ status: 404, table: 'request_404', rows: 37, ok: true }),
      expect.objectContaining({ status: 500, table: 'request_500', rows: 2, ok: false }),
    ]);
    expect(report.tables[0].queryId).toBe('5e1f0c2a-7b3d-4e8f-9a6b-000000000001');
    expect(report.tables[0].seconds).toBeGreaterThanOrEqual(2);
  });

  test('--since counts only rows whose time_local is in the window', async () => {
    // rows(n) are one minute apart starting an hour before T0; the clock starts at T0.
    const { code, stdout } = await harness.run([
      'check',
      '--app',
      'dev',
      '--root',
      root,
      '--since',
      '2025-01-31T08:30:00+01:00',
      '--json',
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.since).toBe('2025-01-31T07:30:00.000Z');
    expect(report.tables.map((t: { rows: number }) => t.rows)).toEqual([1174, 7, 0]);
    expect(harness.athena.queries[0].sql).toBe(
      `SELECT count(*) FROM "icelog_dev"."request_200" WHERE try(parse_datetime(time_local, 'dd/MMM/yyyy:HH:mm:ss Z')) >= from_iso8601_timestamp('2025-01-31T07:30:00.000Z')`,
    );
  });

  test('--concurrency bounds the queries in flight', async () => {
    for (const status of [301, 302, 403]) harness.athena.addTable(DB, `request_${status}`, rows(1));
    const { code } = await harness.run([
      'check',
      '--app',
      'dev',
      '--root',
      root,
      '--statuses',
      '200,301,302,403,404,500',
      '--concurrency',
      '2',
    ]);
    expect(code).toBe(0);
    expect(harness.athena.queries).toHaveLength(6);
    expect(harness.athena.maxConcurrent).toBeLessThanOrEqual(2);
    expect(harness.athena.maxConcurrent).toBeGreaterThanOrEqual(1);
  });

  test('throttling is retried and reported as progress, and the check still passes', async () => {
    harness.athena.failNext('StartQueryExecution', { type: 'ThrottlingException', message: 'Rate exceeded' });
    const { code, stderr } = await harness.run([
      'check',
      '--app',
      'dev',
      '--root',
      root,
      '--concurrency',
      '1',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /"icelog_dev"\."request_200": StartQueryExecution ThrottlingException, retry 1 in \d+\.\ds/,
    );
  });

  test('a query still running at --timeout is stopped and the check exits 3', async () => {
    harness.athena.whenQuery(/request_404/, { never: true });
    const { code, stdout } = await harness.run(['check', '--app', 'dev', '--root', root, '--timeout', '30s']);
    expect(code).toBe(3);
    expect(stdout).toContain(
      'request_404: Query 5e1f0c2a-7b3d-4e8f-9a6b-000000000002 on "icelog_dev"."request_404" was still RUNNING at the deadline; it was stopped (StopQueryExecution)',
    );
    expect(harness.server.calls('StopQueryExecution').map((c) => c.input.QueryExecutionId)).toEqual([
      '5e1f0c2a-7b3d-4e8f-9a6b-000000000002',
    ]);
  });

  test('an interrupt (Ctrl-C) stops the running queries and exits 130', async () => {
    harness.athena.whenQuery(/request_/, { never: true });
    const controller = new AbortController();
    const running = harness.run(['check', '--app', 'dev', '--root', root, '--concurrency', '3'], {
      signal: controller.signal,
    });
    while (harness.server.calls('GetQueryExecution').length < 6) await new Promise((r) => setTimeout(r, 2));
    controller.abort(new Error('SIGINT'));
    const { code, stderr, stdout } = await running;
    expect(code).toBe(130);
    expect(stderr).toContain('error: Interrupted; running queries were stopped\n');
    expect(stdout).toBe('');
    expect(
      harness.server
        .calls('StopQueryExecution')
        .map((c) => c.input.QueryExecutionId)
        .sort(),
    ).toEqual(harness.athena.queries.map((q) => q.id).sort());
  });

  test('on a terminal the progress line is rewritten in place', async () => {
    const { code, stderr } = await harness.run(['check', '--app', 'dev', '--root', root], { tty: true });
    expect(code).toBe(0);
    expect(stderr).toContain('\r\u001b[2K[');
    expect(stderr).not.toContain('\n');
  });

  test('--quiet keeps stderr empty', async () => {
    const { code, stderr } = await harness.run(['check', '--app', 'dev', '--root', root, '--quiet']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('icelog-smoke check: usage and configuration errors (exit code 2)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await Harness.start();
  });

  afterAll(async () => {
    await harness.stop();
  });

  test.each([
    [
      ['--timeout', 'soon'],
      'error: Invalid --timeout: must be a duration such as 90s, 15m, 1h30m or 2d (a bare number means seconds). Received: "soon"\n',
    ],
    [['--concurrency', '0'], 'error: Invalid --concurrency: must be an integer from 1 to 20. Received: 0\n'],
    [
      ['--concurrency', 'many'],
      'error: Invalid --concurrency: must be an integer from 1 to 20. Received: "many"\n',
    ],
    [
      ['--min-rows', '-1'],
      `error: Invalid --min-rows: must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}. Received: "-1"\n`,
    ],
    [
      ['--output-location', 'results-bucket/smoke/'],
      'error: Invalid --output-location: must be an s3://bucket/prefix/ URI. Received: "results-bucket/smoke/"\n',
    ],
    [
      ['--since', '2025-01-31T07:00:00'],
      'error: Invalid --since: must be a duration back from now (15m, 2h, 1d) or an ISO 8601 time with a zone (2025-01-31T08:00:00Z, 2025-01-31T09:00:00+01:00) or a date (2025-01-31, read as UTC midnight), not in the future. Received: "2025-01-31T07:00:00"\n',
    ],
  ])('%j', async (flags, message) => {
    const { code, stderr, stdout } = await harness.run([
      'check',
      '--database',
      'icelog_dev',
      '--workgroup',
      'icelog_dev',
      '--statuses',
      '200',
      ...flags,
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(message);
    expect(stdout).toBe('');
    expect(harness.server.requests).toHaveLength(0);
  });

  test('missing settings list every flag to pass; with --json the error is also on stdout', async () => {
    const { code, stderr, stdout } = await harness.run(['check', '--json']);
    expect(code).toBe(2);
    const message =
      'Invalid settings:\n' +
      '  - Missing database: no --app, --synth or --outputs given; pass --database\n' +
      '  - Missing workgroup: no --app, --synth or --outputs given; pass --workgroup\n' +
      '  - Missing statuses: no --app, --synth or --outputs given; pass --statuses';
    expect(stderr).toBe(`error: ${message}\n`);
    expect(JSON.parse(stdout)).toEqual({
      command: 'check',
      ok: false,
      exitCode: 2,
      error: { kind: 'UsageError', message },
    });
  });

  test('no region anywhere: exit code 2 naming --region', async () => {
    const { code, stderr } = await harness.run(
      ['check', '--database', 'icelog_dev', '--workgroup', 'icelog_dev', '--statuses', '200'],
      {
        createAthenaClient: ({ region }) =>
          new AthenaClient({
            region,
            endpoint: harness.endpoint,
            credentials: FAKE_CREDENTIALS,
            maxAttempts: 1,
          }),
      },
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      'error: No AWS region: the stack has no "region" output and none is configured\n  hint: Pass --region, or set AWS_REGION.\n',
    );
  });

  test('no credentials anywhere: exit code 3 saying how to provide them', async () => {
    const { code, stderr } = await harness.run(
      [
        'check',
        '--database',
        'icelog_dev',
        '--workgroup',
        'icelog_dev',
        '--statuses',
        '200',
        '--region',
        'eu-west-1',
      ],
      {
        createAthenaClient: ({ region }) =>
          new AthenaClient({ region, endpoint: harness.endpoint, maxAttempts: 1 }),
      },
    );
    expect(code).toBe(3);
    expect(stderr).toMatch(/^error: Athena client setup failed: no AWS credentials \(.+\)\n/);
    expect(stderr).toContain(
      '  hint: Set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), or log in with "aws sso login".',
    );
    expect(harness.server.requests).toHaveLength(0);
  });
});

describe('the production client factory', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('uses the standard AWS environment (endpoint, region, credentials) and reaches only that endpoint', async () => {
    const harness = await Harness.start({ defaultRunMs: 0 });
    try {
      harness.athena.addTable(DB, 'request_200', rows(5));
      process.env.AWS_ENDPOINT_URL_ATHENA = harness.endpoint;
      process.env.AWS_REGION = 'eu-west-1';
      process.env.AWS_ACCESS_KEY_ID = FAKE_CREDENTIALS.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = FAKE_CREDENTIALS.secretAccessKey;
      const { code, stdout } = await harness.run(
        ['check', '--database', DB, '--workgroup', 'primary', '--statuses', '200', '--json'],
        { createAthenaClient: undefined },
      );
      expect(code).toBe(0);
      expect(JSON.parse(stdout).tables[0].rows).toBe(5);
      expect(harness.server.calls('StartQueryExecution')[0].headers.authorization).toContain(
        'Credential=AKIAFAKEFAKEFAKEFAKE/',
      );
    } finally {
      await harness.stop();
    }
  });
});
