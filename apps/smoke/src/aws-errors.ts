import { AwsError, UsageError } from './errors';

/** Error names AWS services use for throttling; all are retried with backoff. */
export const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

const ACCESS_DENIED_NAMES: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
]);

const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'TimeoutError',
  'RequestTimeout',
]);

/** Hint printed with every permission error; the README lists the full policy. */
export const IAM_HINT =
  'The caller needs athena:StartQueryExecution, GetQueryExecution, GetQueryResults and StopQueryExecution on the workgroup; glue:GetDatabase and glue:GetTable on the catalog, database and tables; s3:GetObject/ListBucket on the warehouse bucket and read/write on the workgroup result location (see "IAM permissions" in the icelog-smoke README).';

interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

function shape(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
}

/** The service error name (`ThrottlingException`, …) of an SDK error, or the Node error code. */
export function errorName(error: unknown): string {
  const { name, code } = shape(error);
  return code && TRANSIENT_NETWORK_CODES.has(code) ? code : (name ?? code ?? 'Error');
}

/** True for throttling errors. */
export function isThrottling(error: unknown): boolean {
  return THROTTLING_ERROR_NAMES.has(errorName(error));
}

/** True for errors worth another try: throttling, server errors (5xx) and transient network errors. */
export function isRetryable(error: unknown): boolean {
  if (isThrottling(error)) return true;
  const { $metadata, $retryable, code } = shape(error);
  if ($retryable) return true;
  if (($metadata?.httpStatusCode ?? 0) >= 500) return true;
  return (
    TRANSIENT_NETWORK_CODES.has(errorName(error)) ||
    (code !== undefined && TRANSIENT_NETWORK_CODES.has(code)) ||
    // The SDK wraps errors that are not Error instances of its realm as "AWS SDK error wrapper for
    // <error>", dropping the code: read it from the message.
    /^AWS SDK error wrapper for .*\b(ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|socket hang up)\b/.test(
      shape(error).message ?? '',
    )
  );
}

/** True when the message or name says the caller lacks a permission. */
export function isAccessDenied(error: unknown): boolean {
  const { message = '' } = shape(error);
  return (
    ACCESS_DENIED_NAMES.has(errorName(error)) ||
    /not authorized|access denied|accessdenied|insufficient permissions/i.test(message)
  );
}

/**
 * Turns an error thrown by an AWS SDK call into an {@link AwsError} with a message that says which
 * call failed and what to do (or a {@link UsageError} when no region is configured); leaves
 * {@link AwsError}s and aborts untouched.
 * @param operation e.g. `Athena StartQueryExecution`
 */
export function toAwsError(error: unknown, operation: string, attempts = 1): unknown {
  if (error instanceof AwsError) return error;
  const { name, message = String(error) } = shape(error);
  if (name === 'AbortError') return error;
  const tries = attempts > 1 ? ` after ${attempts} tries` : '';
  if (/region is missing/i.test(message)) {
    return new UsageError(
      'No AWS region: the stack has no "region" output and none is configured',
      'Pass --region, or set AWS_REGION.',
    );
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new AwsError('CREDENTIALS', `${operation} failed: no AWS credentials (${message})`, {
      hint: 'Set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), or log in with "aws sso login".',
      reason: message,
      cause: error,
    });
  }
  if (isAccessDenied(error)) {
    return new AwsError('ACCESS_DENIED', `${operation} was denied: ${errorName(error)}: ${message}`, {
      hint: IAM_HINT,
      reason: message,
      cause: error,
    });
  }
  if (isThrottling(error)) {
    return new AwsError('THROTTLED', `${operation} was throttled${tries}: ${errorName(error)}: ${message}`, {
      hint: "Lower --concurrency or try again later: Athena's active-query quota is shared by the whole account.",
      reason: message,
      cause: error,
    });
  }
  return new AwsError('API', `${operation} failed${tries}: ${errorName(error)}: ${message}`, {
    reason: message,
    cause: error,
  });
}
