import type { Clock } from './clock';

/** The outcome of one request to the endpoint. */
export interface ProbeResult {
  readonly url: string;
  /** Local clock just before the request was sent (the start of the lag measurement). */
  readonly sentAt: number;
  /** HTTP status, when a response arrived. */
  readonly httpStatus?: number;
  /** Why no response arrived (connection refused, timeout, …). */
  readonly error?: string;
}

/** Options of {@link sendProbe}. */
export interface ProbeOptions {
  readonly clock: Clock;
  /** Abort the request after this many milliseconds. */
  readonly timeoutMs: number;
  /** `fetch` implementation (global fetch in production). */
  readonly fetch: typeof fetch;
  readonly signal?: AbortSignal;
}

/**
 * Sends one GET without following redirects (a 301 must not turn into someone else's 200) and reads
 * the body to the end so that nginx logs the request as completed.
 */
export async function sendProbe(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const sentAt = options.clock.now();
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await options.fetch(url, {
      method: 'GET',
      redirect: 'manual',
      headers: { 'user-agent': 'icelog-smoke' },
      signal,
    });
    await response.arrayBuffer();
    return { url, sentAt, httpStatus: response.status };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = timeout.aborted
      ? `no response within ${options.timeoutMs} ms`
      : (cause?.code ?? cause?.message ?? (error as Error).message);
    return { url, sentAt, error: detail };
  }
}
