import { rmSync } from 'node:fs';
import { systemClock } from '../src/clock';
import { runCli } from '../src/cli';
import { FAKE_CREDENTIALS, Harness, RecordingSink, devStack, makeWorkspace } from './harness';

const DB = 'icelog_dev';
const STATUSES = Array.from({ length: 20 }, (_, i) => 200 + i);

/**
 * Every deadline holds against a fake Athena that misbehaves: a call that never answers, queries
 * that outlast --timeout, and throttling that outlasts the retries. Timings printed by these tests
 * (`[timing] …`) are the figures quoted in the README.
 */
describe('deadlines', () => {
  let harness: Harness;
  let root: string;

  beforeEach(async () => {
    harness = await Harness.start({ defaultRunMs: 1000 });
    harness.athena.addWorkgroup('icelog_dev');
    for (const status of STATUSES) harness.athena.addTable(DB, `request_${status}`, []);
    root = makeWorkspace('dev', devStack({ routed_statuses: STATUSES.slice(0, 3) }));
  });

  afterEach(async () => {
    await harness.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const check = (...args: string[]) => harness.run(['check', '--app', 'dev', ...args], { cwd: root });

  test.each(['StartQueryExecution', 'GetQueryExecution', 'GetQueryResults'])(
    'a %s that never answers is cut off at --timeout (real clock): exit 3',
    async (operation) => {
      harness.server.inject(operation, 'hang');
      harness.server.inject('StopQueryExecution', 'hang');
      const started = Date.now();
      const { code, stdout, stderr } = await harness.run(
        ['check', '--app', 'dev', '--timeout', '2s', '--statuses', '200'],
        { cwd: root, clock: systemClock },
      );
      const elapsed = Date.now() - started;
      console.log(`[timing] ${operation} hangs, --timeout 2s: exit ${code} after ${elapsed} ms`);
      expect(code).toBe(3);
      // The deadline, plus at most the bounded StopQueryExecution on the way out (5 s), never more.
      expect(elapsed).toBeGreaterThanOrEqual(2000);
      expect(elapsed).toBeLessThan(operation === 'StartQueryExecution' ? 3500 : 8500);
      expect(stdout).toMatch(/request_200: .*(was still (running|RUNNING|QUEUED) at the deadline)/);
      expect(stderr).not.toContain('MaxListenersExceededWarning');
    },
    20_000,
  );

  test('no query starts after the deadline: the tables not reached are reported "not started"', async () => {
    harness.athena.whenQuery(/request_/, { runMs: 10_000 });
    const { code, stdout } = await check('--statuses', STATUSES.join(','), '--timeout', '3s', '--json');
    expect(code).toBe(3);
    const report = JSON.parse(stdout) as {
      tables: { table: string; error?: { kind: string; message: string } }[];
    };
    // The first wave (--concurrency 3) started; the other 17 never did.
    expect(harness.server.calls('StartQueryExecution')).toHaveLength(3);
    const notStarted = report.tables.filter((t) => t.error?.message.includes('was not started'));
    expect(notStarted).toHaveLength(17);
    expect(notStarted[0].error).toEqual(
      expect.objectContaining({
        kind: 'TIMEOUT',
        message: 'Query on "icelog_dev"."request_203" was not started: the deadline had passed',
      }),
    );
    // The three that ran were stopped on the way out.
    expect(harness.server.calls('StopQueryExecution')).toHaveLength(3);
  });

  test('throttling that outlasts the retries stops the run: exit 3, no new query started', async () => {
    harness.server.inject('StartQueryExecution', 'throttle');
    const start = harness.clock.now();
    const { code, stdout } = await check('--statuses', STATUSES.join(','), '--json');
    const virtualSeconds = (harness.clock.now() - start) / 1000;
    const calls = harness.server.calls('StartQueryExecution').length;
    console.log(
      `[timing] throttled forever, defaults: exit ${code} after ${virtualSeconds} s, ${calls} calls`,
    );
    expect(code).toBe(3);
    // At most the first wave's 8 tries each (before: 160 calls over 191 s).
    expect(calls).toBeLessThanOrEqual(24);
    expect(virtualSeconds).toBeLessThan(40);
    const report = JSON.parse(stdout) as { tables: { error?: { kind: string; message: string } }[] };
    expect(report.tables.every((t) => t.error?.kind === 'THROTTLED')).toBe(true);
    expect(report.tables.filter((t) => t.error?.message.includes('was not started'))).toHaveLength(17);
    expect(report.tables[0].error?.message).toContain('was throttled after 8 tries: ThrottlingException');
  });

  test('on a non-TTY stderr a status line appears at least every 30 s while queries run', async () => {
    harness.athena.whenQuery(/request_200/, { runMs: 150_000 });
    const { code, stderr } = await harness.run(
      ['check', '--app', 'dev', '--statuses', '200', '--min-rows', '0'],
      {
        cwd: root,
        progressTickMs: 2,
      },
    );
    expect(code).toBe(0);
    const stamps = [...stderr.matchAll(/^\[(?:(\d+)m)?(\d+)s\] /gm)].map(
      (m) => Number(m[1] ?? 0) * 60 + Number(m[2]),
    );
    expect(stamps.length).toBeGreaterThanOrEqual(5);
    const gaps = stamps.slice(1).map((stamp, i) => stamp - stamps[i]);
    // The virtual clock moves in polling steps of at most 2 s, so a heartbeat lands within 32 s.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(32);
    expect(stamps.at(-1)).toBeGreaterThanOrEqual(150);
  });

  test('--concurrency 20 adds no more than 10 listeners to any signal (no MaxListenersExceededWarning)', async () => {
    harness.athena.whenQuery(/request_/, { runMs: 5_000 });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { code } = await harness.run(
        ['check', '--app', 'dev', '--statuses', STATUSES.join(','), '--concurrency', '20', '--min-rows', '0'],
        { cwd: root, signal: new AbortController().signal },
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(code).toBe(0);
      expect(harness.server.calls('StartQueryExecution')).toHaveLength(20);
      expect(harness.athena.maxConcurrent).toBeGreaterThan(10);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  test('the real client factory fails a request after --request-timeout and retries it (real clock)', async () => {
    harness.server.inject('StartQueryExecution', 'hang');
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: harness.endpoint,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    });
    try {
      const stdout = new RecordingSink();
      const stderr = new RecordingSink();
      const started = Date.now();
      const code = await runCli(
        ['check', '--app', 'dev', '--statuses', '200', '--request-timeout', '1s', '--timeout', '4s'],
        { stdout, stderr, cwd: root, random: () => 0.1 },
      );
      const elapsed = Date.now() - started;
      const calls = harness.server.calls('StartQueryExecution');
      console.log(
        `[timing] --request-timeout 1s, --timeout 4s, Start hangs: exit ${code} after ${elapsed} ms, ${calls.length} tries`,
      );
      expect(code).toBe(3);
      expect(elapsed).toBeLessThan(5500);
      // Each try was cut off after about 1 s and retried with the same token.
      expect(calls.length).toBeGreaterThanOrEqual(3);
      expect(new Set(calls.map((c) => c.input.ClientRequestToken)).size).toBe(1);
      expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(900);
      expect(stderr.text).toContain('StartQueryExecution TimeoutError, retry 1');
    } finally {
      process.env = saved;
    }
  }, 20_000);
});
