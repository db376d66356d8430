import { ValidationError } from '@icelog/core/validation';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION_RULE = 'must be a duration such as 90s, 15m, 1h30m or 2d (a bare number means seconds)';

/**
 * Parses a duration flag (`--timeout`, `--interval`, `--since 15m`): one or more `<number><unit>`
 * parts with units ms, s, m, h, d (`1h30m`, `90s`, `500ms`), or a bare number of seconds.
 * @returns milliseconds, always > 0
 * @throws ValidationError naming `field` when the text is not a positive duration
 */
export function parseDuration(field: string, text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const ms = Number(trimmed) * 1000;
    if (ms > 0) return ms;
    throw new ValidationError(field, text, DURATION_RULE);
  }
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
  let total = 0;
  let index = 0;
  while (index < trimmed.length) {
    part.lastIndex = index;
    const match = part.exec(trimmed);
    if (!match) throw new ValidationError(field, text, DURATION_RULE);
    total += Number(match[1]) * UNIT_MS[match[2]];
    index = part.lastIndex;
  }
  if (trimmed.length === 0 || total <= 0) throw new ValidationError(field, text, DURATION_RULE);
  return total;
}

const SINCE_RULE =
  'must be a duration back from now (15m, 2h, 1d) or an ISO 8601 time with a zone (2025-01-31T08:00:00Z, 2025-01-31T09:00:00+01:00) or a date (2025-01-31, read as UTC midnight), not in the future';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses `--since`: a duration back from `now`, or an absolute ISO 8601 time. A time without a zone
 * is rejected: it would silently mean the machine's local zone, while `time_local` carries its own.
 * @returns the start of the window
 */
export function parseSince(field: string, text: string, now: number): Date {
  const trimmed = text.trim();
  let at: number;
  if (ISO_DATE_TIME.test(trimmed) || ISO_DATE.test(trimmed)) {
    at = Date.parse(trimmed);
  } else {
    try {
      at = now - parseDuration(field, trimmed);
    } catch {
      throw new ValidationError(field, text, SINCE_RULE);
    }
  }
  if (!Number.isFinite(at) || at > now) throw new ValidationError(field, text, SINCE_RULE);
  return new Date(at);
}

/** Renders milliseconds as seconds with one decimal, the unit every report uses. */
export function toSeconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** Renders milliseconds for progress lines: `8s`, `2m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(seconds).padStart(2, '0')}s`;
  return `${seconds}s`;
}
