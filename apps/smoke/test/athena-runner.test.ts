import { AthenaQueryRunner, type QueryEvent } from '../src/athena';
import { AwsError, InterruptedError } from '../src/errors';
import { countRowsSql, markerSql } from '../src/sql';
import { Harness } from './harness';
import { T0, VirtualClock } from './fakes/clocks';

const DB = 'icelog_dev';

describe('AthenaQueryRunner against the fake Athena (real @aws-sdk/client-athena)', () => {
  let harness: Harness;
  let runner: AthenaQueryRunner;
  let events: QueryEvent[];

  beforeEach(async () => {
    harness = await Harness.start({ defaultRunMs: 1500 });
    harness.athena.addWorkgroup('icelog_dev').addTable(DB, 'request_200', [
      { request: 'GET / HTTP/1.1', visibleAt: T0 - 1 },
      { request: 'GET /?a=1 HTTP/1.1', visibleAt: T0 - 1 },
    ]);
    runner = new AthenaQueryRunner({
      client: harness.athenaClient(),
      workgroup: 'icelog_dev',
      runId: 'run-1',
      clock: harness.clock,
      random: () => 0.5,
    });
    events = [];
  });

  afterEach(async () => {
    await harness.stop();
  });

  const spec = (table = 'request_200', key = `k:${table}`) => ({
    sql: countRowsSql(DB, table),
    key,
    label: `"${DB}"."${table}"`,
  });
  const deadline = () => harness.clock.now() + 60_000;
  const onEvent = (event: QueryEvent) => events.push(event);

  describe('a query that succeeds', () => {
    test('returns the rows without the header row, and the timings on the local clock', async () => {
      harness.athena.whenQuery(/request_200/, { runMs: 30_000 });
      const result = await runner.run(spec(), { deadline: harness.clock.now() + 120_000, onEvent });
      expect(result.columns).toEqual(['_col0']);
      expect(result.rows).toEqual([['2']]);
      expect(result.finishedAt - result.startedAt).toBeGreaterThanOrEqual(30_000);
      expect(result.dataScannedBytes).toBe(1024);
      expect(events.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state)).toEqual([
        'SUBMITTING',
        'QUEUED',
        'RUNNING',
        'SUCCEEDED',
      ]);
    });

    test('sends the SQL, the workgroup and a 64-character ClientRequestToken derived from run id and key', async () => {
      await runner.run(spec(), { deadline: deadline() });
      const [start] = harness.server.calls('StartQueryExecution');
      expect(start.headers['x-amz-target']).toBe('AmazonAthena.StartQueryExecution');
      expect(start.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(start.input).toEqual({
        QueryString: 'SELECT count(*) FROM "icelog_dev"."request_200"',
        WorkGroup: 'icelog_dev',
        ClientRequestToken: runner.clientRequestToken('k:request_200'),
      });
      expect(runner.clientRequestToken('k:request_200')).toMatch(/^[0-9a-f]{64}$/);
      expect(runner.clientRequestToken('k:request_200')).not.toBe(runner.clientRequestToken('k:request_404'));
      const otherRun = new AthenaQueryRunner({
        client: harness.athenaClient(),
        workgroup: 'x',
        runId: 'run-2',
      });
      expect(otherRun.clientRequestToken('k:request_200')).not.toBe(
        runner.clientRequestToken('k:request_200'),
      );
    });

    test('passes --output-location as ResultConfiguration when given', async () => {
      const withLocation = new AthenaQueryRunner({
        client: harness.athenaClient(),
        workgroup: 'icelog_dev',
        runId: 'run-1',
        outputLocation: 's3://icelog-results/smoke/',
        clock: harness.clock,
      });
      await withLocation.run(spec(), { deadline: deadline() });
      expect(harness.server.calls('StartQueryExecution')[0].input.ResultConfiguration).toEqual({
        OutputLocation: 's3://icelog-results/smoke/',
      });
    });

    test('polls GetQueryExecution with growing waits (exponential backoff, full jitter)', async () => {
      harness.athena.whenQuery(/request_200/, { runMs: 20_000 });
      await runner.run(spec(), { deadline: deadline() });
      const polls = harness.server.calls('GetQueryExecution').length;
      // 20 s of RUNNING with waits of 0.5·min(2 s, 0.2 s·2ⁿ): 0.1, 0.2, 0.4, 0.8, then 1 s each.
      expect(polls).toBeGreaterThanOrEqual(8);
      expect(polls).toBeLessThanOrEqual(24);
    });
  });

  describe('pagination', () => {
    test('follows NextToken across GetQueryResults pages and drops only the first header row', async () => {
      const paged = await Harness.start({ defaultRunMs: 0, maxPageSize: 3 });
      try {
        const markers = Array.from({ length: 7 }, (_, i) => `icelog-0123456789ab-200-0${i}`);
        paged.athena.addTable(
          DB,
          'request_200',
          markers.map((m) => ({ request: `GET /?m=${m} HTTP/1.1`, visibleAt: 0 })),
        );
        const pagedRunner = new AthenaQueryRunner({
          client: paged.athenaClient(),
          workgroup: 'primary',
          runId: 'r',
          clock: paged.clock,
          pageSize: 1000,
        });
        const result = await pagedRunner.run(
          { sql: markerSql(DB, 'request_200', 'request', markers), key: 'p', label: 'p' },
          { deadline: paged.clock.now() + 60_000 },
        );
        expect(result.rows.map((row) => row[0])).toEqual(markers.map((m) => `GET /?m=${m} HTTP/1.1`));
        const pages = paged.server.calls('GetQueryResults');
        expect(pages.map((call) => call.input.NextToken)).toEqual([undefined, 'page-3', 'page-6']);
        expect(pages.every((call) => call.input.MaxResults === 1000)).toBe(true);
      } finally {
        await paged.stop();
      }
    });
  });

  describe('throttling', () => {
    test('retries ThrottlingException and TooManyRequestsException with the same ClientRequestToken', async () => {
      harness.athena.failNext(
        'StartQueryExecution',
        { type: 'ThrottlingException', message: 'Rate exceeded' },
        {
          type: 'TooManyRequestsException',
          message: 'Too many queries',
          extra: { Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' },
        },
      );
      harness.athena.failNext('GetQueryExecution', { type: 'ThrottlingException', message: 'Rate exceeded' });
      const result = await runner.run(spec(), { deadline: deadline(), onEvent });
      expect(result.rows).toEqual([['2']]);
      const starts = harness.server.calls('StartQueryExecution');
      expect(starts).toHaveLength(3);
      expect(new Set(starts.map((call) => call.input.ClientRequestToken)).size).toBe(1);
      expect(harness.athena.queries).toHaveLength(1);
      expect(events.filter((e) => e.type === 'retry')).toEqual([
        expect.objectContaining({
          operation: 'StartQueryExecution',
          attempt: 1,
          error: 'ThrottlingException',
        }),
        expect.objectContaining({
          operation: 'StartQueryExecution',
          attempt: 2,
          error: 'TooManyRequestsException',
        }),
        expect.objectContaining({ operation: 'GetQueryExecution', attempt: 1, error: 'ThrottlingException' }),
      ]);
    });

    test('retries a server error (HTTP 500) on GetQueryResults', async () => {
      harness.athena.failNext('GetQueryResults', {
        type: 'InternalServerException',
        message: 'We encountered an internal error',
        status: 500,
      });
      const result = await runner.run(spec(), { deadline: deadline(), onEvent });
      expect(result.rows).toEqual([['2']]);
      expect(harness.server.calls('GetQueryResults')).toHaveLength(2);
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'retry',
          operation: 'GetQueryResults',
          error: 'InternalServerException',
        }),
      );
    });

    test('gives up after the attempts and says to lower --concurrency', async () => {
      const throttle = { type: 'ThrottlingException', message: 'Rate exceeded' };
      harness.athena.failNext('StartQueryExecution', ...Array.from({ length: 8 }, () => throttle));
      const error = await runner.run(spec(), { deadline: deadline() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsError);
      expect((error as AwsError).kind).toBe('THROTTLED');
      expect((error as AwsError).message).toBe(
        'Athena StartQueryExecution for "icelog_dev"."request_200" was throttled after 8 tries: ThrottlingException: Rate exceeded',
      );
      expect((error as AwsError).hint).toContain('Lower --concurrency');
      expect((error as AwsError).exitCode).toBe(3);
    });
  });

  describe('failed queries', () => {
    test('FAILED carries the StateChangeReason', async () => {
      harness.athena.whenQuery(/request_200/, {
        state: 'FAILED',
        reason: 'GENERIC_INTERNAL_ERROR: Iceberg metadata file not readable',
      });
      const error = (await runner.run(spec(), { deadline: deadline() }).catch((e: unknown) => e)) as AwsError;
      expect(error.kind).toBe('FAILED');
      expect(error.message).toMatch(
        /^Query [0-9a-f-]{36} on "icelog_dev"\."request_200" FAILED: GENERIC_INTERNAL_ERROR: Iceberg metadata file not readable$/,
      );
      expect(error.queryId).toBe(harness.athena.queries[0].id);
      expect(error.exitCode).toBe(3);
    });

    test('CANCELLED carries the StateChangeReason', async () => {
      harness.athena.whenQuery(/request_200/, {
        state: 'CANCELLED',
        reason: 'Query exhausted the workgroup data limit',
      });
      const error = (await runner.run(spec(), { deadline: deadline() }).catch((e: unknown) => e)) as AwsError;
      expect(error.kind).toBe('CANCELLED');
      expect(error.message).toMatch(/was CANCELLED: Query exhausted the workgroup data limit$/);
      expect(error.hint).toBe(
        'Something stopped the query: another user, or a workgroup data-usage control.',
      );
    });

    test('a missing table (TABLE_NOT_FOUND) is an expectation failure with a hint', async () => {
      const error = (await runner
        .run(spec('request_418'), { deadline: deadline() })
        .catch((e: unknown) => e)) as AwsError;
      expect(error.kind).toBe('TABLE_NOT_FOUND');
      expect(error.message).toBe(
        `Table "icelog_dev"."request_418" does not exist (Athena: TABLE_NOT_FOUND: line 1:22: Table 'awsdatacatalog.icelog_dev.request_418' does not exist)`,
      );
      expect(error.hint).toBe(
        'Deploy the stack first, and check --statuses/--table-prefix: only routed statuses have a table.',
      );
      expect(error.exitCode).toBe(1);
    });

    test('a missing database (SCHEMA_NOT_FOUND) names the database setting', async () => {
      const error = (await runner
        .run(
          { sql: countRowsSql('icelog_qa', 'request_200'), key: 'x', label: '"icelog_qa"."request_200"' },
          { deadline: deadline() },
        )
        .catch((e: unknown) => e)) as AwsError;
      expect(error.kind).toBe('SCHEMA_NOT_FOUND');
      expect(error.message).toBe(
        `The database of "icelog_qa"."request_200" does not exist (Athena: SCHEMA_NOT_FOUND: line 1:22: Schema 'icelog_qa' does not exist)`,
      );
      expect(error.hint).toContain('Check --database');
    });

    test('AccessDeniedException from the API is an access error with the IAM hint', async () => {
      harness.athena.failNext('StartQueryExecution', {
        type: 'AccessDeniedException',
        message:
          'User: arn:aws:iam::111122223333:user/ci is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:eu-west-1:111122223333:workgroup/icelog_dev',
      });
      const error = (await runner.run(spec(), { deadline: deadline() }).catch((e: unknown) => e)) as AwsError;
      expect(error.kind).toBe('ACCESS_DENIED');
      expect(error.message).toBe(
        'Athena StartQueryExecution for "icelog_dev"."request_200" was denied: AccessDeniedException: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:eu-west-1:111122223333:workgroup/icelog_dev',
      );
      expect(error.hint).toContain('athena:StartQueryExecution');
      expect(harness.server.calls('StartQueryExecution')).toHaveLength(1);
    });

    test('a query FAILED for lack of S3 or Glue permissions is reported as access denied', async () => {
      harness.athena.whenQuery(/request_200/, {
        state: 'FAILED',
        reason:
          'Access denied when writing output to url: s3://icelog-results/smoke/q.csv. Please ensure you are allowed to access the S3 bucket.',
      });
      const error = (await runner.run(spec(), { deadline: deadline() }).catch((e: unknown) => e)) as AwsError;
      expect(error.kind).toBe('ACCESS_DENIED');
      expect(error.message).toContain('FAILED: access denied: Access denied when writing output to url');
    });

    test('an unknown workgroup (InvalidRequestException) is not retried', async () => {
      const other = new AthenaQueryRunner({
        client: harness.athenaClient(),
        workgroup: 'nope',
        runId: 'r',
        clock: harness.clock,
      });
      const error = (await other.run(spec(), { deadline: deadline() }).catch((e: unknown) => e)) as AwsError;
      expect(error.kind).toBe('API');
      expect(error.message).toBe(
        'Athena StartQueryExecution for "icelog_dev"."request_200" failed: InvalidRequestException: WorkGroup nope is not found.',
      );
      expect(harness.server.calls('StartQueryExecution')).toHaveLength(1);
    });
  });

  describe('deadline and interruption', () => {
    test('a query still RUNNING at the deadline is stopped with StopQueryExecution', async () => {
      harness.athena.whenQuery(/request_200/, { never: true });
      const start = harness.clock.now();
      const error = (await runner
        .run(spec(), { deadline: start + 30_000, onEvent })
        .catch((e: unknown) => e)) as AwsError;
      expect(error.kind).toBe('TIMEOUT');
      expect(error.message).toBe(
        `Query ${harness.athena.queries[0].id} on "icelog_dev"."request_200" was still RUNNING at the deadline; it was stopped (StopQueryExecution)`,
      );
      expect(harness.server.calls('StopQueryExecution').map((call) => call.input)).toEqual([
        { QueryExecutionId: harness.athena.queries[0].id },
      ]);
      expect(harness.clock.now() - start).toBeGreaterThanOrEqual(30_000);
      expect(events.at(-1)).toEqual(expect.objectContaining({ type: 'state', state: 'STOPPED' }));
    });

    test('aborting stops the running query and rejects with InterruptedError', async () => {
      harness.athena.whenQuery(/request_200/, { never: true });
      const controller = new AbortController();
      const running = runner.run(spec(), { deadline: deadline(), signal: controller.signal });
      while (harness.server.calls('GetQueryExecution').length < 2) await new Promise((r) => setTimeout(r, 2));
      controller.abort(new Error('SIGINT'));
      await expect(running).rejects.toBeInstanceOf(InterruptedError);
      expect(harness.server.calls('StopQueryExecution')).toHaveLength(1);
    });
  });

  test('rejects a page size outside 1–1000 and a malformed output location', () => {
    const client = harness.athenaClient();
    expect(() => new AthenaQueryRunner({ client, workgroup: 'w', runId: 'r', pageSize: 0 })).toThrow(
      'Invalid pageSize: must be an integer from 1 to 1000. Received: 0',
    );
    expect(
      () => new AthenaQueryRunner({ client, workgroup: 'w', runId: 'r', outputLocation: 'bucket/x' }),
    ).toThrow('Invalid outputLocation: must be an s3://bucket/prefix/ URI. Received: "bucket/x"');
    expect(() => new AthenaQueryRunner({ client, workgroup: 'w', runId: '' })).toThrow(
      'Invalid runId: must not be empty. Received: ""',
    );
  });
});

test('VirtualClock advances once for overlapping sleeps and not at all for real waiting', async () => {
  const clock = new VirtualClock(100);
  await Promise.all([clock.sleep(5000), clock.sleep(5000), clock.sleep(1000)]);
  expect(clock.now()).toBe(T0 + 5000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(clock.now()).toBe(T0 + 5000);
  await clock.sleep(250);
  expect(clock.now()).toBe(T0 + 5250);
});
