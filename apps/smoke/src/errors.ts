/**
 * Exit codes of `icelog-smoke`. They are part of the CLI contract: CI jobs branch on them.
 */
export const ExitCode = {
  /** Every expectation holds. */
  Ok: 0,
  /** The checks ran and an expectation does not hold (too few rows, a marker missing, a table missing). */
  ExpectationFailed: 1,
  /** Usage or configuration error: bad flags, settings missing or invalid, unreadable files. */
  Usage: 2,
  /** AWS error: access denied, throttled beyond the retries, a query FAILED/CANCELLED or timed out. */
  Aws: 3,
  /** Interrupted (SIGINT); running queries were stopped. */
  Interrupted: 130,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that ends the command with a given exit code and a message meant for the user. */
export class SmokeError extends Error {
  constructor(
    message: string,
    public readonly exitCode: ExitCodeValue,
    public readonly hint?: string,
  ) {
    super(message);
    this.name = 'SmokeError';
  }
}

/** Bad flags, missing or invalid settings: exit code 2. */
export class UsageError extends SmokeError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
    this.name = 'UsageError';
  }
}

/** What went wrong on the AWS side, used to pick a message and an exit code. */
export type AwsErrorKind =
  | 'ACCESS_DENIED'
  | 'CREDENTIALS'
  | 'THROTTLED'
  | 'TABLE_NOT_FOUND'
  | 'SCHEMA_NOT_FOUND'
  | 'FAILED'
  | 'CANCELLED'
  | 'TIMEOUT'
  | 'API';

/**
 * An AWS call or an Athena query that did not succeed. `TABLE_NOT_FOUND` and `SCHEMA_NOT_FOUND` mean
 * the deployment lacks what the stack declares (exit code 1); every other kind is exit code 3.
 */
export class AwsError extends SmokeError {
  /** The Athena query execution id, when the error belongs to a query. */
  public readonly queryId?: string;
  /** Athena's `StateChangeReason` (or the service's error message), verbatim. */
  public readonly reason?: string;

  constructor(
    public readonly kind: AwsErrorKind,
    message: string,
    options: { hint?: string; queryId?: string; reason?: string; cause?: unknown } = {},
  ) {
    super(
      message,
      kind === 'TABLE_NOT_FOUND' || kind === 'SCHEMA_NOT_FOUND' ? ExitCode.ExpectationFailed : ExitCode.Aws,
      options.hint,
    );
    this.name = 'AwsError';
    this.queryId = options.queryId;
    this.reason = options.reason;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** Thrown when the run is interrupted (SIGINT / abort signal). */
export class InterruptedError extends SmokeError {
  constructor() {
    super('Interrupted; running queries were stopped', ExitCode.Interrupted);
    this.name = 'InterruptedError';
  }
}
