import { type Clock, clockTimer } from './clock';
import { AwsError, InterruptedError, SmokeError } from './errors';

/** The abort reason used when the command's deadline passes. */
export class DeadlineReached extends Error {
  constructor(public readonly deadline: number) {
    super(`the deadline passed (${new Date(deadline).toISOString()})`);
    this.name = 'DeadlineReached';
  }
}

/** Settings of {@link RunControl}. */
export interface RunControlProps {
  readonly clock: Clock;
  /** Milliseconds from now until the deadline. */
  readonly timeoutMs: number;
  /** Ctrl-C: aborting it interrupts the run (exit code 130). */
  readonly signal?: AbortSignal;
}

/**
 * One command's deadline, interruption and halt switch, as a single abort signal that every AWS call,
 * every wait and every worker loop of the command listens to:
 * - at the deadline the signal aborts with {@link DeadlineReached}, so a call that never answers is
 *   cut off there (and no new query starts);
 * - Ctrl-C aborts it with the user's reason (exit code 130);
 * - {@link halt} aborts it with an error (throttling beyond the retries): the work in flight stops
 *   and no new work starts.
 */
export class RunControl {
  private readonly controller = new AbortController();
  private timer = new AbortController();
  private deadlineAt = Number.POSITIVE_INFINITY;
  /** Aborts at the deadline, on Ctrl-C or on {@link halt}. */
  readonly signal: AbortSignal;

  constructor(private readonly props: RunControlProps) {
    this.signal = props.signal
      ? AbortSignal.any([props.signal, this.controller.signal])
      : this.controller.signal;
    this.armDeadline(props.clock.now() + props.timeoutMs);
  }

  /** Epoch milliseconds of the deadline. */
  get deadline(): number {
    return this.deadlineAt;
  }

  /** Moves the deadline (e2e counts it from when the requests were sent). */
  armDeadline(at: number): void {
    this.timer.abort();
    const timer = new AbortController();
    this.timer = timer;
    this.deadlineAt = at;
    clockTimer(this.props.clock, Math.max(0, at - this.props.clock.now()), timer.signal).then(
      () => this.abort(new DeadlineReached(at)),
      () => undefined,
    );
  }

  /** True when nothing new may start: the deadline passed, Ctrl-C, or a halt. */
  stopped(): boolean {
    return this.signal.aborted || this.props.clock.now() >= this.deadlineAt;
  }

  /** Stops the run because of `error` (e.g. throttling beyond the retries); the first halt wins. */
  halt(error: SmokeError): void {
    this.abort(error);
  }

  /** A signal for one unit of work (a query): aborts with the run, without adding listeners to it. */
  child(): AbortSignal {
    return AbortSignal.any([this.signal]);
  }

  /** Cancels the deadline timer; call when the command ends. */
  dispose(): void {
    this.timer.abort();
  }

  private abort(reason: unknown): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }
}

/**
 * The error a piece of work reports when `signal` aborted it: the halting error, a `TIMEOUT`
 * {@link AwsError} at the deadline, or {@link InterruptedError} for Ctrl-C.
 * @param what what was cut off, for the message (e.g. `Athena GetQueryExecution for "db"."t"`)
 */
export function abortError(signal: AbortSignal | undefined, what: string): SmokeError {
  const reason: unknown = signal?.reason;
  if (reason instanceof DeadlineReached) {
    return new AwsError('TIMEOUT', `${what} was still running at the deadline; it was cut off`, {
      hint: 'Raise --timeout, or check that the AWS endpoint answers (a call that never answers stops at the deadline).',
    });
  }
  if (reason instanceof SmokeError && !(reason instanceof InterruptedError)) return reason;
  return new InterruptedError();
}

/**
 * An abort signal that fires after `ms` on `clock` (virtual time in tests), e.g. to bound a clean-up
 * call on the way out. `dispose` cancels the timer.
 */
export function clockTimeout(clock: Clock, ms: number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = new AbortController();
  clockTimer(clock, ms, timer.signal).then(
    () => controller.abort(new DeadlineReached(clock.now())),
    () => undefined,
  );
  return { signal: controller.signal, dispose: () => timer.abort() };
}

/**
 * The error for work that was never started because the run stopped: the halting error's kind with
 * "not started", or a `TIMEOUT` when the deadline passed.
 */
export function notStartedError(signal: AbortSignal | undefined, what: string): AwsError {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  if (reason instanceof AwsError && !(reason instanceof InterruptedError)) {
    return new AwsError(reason.kind, `${what} was not started: ${reason.message}`, { hint: reason.hint });
  }
  return new AwsError('TIMEOUT', `${what} was not started: the deadline had passed`, {
    hint: 'Raise --timeout, or lower the number of tables per run.',
  });
}

/**
 * Stops the run when `error` is throttling beyond the retries: more queries would only be throttled
 * too (Athena's quota is shared by the account), so none starts and those in flight stop.
 */
export function haltOnThrottling(control: RunControl | undefined, error: unknown): void {
  if (control && error instanceof AwsError && error.kind === 'THROTTLED') {
    control.halt(
      new AwsError('THROTTLED', `Stopped because throttling outlasted the retries (${error.message})`, {
        hint: error.hint,
      }),
    );
  }
}
