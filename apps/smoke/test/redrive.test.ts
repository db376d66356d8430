import { rmSync } from 'node:fs';
import { T0 } from './fakes/clocks';
import { FakeS3 } from './fakes/fake-s3';
import { FakeStream } from './fakes/fake-firehose';
import { Harness, makeWorkspace } from './harness';
import { BUCKET, STREAM, access, errorRecord, failedOutputStack, lines } from './failed-output-fixtures';

interface RedriveJson {
  exitCode: number;
  sent: number;
  sentByTable: Record<string, number>;
  objects: { read: number; completed: number };
  skipped: Record<string, number>;
  left: { failed: number; failedByCode: Record<string, number>; notReached: number };
  stoppedBy?: { kind: string; message: string };
}

/** `n` error records of distinct access records (`/r/<object>/<i>`), status 404 unless given. */
const records = (object: string, n: number, status = 404) =>
  Array.from({ length: n }, (_, i) => errorRecord(access(status, `/r/${object}/${i}`)));

describe('icelog-smoke redrive', () => {
  let harness: Harness;
  let s3: FakeS3;
  let firehose: FakeStream;
  let kinesis: FakeStream;
  let root: string;

  beforeEach(async () => {
    s3 = new FakeS3(BUCKET, () => T0);
    firehose = new FakeStream('firehose', STREAM);
    kinesis = new FakeStream('kinesis', 'icelog-dev-source');
    harness = await Harness.start({ services: [s3, firehose, kinesis] });
    root = makeWorkspace('dev', failedOutputStack());
  });

  afterEach(async () => {
    await harness.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const redrive = async (...args: string[]) => {
    const result = await harness.run(['redrive', '--app', 'dev', '--json', ...args], { cwd: root });
    return { ...result, report: JSON.parse(result.stdout) as RedriveJson };
  };
  const paths = () => firehose.accepted.map((r) => (JSON.parse(r.data) as { request: string }).request);

  test('--dry-run counts what would be sent and writes nothing', async () => {
    s3.put('errors/a', lines([...records('a', 3), ...records('b', 2, 503)]), T0 - 60_000);
    const { code, report } = await redrive('--dry-run');
    expect(code).toBe(0);
    expect(report.sent).toBe(5);
    expect(report.sentByTable).toEqual({ request_404: 3, request_other: 2 });
    expect(harness.server.calls('PutRecordBatch')).toHaveLength(0);
    expect(s3.writes).toEqual([]);
  });

  test('sends every record once, moves each finished object under redrive/done/ and drops its progress', async () => {
    s3.put('errors/a', lines(records('a', 3), true), T0 - 60_000);
    s3.put('errors/b', lines(records('b', 2)), T0 - 30_000);
    const { code, report, stdout } = await redrive();
    expect(code).toBe(0);
    expect(report).toMatchObject({
      sent: 5,
      objects: { read: 2, completed: 2 },
      left: { failed: 0, notReached: 0 },
    });
    expect(paths()).toEqual(['a/0', 'a/1', 'a/2', 'b/0', 'b/1'].map((p) => `GET /r/${p} HTTP/1.1`));
    expect([...s3.objects.keys()].sort()).toEqual(['redrive/done/errors/a', 'redrive/done/errors/b']);
    expect(s3.writes.filter((k) => k.startsWith('redrive/progress/'))).toContain(
      'redrive/progress/errors/a.json',
    );
    expect(stdout).toContain('"command": "redrive"');
  });

  test('--error-code and --table select records; the rest stay, with progress kept', async () => {
    s3.put(
      'errors/a',
      lines([
        ...records('a', 2),
        errorRecord(access(500, '/x'), { code: 'Iceberg.AccessDenied' }),
        ...records('c', 1, 200),
      ]),
      T0 - 60_000,
    );
    const { code, report } = await redrive('--error-code', 'Iceberg.NoSuchTable', '--table', 'request_404');
    expect(code).toBe(0);
    expect(report.sent).toBe(2);
    expect(report.skipped.filteredOut).toBe(2);
    expect(s3.objects.has('errors/a')).toBe(true);
    expect(JSON.parse(s3.text('redrive/progress/errors/a.json')!)).toMatchObject({
      sent: [0, 1],
      inflight: [],
    });
    // A second run for the rest sends only the rest.
    const second = await redrive();
    expect(second.report).toMatchObject({ sent: 2, skipped: { alreadySent: 2 }, objects: { completed: 1 } });
    expect(new Set(paths()).size).toBe(4);
  });

  test('records the stream rejects (FailedPutCount) are retried with backoff, and only those', async () => {
    s3.put('errors/a', lines(records('a', 10)), T0 - 60_000);
    firehose.rejectNext(3);
    const { code, report } = await redrive();
    expect(code).toBe(0);
    expect(report.sent).toBe(10);
    expect(firehose.batches).toEqual([10, 3]);
    expect(new Set(paths()).size).toBe(10);
  });

  test('records rejected on every try are left: exit 1, named by error code', async () => {
    s3.put('errors/a', lines(records('a', 4)), T0 - 60_000);
    firehose.rejectAlways(/\/r\/a\/[13] /);
    const { code, report } = await redrive();
    expect(code).toBe(1);
    expect(report.sent).toBe(2);
    expect(report.left).toEqual({
      failed: 2,
      failedByCode: { ServiceUnavailableException: 2 },
      notReached: 0,
    });
    expect(s3.objects.has('errors/a')).toBe(true);
  });

  test('batches respect PutRecordBatch limits: 500 records, 4 MiB, 1,000 KiB a record', async () => {
    s3.put('errors/many', lines(records('m', 1200)), T0 - 60_000);
    const big = (i: number) => errorRecord({ ...access(404, `/big/${i}`), pad: 'x'.repeat(600 * 1024) });
    s3.put(
      'errors/big',
      lines([...Array.from({ length: 10 }, (_, i) => big(i)), errorRecord({ pad: 'y'.repeat(1100 * 1024) })]),
      T0 - 30_000,
    );
    const { report } = await redrive();
    expect(report.sent).toBe(1210);
    expect(report.skipped.tooLarge).toBe(1);
    expect(firehose.batches).toEqual([500, 500, 200, 6, 4]);
    expect(s3.objects.has('errors/big')).toBe(true); // the too-large record keeps it there
  });

  test('killed half-way (a put that never answers) and resumed: no record is sent twice', async () => {
    s3.put('errors/a', lines(records('a', 700)), T0 - 60_000);
    s3.put('errors/b', lines(records('b', 300)), T0 - 30_000);
    firehose.acceptThenHang(2); // the second put is taken by the stream, its answer never comes
    const first = await redrive('--timeout', '120s');
    expect(first.code).toBe(3);
    expect(first.report.stoppedBy).toMatchObject({ kind: 'TIMEOUT' });
    expect(first.report.stoppedBy!.message).toContain('may have been taken, so they are not sent again');
    expect(JSON.parse(s3.text('redrive/progress/errors/a.json')!)).toMatchObject({
      inflight: Array.from({ length: 200 }, (_, i) => 500 + i),
    });

    const second = await redrive();
    expect(second.code).toBe(1); // the 200 uncertain records are reported, not resent
    expect(second.report).toMatchObject({ sent: 300, skipped: { alreadySent: 500, uncertain: 200 } });
    const all = paths();
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
  });

  test('Ctrl-C during a put: exit 130, and the next run resumes where it stopped', async () => {
    s3.put('errors/a', lines(records('a', 600)), T0 - 60_000);
    firehose.acceptThenHang(2);
    const controller = new AbortController();
    const watcher = setInterval(() => {
      if (firehose.batches.length === 2) controller.abort(new Error('SIGINT'));
    }, 5);
    const first = await harness.run(['redrive', '--app', 'dev'], { cwd: root, signal: controller.signal });
    clearInterval(watcher);
    expect(first.code).toBe(130);
    expect(first.stdout).toContain('Stopped early (INTERRUPTED)');
    const second = await redrive();
    expect(second.report).toMatchObject({ sent: 0, skipped: { alreadySent: 500, uncertain: 100 } });
    expect(new Set(paths()).size).toBe(600);
  });

  test('a whole put throttled beyond the retries sent nothing for sure: exit 3, and the next run sends it', async () => {
    s3.put('errors/a', lines(records('a', 5)), T0 - 60_000);
    harness.server.inject('PutRecordBatch', 'throttle', 6);
    const first = await redrive();
    expect(first.code).toBe(3);
    expect(first.report.stoppedBy).toMatchObject({ kind: 'THROTTLED' });
    expect(JSON.parse(s3.text('redrive/progress/errors/a.json')!)).toMatchObject({ sent: [], inflight: [] });
    const second = await redrive();
    expect(second.code).toBe(0);
    expect(second.report.sent).toBe(5);
  });

  test('--limit and --rate bound a run', async () => {
    s3.put('errors/a', lines(records('a', 50)), T0 - 60_000);
    const start = harness.clock.now();
    const { report } = await redrive('--limit', '30', '--rate', '10');
    expect(report.sent).toBe(30);
    expect(firehose.batches).toEqual([10, 10, 10]);
    // 30 records at 10/s: the third batch starts 2 s after the first.
    expect(harness.clock.now() - start).toBeGreaterThanOrEqual(2000);
  });

  test('with a Kinesis source the records go into the Kinesis stream (PutRecords)', async () => {
    rmSync(root, { recursive: true, force: true });
    root = makeWorkspace('dev', failedOutputStack({ kinesisSource: 'icelog-dev-source' }));
    s3.put('errors/a', lines(records('a', 3)), T0 - 60_000);
    const { code, report } = await redrive();
    expect(code).toBe(0);
    expect(report.sent).toBe(3);
    expect(harness.server.calls('PutRecordBatch')).toHaveLength(0);
    expect(kinesis.accepted).toHaveLength(3);
    expect(kinesis.accepted.every((r) => /^[0-9a-f]{32}$/.test(r.partitionKey ?? ''))).toBe(true);
  });
});
