import { fullJitterDelay, retryWithBackoff } from '../src/backoff';
import { mapWithConcurrency } from '../src/concurrency';
import { ManualClock, T0 } from './fakes/clocks';

const throttle = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
const denied = Object.assign(new Error('nope'), { name: 'AccessDeniedException' });
const isRetryable = (error: unknown) => (error as Error).name === 'ThrottlingException';

describe('fullJitterDelay', () => {
  const options = { baseMs: 100, capMs: 1000 };

  test('the ceiling doubles per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => fullJitterDelay(n, options, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
  });

  test('the wait is spread over the whole interval', () => {
    expect(fullJitterDelay(3, options, () => 0)).toBe(0);
    expect(fullJitterDelay(3, options, () => 0.5)).toBe(400);
  });
});

describe('retryWithBackoff', () => {
  const base = (clock: ManualClock, deadline = T0 + 60_000) => ({
    baseMs: 100,
    capMs: 1000,
    maxAttempts: 5,
    deadline,
    clock,
    random: () => 0.5,
    isRetryable,
  });

  test('retries retryable errors with jittered exponential waits, then returns', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const result = await retryWithBackoff(async () => {
      calls++;
      if (calls < 4) throw throttle;
      return 'ok';
    }, base(clock));
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  test('does not retry other errors', async () => {
    const clock = new ManualClock();
    let calls = 0;
    await expect(
      retryWithBackoff(async () => {
        calls++;
        throw denied;
      }, base(clock)),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('stops after maxAttempts', async () => {
    const clock = new ManualClock();
    let calls = 0;
    await expect(
      retryWithBackoff(async () => {
        calls++;
        throw throttle;
      }, base(clock)),
    ).rejects.toBe(throttle);
    expect(calls).toBe(5);
  });

  test('does not start a wait that would end past the deadline', async () => {
    const clock = new ManualClock();
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw throttle;
        },
        base(clock, T0 + 120),
      ),
    ).rejects.toBe(throttle);
    expect(clock.sleeps).toEqual([50]);
    expect(calls).toBe(2);
  });
});

describe('mapWithConcurrency', () => {
  test('keeps order and never exceeds the limit', async () => {
    let active = 0;
    let peak = 0;
    const result = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, n));
      active--;
      return n * 10;
    });
    expect(result).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  test('starts nothing new after a failure and rejects with it', async () => {
    const started: number[] = [];
    await expect(
      mapWithConcurrency([1, 2, 3, 4], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});
