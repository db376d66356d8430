import { isRetryable, toAwsError } from './aws-errors';
import { type BackoffOptions, retryWithBackoff } from './backoff';
import type { Clock } from './clock';
import { abortError } from './run-control';

/** How {@link awsCall} retries and when it gives up. */
export interface AwsCallOptions {
  readonly clock: Clock;
  readonly random: () => number;
  /** Epoch milliseconds after which no new try starts. */
  readonly deadline: number;
  /**
   * Aborts the call in flight and the waits; the error then comes from {@link abortError}
   * (a `TIMEOUT` at the deadline, the halting error, or Ctrl-C).
   */
  readonly signal?: AbortSignal;
  /**
   * Backoff and attempts for throttling, 5xx and network errors.
   * @default { baseMs: 500, capMs: 10000, maxAttempts: 6 }
   */
  readonly retry?: BackoffOptions & { readonly maxAttempts: number };
  /** Told before each wait (progress output). */
  readonly onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
  /**
   * Which errors are worth another try.
   * @default - throttling, 5xx and network errors (`isRetryable`)
   */
  readonly isRetryable?: (error: unknown) => boolean;
}

/**
 * One AWS API call, bounded: retried with full-jitter backoff on throttling, 5xx and network errors,
 * never past the deadline, cut off when `signal` aborts, and failing with an error that names the
 * operation and says what to do.
 * @param operation e.g. `S3 ListObjectsV2` (for messages)
 */
export async function awsCall<T>(
  operation: string,
  send: (abortSignal?: AbortSignal) => Promise<T>,
  options: AwsCallOptions,
): Promise<T> {
  let attempts = 0;
  const retry = options.retry ?? { baseMs: 500, capMs: 10_000, maxAttempts: 6 };
  try {
    return await retryWithBackoff(
      () => {
        attempts++;
        return send(options.signal);
      },
      {
        ...retry,
        deadline: options.deadline,
        clock: options.clock,
        random: options.random,
        isRetryable: options.isRetryable ?? isRetryable,
        signal: options.signal,
        onRetry: options.onRetry,
      },
    );
  } catch (error) {
    if (options.signal?.aborted) throw abortError(options.signal, operation);
    throw toAwsError(error, operation, attempts);
  }
}
