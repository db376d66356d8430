import { ValidationError, checkIntegerInRange, checkNonEmpty, checkUnique, isUnresolved } from '@icelog/core';

/** The lowest HTTP status a route may name. */
export const MIN_ROUTED_STATUS = 100;

/** The highest HTTP status a route may name. */
export const MAX_ROUTED_STATUS = 599;

/**
 * The statuses that get a table of their own by default: the codes a typical nginx deployment writes to
 * its access log often enough to query on their own. Everything else still lands in the fallback table,
 * which has the same columns, so choosing a status here is about query convenience, not about keeping
 * data.
 *
 * - 2xx: 200 OK, 201 Created and 204 No Content (proxied APIs), 206 Partial Content (nginx serves range
 *   requests for static files itself).
 * - 3xx: 301 (nginx's own redirect when a directory is requested without a trailing slash, and
 *   `return 301`), 302 (`return 302`, `rewrite … redirect`), 304 Not Modified (nginx answers
 *   conditional requests for static files).
 * - 4xx: 400 (nginx rejects malformed requests and oversized headers), 401 (`auth_basic`), 403
 *   (directory listing off, `deny`), 404, 405 (nginx refuses POST to a static file), 408 (client
 *   body/header timeout), 413 (`client_max_body_size`), 429 (`limit_req_status 429`), 499 (nginx's
 *   own code: the client closed the connection before the response).
 * - 5xx: 500, 502 Bad Gateway (upstream down), 503 (`limit_req`/`limit_conn` default, upstream
 *   unavailable), 504 Gateway Timeout (upstream too slow).
 */
export const DEFAULT_ROUTED_STATUSES: readonly number[] = Object.freeze([
  200, 201, 204, 206, 301, 302, 304, 400, 401, 403, 404, 405, 408, 413, 429, 499, 500, 502, 503, 504,
]);

/**
 * Throws unless `statuses` is a non-empty list of distinct integers from 100 to 599, each known at
 * synth time (a status decides which table exists, so it cannot be a Terraform token).
 */
export function validateStatuses(field: string, statuses: readonly number[]): void {
  checkNonEmpty(field, statuses);
  statuses.forEach((status, i) => {
    if (isUnresolved(status)) {
      throw new ValidationError(
        `${field}[${i}]`,
        status,
        'must be a literal number known at synth time (each routed status creates a table)',
      );
    }
    checkIntegerInRange(`${field}[${i}]`, status, MIN_ROUTED_STATUS, MAX_ROUTED_STATUS);
  });
  checkUnique(field, statuses);
}
