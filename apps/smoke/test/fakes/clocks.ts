import { type Clock, abortableDelay } from '../../src/clock';

/** 2025-01-31T08:00:00Z, the start of every test clock. */
export const T0 = Date.UTC(2025, 0, 31, 8, 0, 0);

interface PendingTimer {
  readonly at: number;
  readonly fire: () => void;
}

/** Deadline timers of a test clock: fired when time reaches them. */
class Timers {
  private pending: PendingTimer[] = [];

  add(at: number, signal: AbortSignal | undefined, now: () => number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: PendingTimer = {
        at,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.pending = this.pending.filter((candidate) => candidate !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.push(timer);
      this.fireDue(now());
    });
  }

  fireDue(now: number): void {
    const due = this.pending.filter((timer) => timer.at <= now);
    this.pending = this.pending.filter((timer) => timer.at > now);
    for (const timer of due) timer.fire();
  }
}

/**
 * Virtual time that moves only when someone sleeps: `sleep(ms)` waits `ms / factor` of real time and
 * then sets the clock to at least (time when the sleep began + ms). Overlapping sleeps advance the
 * clock once, as they would in real time, and time spent on real I/O (HTTP to the fakes) costs no
 * virtual time, so measured lags depend only on the scenario, not on the machine's speed. The fake
 * servers read the same clock.
 *
 * Deadline timers (`timer`) fire when the sleepers' time reaches them; when nobody sleeps (a call
 * that never answers), a timer moves time itself after `idleFactor` times its scaled real wait.
 */
export class VirtualClock implements Clock {
  private time: number;
  private readonly timers = new Timers();

  constructor(
    readonly factor = 100,
    start = T0,
    readonly idleFactor = 10,
  ) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const wakeAt = this.time + Math.max(0, ms);
    await abortableDelay(ms / this.factor, signal);
    this.advanceTo(wakeAt);
  }

  async timer(ms: number, signal?: AbortSignal): Promise<void> {
    const at = this.time + Math.max(0, ms);
    const idle = new AbortController();
    const onAbort = () => idle.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    abortableDelay((ms / this.factor) * this.idleFactor, idle.signal).then(
      () => this.advanceTo(at),
      () => undefined,
    );
    try {
      await this.timers.add(at, signal, () => this.time);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      idle.abort();
    }
  }

  private advanceTo(at: number): void {
    this.time = Math.max(this.time, at);
    this.timers.fireDue(this.time);
  }
}

/**
 * A clock that jumps forward on every sleep without waiting; records every sleep. Deadline timers
 * fire when the sleeps get there. For unit tests.
 */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  private readonly timers = new Timers();

  constructor(public time = T0) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
    this.timers.fireDue(this.time);
  }

  timer(ms: number, signal?: AbortSignal): Promise<void> {
    return this.timers.add(this.time + Math.max(0, ms), signal, () => this.time);
  }
}
