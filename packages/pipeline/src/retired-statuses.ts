import { IcebergColumn, ValidationError } from '@icelog/core';
import { StatusRouting, validateStatuses } from '@icelog/routing';

/** A table kept for a status that is no longer routed. */
export interface RetiredStatusTable {
  readonly tableName: string;
  readonly columns: readonly IcebergColumn[];
}

/**
 * The tables to keep for `retired` statuses: named like the routed status tables, with the same
 * columns, so that un-routing a status keeps its table (and its rows) instead of deleting it.
 * Throws when a retired status is invalid, repeated, or still routed.
 */
export function retiredStatusTables(
  routing: StatusRouting,
  retired: readonly number[],
): RetiredStatusTable[] {
  if (retired.length === 0) return [];
  validateStatuses('routing.retiredStatuses', retired);
  const routed = retired.find((s) => routing.routedStatuses.includes(s));
  if (routed !== undefined) {
    throw new ValidationError(
      'routing.retiredStatuses',
      retired,
      `must not contain a status that is still routed (${routed} is in routing.statuses)`,
    );
  }
  const columns = routing.tables.find((t) => t.kind === 'fallback')!.columns;
  return retired.map((status) => ({ tableName: `${routing.tablePrefix}${status}`, columns }));
}
