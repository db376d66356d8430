import { randomBytes } from 'node:crypto';
import { ValidationError, describeValue } from '@icelog/core/validation';
import { MARKER_PATTERN } from './sql';

/** One HTTP request `e2e` sends: the status it must produce and the path, with a `{marker}` slot. */
export interface RequestSpec {
  /** The HTTP status the endpoint must answer with; it decides the table the row lands in. */
  readonly status: number;
  /** Absolute path with exactly one `{marker}`, e.g. `/?icelog_smoke={marker}`. */
  readonly path: string;
}

/** The placeholder replaced by the request's marker. */
export const MARKER_PLACEHOLDER = '{marker}';

/**
 * Default requests, chosen for the stock nginx image: `/` serves the welcome page (200) and ignores
 * the query string; any other path is a 404.
 */
export const DEFAULT_REQUESTS: readonly RequestSpec[] = [
  { status: 200, path: '/?icelog_smoke={marker}' },
  { status: 404, path: '/icelog-smoke/{marker}' },
];

/** At most this many requests per run (markers carry a two-digit index). */
export const MAX_REQUESTS = 100;

const REQUEST_RULE =
  'must be <status>:<path>, a status from 100 to 599 and an absolute path of URL characters containing {marker} once, e.g. 404:/missing/{marker}';

/** Parses one `--request <status>:<path>` flag. */
export function parseRequestSpec(text: string): RequestSpec {
  const match = /^([1-5]\d\d):(\/[A-Za-z0-9._~!$&'()*+,;=:@/?%{}-]*)$/.exec(text.trim());
  if (
    !match ||
    match[2].split(MARKER_PLACEHOLDER).length !== 2 ||
    /[{}]/.test(match[2].replace(MARKER_PLACEHOLDER, ''))
  ) {
    throw new ValidationError('--request', text, REQUEST_RULE);
  }
  return { status: Number(match[1]), path: match[2] };
}

/** Checks a list of requests: 1–100 entries. */
export function validateRequests(requests: readonly RequestSpec[]): void {
  if (requests.length === 0 || requests.length > MAX_REQUESTS) {
    throw new ValidationError('--request', requests.length, `must be given 1 to ${MAX_REQUESTS} times`);
  }
}

/** A fresh run id: 12 lower-case hex characters. */
export function newRunId(): string {
  return randomBytes(6).toString('hex');
}

/**
 * The marker of request number `index` in run `runId`: `icelog-<runId>-<status>-<nn>`. All markers
 * have the same length, so no marker is a substring of another and `strpos` finds exactly its row.
 */
export function makeMarker(runId: string, status: number, index: number): string {
  const marker = `icelog-${runId}-${status}-${String(index).padStart(2, '0')}`;
  if (!MARKER_PATTERN.test(marker)) {
    throw new ValidationError(
      'marker',
      marker,
      `must match ${MARKER_PATTERN.source} (runId ${describeValue(runId)})`,
    );
  }
  return marker;
}

/** The URL for `spec` with `marker` filled in, under `endpoint` (any trailing `/` of it dropped). */
export function requestUrl(endpoint: string, spec: RequestSpec, marker: string): string {
  return `${endpoint.replace(/\/+$/, '')}${spec.path.replace(MARKER_PLACEHOLDER, marker)}`;
}
