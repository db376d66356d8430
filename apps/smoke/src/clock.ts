/**
 * Time as the smoke checks see it. Every wait and every timestamp goes through a `Clock`, so that
 * tests can run minutes of polling in milliseconds and lag measurements use one consistent clock.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds, or rejects with the signal's reason as soon as `signal` aborts.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * A deadline timer: resolves once the clock reads at least now + `ms`, rejects when `signal`
   * aborts. Unlike {@link sleep} it is a bystander: it does not move time itself (test clocks that
   * move only on sleeps fire it when the sleepers get there).
   * @default - `sleep`
   */
  timer?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Waits on `clock`'s deadline timer (its `sleep` when it has none). */
export function clockTimer(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return clock.timer ? clock.timer(ms, signal) : clock.sleep(ms, signal);
}

/** The real wall clock and real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => abortableDelay(ms, signal),
};

/**
 * A `setTimeout` that rejects when `signal` aborts; shared by {@link systemClock} and test clocks.
 */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
