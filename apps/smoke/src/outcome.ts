import { AwsError, ExitCode, type ExitCodeValue } from './errors';

/** A problem attached to one table or marker in a report (and in the `--json` document). */
export interface ReportedError {
  /** `TABLE_NOT_FOUND`, `ACCESS_DENIED`, `HTTP`, … (an {@link AwsError} kind, or `HTTP`/`ERROR`). */
  readonly kind: string;
  readonly message: string;
  readonly hint?: string;
  /** Athena's StateChangeReason or the service message, verbatim. */
  readonly reason?: string;
}

/**
 * Kinds of error that mean "the deployment does not do what it should" (exit code 1) rather than
 * "AWS would not let us look" (exit code 3).
 */
export const EXPECTATION_ERROR_KINDS: ReadonlySet<string> = new Set([
  'TABLE_NOT_FOUND',
  'SCHEMA_NOT_FOUND',
  'HTTP',
]);

/** Turns a caught error into a report entry. */
export function reportError(error: unknown): ReportedError {
  if (error instanceof AwsError) {
    return { kind: error.kind, message: error.message, hint: error.hint, reason: error.reason };
  }
  return { kind: 'ERROR', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The exit code for a set of outcomes: any error outside {@link EXPECTATION_ERROR_KINDS} → 3 (the
 * result cannot be trusted), else any outcome not ok → 1, else 0.
 */
export function exitCodeFor(
  outcomes: readonly { readonly ok: boolean; readonly error?: ReportedError }[],
): ExitCodeValue {
  if (outcomes.some((outcome) => outcome.error && !EXPECTATION_ERROR_KINDS.has(outcome.error.kind)))
    return ExitCode.Aws;
  return outcomes.every((outcome) => outcome.ok) ? ExitCode.Ok : ExitCode.ExpectationFailed;
}
