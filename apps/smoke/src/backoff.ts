import type { Clock } from './clock';

/** Exponential backoff with full jitter: the n-th wait is uniform in `[0, min(capMs, baseMs·2ⁿ))`. */
export interface BackoffOptions {
  /**
   * Upper bound of the first wait, in milliseconds.
   */
  readonly baseMs: number;
  /**
   * Largest upper bound any wait can have, in milliseconds.
   */
  readonly capMs: number;
}

/**
 * The wait before retry/poll number `attempt` (0-based) with "full jitter" (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"): spreading waits over the whole interval keeps many clients from
 * retrying in lock-step against the same Athena quota.
 * @param random a source of uniform numbers in [0, 1)
 */
export function fullJitterDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** Settings for {@link retryWithBackoff}. */
export interface RetryOptions extends BackoffOptions {
  /** Total tries including the first. */
  readonly maxAttempts: number;
  /** Epoch milliseconds after which no new try starts. */
  readonly deadline: number;
  readonly clock: Clock;
  readonly random: () => number;
  /** True when the error is worth another try (throttling, 5xx, network). */
  readonly isRetryable: (error: unknown) => boolean;
  readonly signal?: AbortSignal;
  /** Told before each wait; for progress output. */
  readonly onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
}

/**
 * Runs `call` until it succeeds, the error is not retryable, the attempts are used up, or the next
 * wait would end past the deadline; then rethrows the last error.
 */
export async function retryWithBackoff<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (!options.isRetryable(error) || attempt + 1 >= options.maxAttempts) throw error;
      const wait = fullJitterDelay(attempt, options, options.random);
      if (options.clock.now() + wait >= options.deadline) throw error;
      options.onRetry?.(error, attempt + 1, wait);
      await options.clock.sleep(wait, options.signal);
    }
  }
}
