import type { QueryExecution } from '@aws-sdk/client-athena';
import { IAM_HINT, isAccessDenied } from './aws-errors';
import { AwsError } from './errors';

/**
 * The error for a query that ended FAILED or CANCELLED, classified from Athena's StateChangeReason:
 * a missing table or database (exit code 1), access denied, cancelled, or any other failure.
 */
export function queryFailure(queryId: string, label: string, execution: QueryExecution): AwsError {
  const status = execution.Status ?? {};
  const reason = status.StateChangeReason ?? status.AthenaError?.ErrorMessage ?? 'no reason given';
  if (status.State === 'CANCELLED') {
    return new AwsError('CANCELLED', `Query ${queryId} on ${label} was CANCELLED: ${reason}`, {
      queryId,
      reason,
      hint: 'Something stopped the query: another user, or a workgroup data-usage control.',
    });
  }
  if (/TABLE_NOT_FOUND|Table '[^']*' does not exist/.test(reason)) {
    return new AwsError('TABLE_NOT_FOUND', `Table ${label} does not exist (Athena: ${reason})`, {
      queryId,
      reason,
      hint: 'Deploy the stack first, and check --statuses/--table-prefix: only routed statuses have a table.',
    });
  }
  if (/SCHEMA_NOT_FOUND|Schema '[^']*' does not exist/.test(reason)) {
    return new AwsError('SCHEMA_NOT_FOUND', `The database of ${label} does not exist (Athena: ${reason})`, {
      queryId,
      reason,
      hint: 'Check --database (output "glue_database") and --region: the Glue database must exist in that region.',
    });
  }
  if (isAccessDenied({ message: reason })) {
    return new AwsError('ACCESS_DENIED', `Query ${queryId} on ${label} FAILED: access denied: ${reason}`, {
      queryId,
      reason,
      hint: IAM_HINT,
    });
  }
  return new AwsError('FAILED', `Query ${queryId} on ${label} FAILED: ${reason}`, { queryId, reason });
}
