import { formatSeconds, renderTable } from '../src/format';
import { Progress } from '../src/progress';
import { ManualClock } from './fakes/clocks';
import { RecordingSink } from './harness';

describe('Progress', () => {
  test('on a terminal it rewrites one line with the elapsed time, and clears it when done', () => {
    const clock = new ManualClock();
    const sink = new RecordingSink(true);
    const progress = new Progress({ sink, clock, tickMs: 0 });
    progress.status('check: 0/2 tables done');
    clock.time += 3000;
    progress.status('check: 0/2 tables done; request_200 RUNNING');
    progress.note('request_200: GetQueryExecution ThrottlingException, retry 1 in 0.3s');
    progress.done();
    expect(sink.text).toBe(
      '\r\u001b[2K[0s] check: 0/2 tables done' +
        '\r\u001b[2K[3s] check: 0/2 tables done; request_200 RUNNING' +
        '\r\u001b[2K[3s] request_200: GetQueryExecution ThrottlingException, retry 1 in 0.3s\n' +
        '\r\u001b[2K[3s] check: 0/2 tables done; request_200 RUNNING' +
        '\r\u001b[2K',
    );
  });

  test('elsewhere it prints a plain line per state change, and a heartbeat while nothing changes', () => {
    const clock = new ManualClock();
    const sink = new RecordingSink(false);
    const progress = new Progress({ sink, clock, heartbeatMs: 10_000 });
    progress.status('e2e: round 1, 0/2 markers visible');
    clock.time += 4000;
    progress.status('e2e: round 1, 0/2 markers visible');
    clock.time += 7000;
    progress.status('e2e: round 1, 0/2 markers visible');
    progress.status('e2e: round 2, 1/2 markers visible');
    progress.done();
    expect(sink.text.split('\n')).toEqual([
      '[0s] e2e: round 1, 0/2 markers visible',
      '[11s] e2e: round 1, 0/2 markers visible',
      '[11s] e2e: round 2, 1/2 markers visible',
      '',
    ]);
    expect(sink.text).not.toContain('\r');
  });

  test('with a key, plain output gets a line per step, not per query state; a terminal still shows every state', () => {
    const clock = new ManualClock();
    const plain = new RecordingSink(false);
    const tty = new RecordingSink(true);
    for (const sink of [plain, tty]) {
      const progress = new Progress({ sink, clock, tickMs: 0 });
      progress.status('check: 0/2 tables done; request_200 QUEUED', 'check: 0/2 tables done');
      progress.status('check: 0/2 tables done; request_200 RUNNING', 'check: 0/2 tables done');
      progress.status('check: 1/2 tables done; request_404 RUNNING', 'check: 1/2 tables done');
      progress.done();
    }
    expect(plain.text).toBe(
      '[0s] check: 0/2 tables done; request_200 QUEUED\n[0s] check: 1/2 tables done; request_404 RUNNING\n',
    );
    expect(tty.text).toContain('request_200 RUNNING');
  });

  test('--quiet prints nothing', () => {
    const sink = new RecordingSink(true);
    const progress = new Progress({ sink, clock: new ManualClock(), quiet: true });
    progress.status('x');
    progress.note('y');
    progress.done();
    expect(sink.text).toBe('');
  });

  test('the terminal ticker redraws the line so the elapsed time moves during quiet waits', async () => {
    const clock = new ManualClock();
    const sink = new RecordingSink(true);
    const progress = new Progress({ sink, clock, tickMs: 5 });
    progress.status('waiting');
    clock.time += 2000;
    await new Promise((r) => setTimeout(r, 30));
    progress.done();
    expect(sink.text).toContain('[2s] waiting');
  });
});

test('renderTable aligns columns and formatSeconds shows one decimal', () => {
  expect(
    renderTable(
      ['A', 'NUM'],
      [
        ['x', '5'],
        ['longer', '12'],
      ],
      ['left', 'right'],
    ),
  ).toBe('A       NUM\nx         5\nlonger   12\n');
  expect(formatSeconds(3)).toBe('3.0');
  expect(formatSeconds(undefined)).toBe('-');
});
