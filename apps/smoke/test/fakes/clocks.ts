import { type Clock, abortableDelay } from '../../src/clock';

/** 2025-01-31T08:00:00Z, the start of every test clock. */
export const T0 = Date.UTC(2025, 0, 31, 8, 0, 0);

/**
 * Virtual time that moves only when someone sleeps: `sleep(ms)` waits `ms / factor` of real time and
 * then sets the clock to at least (time when the sleep began + ms). Overlapping sleeps advance the
 * clock once, as they would in real time, and time spent on real I/O (HTTP to the fakes) costs no
 * virtual time, so measured lags depend only on the scenario, not on the machine's speed. The fake
 * servers read the same clock.
 */
export class VirtualClock implements Clock {
  private time: number;

  constructor(
    readonly factor = 100,
    start = T0,
  ) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const wakeAt = this.time + Math.max(0, ms);
    await abortableDelay(ms / this.factor, signal);
    this.time = Math.max(this.time, wakeAt);
  }
}

/** A clock that jumps forward on every sleep without waiting; records every sleep. For unit tests. */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public time = T0) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
  }
}
