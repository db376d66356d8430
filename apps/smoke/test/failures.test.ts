import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { T0 } from './fakes/clocks';
import { FakeS3 } from './fakes/fake-s3';
import { Harness, makeWorkspace } from './harness';
import { BUCKET, access, errorRecord, failedOutputStack, lines } from './failed-output-fixtures';

interface FailuresJson {
  exitCode: number;
  records: number;
  objects: { read: number; gzip: number; withProblems: number };
  byErrorCode: { errorCode: string; records: number; message?: string; tables: Record<string, number> }[];
  byTable: { table: string; records: number; errorCodes: Record<string, number> }[];
  samples: {
    key: string;
    line: number;
    table?: string;
    data?: string;
    otherFields: Record<string, unknown>;
  }[];
  problems: { key: string; line?: number; message: string }[];
  routing: string;
}

describe('icelog-smoke failures', () => {
  let harness: Harness;
  let s3: FakeS3;
  let root: string;

  beforeEach(async () => {
    s3 = new FakeS3(BUCKET, () => T0, 2);
    harness = await Harness.start({ services: [s3] });
    root = makeWorkspace('dev', failedOutputStack());
  });

  afterEach(async () => {
    await harness.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const failures = (...args: string[]) => harness.run(['failures', '--app', 'dev', ...args], { cwd: root });

  test('decodes gzip and plain objects, groups by error code and by the table the stack routes to', async () => {
    s3.put(
      'errors/iceberg-failed/2025/01/31/07/a.gz',
      lines(
        [
          errorRecord(access(404, '/missing')),
          errorRecord(access(404, '/gone')),
          errorRecord(access(418), {
            extra: { sequenceNumber: '49590338271490256608559692538361571095921575989136588898' },
          }),
        ],
        true,
      ),
      T0 - 3_600_000,
    );
    s3.put(
      'errors/iceberg-failed/2025/01/31/07/b',
      lines([
        errorRecord(
          { log: 'nginx: [emerg] bind() failed', source: 'stderr' },
          { code: 'Iceberg.AccessDenied', message: 'Access denied to s3://…' },
        ),
        errorRecord('not json at all', {
          code: 'Iceberg.InvalidRecord',
          extra: {
            dataCatalogTable: { databaseName: 'icelog_dev', tableName: 'request_200' },
            futureField: 1,
          },
        }),
      ]),
      T0 - 1_800_000,
    );
    s3.put('errors/iceberg-failed/2025/01/31/07/c', 'this is {not json\n{"attemptsMade":1}\n', T0 - 600_000);
    s3.put('errors/iceberg-failed/2025/01/31/07/d', '', T0 - 500_000);
    s3.put('errors/iceberg-failed/2025/01/31/07/e.gz', Buffer.from([0x1f, 0x8b, 1, 2, 3]), T0 - 400_000);
    s3.put('redrive/progress/errors/x.json', '{}', T0);

    const { code, stdout, stderr } = await failures('--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as FailuresJson;
    expect(report.routing).toBe('stack routing query');
    expect(report.records).toBe(6);
    expect(report.objects).toEqual({ read: 5, gzip: 2, withProblems: 3 });
    expect(report.byErrorCode.map((g) => [g.errorCode, g.records, g.tables])).toEqual([
      ['Iceberg.NoSuchTable', 3, { request_404: 2, request_other: 1 }],
      ['(none)', 1, { '(no table)': 1 }],
      ['Iceberg.AccessDenied', 1, { request_unparsed: 1 }],
      ['Iceberg.InvalidRecord', 1, { request_200: 1 }],
    ]);
    expect(report.byTable[0]).toEqual({
      table: 'request_404',
      records: 2,
      errorCodes: { 'Iceberg.NoSuchTable': 2 },
    });
    const invalid = report.samples.find((s) => s.data === 'not json at all')!;
    // Not JSON: the routing cannot place it, so the table Firehose named is used; unknown fields kept.
    expect(invalid.table).toBe('request_200');
    expect(invalid.otherFields).toMatchObject({
      futureField: 1,
      dataCatalogTable: { tableName: 'request_200' },
    });
    expect(report.samples[0]).toMatchObject({
      key: 'errors/iceberg-failed/2025/01/31/07/a.gz',
      line: 1,
      table: 'request_404',
    });
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: 'errors/iceberg-failed/2025/01/31/07/c',
          line: 1,
          message: expect.stringContaining('not JSON'),
        }),
        expect.objectContaining({
          key: 'errors/iceberg-failed/2025/01/31/07/c',
          line: 2,
          message: expect.stringContaining('rawData is missing'),
        }),
        { key: 'errors/iceberg-failed/2025/01/31/07/d', message: 'empty object' },
        expect.objectContaining({
          key: 'errors/iceberg-failed/2025/01/31/07/e.gz',
          message: expect.stringContaining('not a readable gzip object'),
        }),
      ]),
    );
    // Pages of 2 objects: progress on the listing, and the redrive prefix is never read.
    expect(harness.server.calls('ListObjectsV2')).toHaveLength(3);
    expect(harness.server.calls('GetObject').map((c) => c.input.key)).not.toContain(
      'redrive/progress/errors/x.json',
    );
    expect(stderr).toContain('failures: listed 2 objects');
  });

  test('the text report names codes, tables, samples and what was skipped', async () => {
    s3.put('errors/a', lines([errorRecord(access(404, '/missing'))]), T0 - 60_000);
    s3.put('errors/b', 'garbage\n', T0 - 30_000);
    const { code, stdout } = await failures('--samples', '1');
    expect(code).toBe(1);
    expect(stdout).toContain('Error output s3://icelog-dev-warehouse/errors/');
    expect(stdout).toMatch(/Iceberg\.NoSuchTable\s+1\s+request_404 1\s+Table request_404 does not exist/);
    expect(stdout).toContain('errors/a:1  Iceberg.NoSuchTable  → request_404');
    expect(stdout).toContain('"request":"GET /missing HTTP/1.1"');
    expect(stdout).toContain('errors/b:1: not JSON');
    expect(stdout).toContain('FAIL: 1 failed record(s) in 2 object(s).');
  });

  test('--since and --until select objects by when they were written; none: exit 0', async () => {
    s3.put('errors/old', lines([errorRecord(access(404))]), T0 - 3 * 3_600_000);
    s3.put('errors/new', lines([errorRecord(access(500))]), T0 - 600_000);
    const recent = JSON.parse((await failures('--since', '1h', '--json')).stdout) as FailuresJson;
    expect(recent.byTable.map((t) => t.table)).toEqual(['request_500']);
    const older = JSON.parse((await failures('--until', '1h', '--json')).stdout) as FailuresJson;
    expect(older.byTable.map((t) => t.table)).toEqual(['request_404']);
    const none = await failures('--since', '5m');
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('OK: no failed records in the window.');
  });

  test('a GetObject reset half-way is retried', async () => {
    s3.put('errors/a', gzipSync(lines([errorRecord(access(404))])), T0);
    harness.server.inject('GetObject', 'reset', 1);
    const { code, stdout } = await failures('--json');
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as FailuresJson).records).toBe(1);
    expect(harness.server.calls('GetObject')).toHaveLength(2);
  });

  test('a ListObjectsV2 that never answers ends at --timeout: exit 3', async () => {
    harness.server.inject('ListObjectsV2', 'hang');
    const { code, stdout, stderr } = await failures('--timeout', '20s', '--json');
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, exitCode: 3, error: { kind: 'TIMEOUT' } });
    expect(stderr).toContain('S3 ListObjectsV2 was still running at the deadline');
  });

  test('S3 throttling (503 SlowDown) beyond the retries: exit 3 after 6 tries', async () => {
    harness.server.inject('ListObjectsV2', 'throttle');
    const { code, stderr } = await failures();
    expect(code).toBe(3);
    expect(stderr).toContain('error: S3 ListObjectsV2 was throttled after 6 tries: SlowDown');
    expect(harness.server.calls('ListObjectsV2')).toHaveLength(6);
  });

  test('without a bucket (known only after deploy) it is a usage error naming the output', async () => {
    rmSync(root, { recursive: true, force: true });
    root = makeWorkspace(
      'dev',
      failedOutputStack({
        overrides: { warehouse_bucket: '${aws_s3_bucket.Catalog_Warehouse_Bucket_4DAAAF21.bucket}' },
      }),
    );
    const { code, stderr } = await failures();
    expect(code).toBe(2);
    expect(stderr).toContain('Missing warehouseBucket: output "warehouse_bucket" is only known after deploy');
    expect(stderr).toContain('--bucket');
  });
});
