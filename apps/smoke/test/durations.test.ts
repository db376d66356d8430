import { formatElapsed, parseDuration, parseSince, toSeconds } from '../src/durations';
import { T0 } from './fakes/clocks';

describe('parseDuration', () => {
  test.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['45', 45_000],
    [' 10m ', 600_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration('--timeout', text)).toBe(ms);
  });

  test.each(['', '0', '0s', '10x', 'm', '-5s', '5 s', '1h-30m'])('rejects %j', (text) => {
    expect(() => parseDuration('--timeout', text)).toThrow(
      `Invalid --timeout: must be a duration such as 90s, 15m, 1h30m or 2d (a bare number means seconds). Received: ${JSON.stringify(text)}`,
    );
  });
});

describe('parseSince', () => {
  const rule =
    'must be a duration back from now (15m, 2h, 1d) or an ISO 8601 time with a zone (2025-01-31T08:00:00Z, 2025-01-31T09:00:00+01:00) or a date (2025-01-31, read as UTC midnight), not in the future';

  test('a duration counts back from now', () => {
    expect(parseSince('--since', '15m', T0).toISOString()).toBe('2025-01-31T07:45:00.000Z');
  });

  test('an ISO time with Z or an offset is absolute', () => {
    expect(parseSince('--since', '2025-01-30T22:00:00Z', T0).toISOString()).toBe('2025-01-30T22:00:00.000Z');
    expect(parseSince('--since', '2025-01-31T08:30:00+01:00', T0).toISOString()).toBe(
      '2025-01-31T07:30:00.000Z',
    );
    expect(parseSince('--since', '2025-01-31', T0).toISOString()).toBe('2025-01-31T00:00:00.000Z');
  });

  test.each(['2025-01-31T07:00:00', 'yesterday', '2025-02-01T00:00:00Z', '2025-13-45T00:00:00Z'])(
    'rejects %j (no zone, not a time, in the future, invalid)',
    (text) => {
      expect(() => parseSince('--since', text, T0)).toThrow(
        `Invalid --since: ${rule}. Received: ${JSON.stringify(text)}`,
      );
    },
  );
});

test('toSeconds rounds to one decimal and formatElapsed reads like a stopwatch', () => {
  expect(toSeconds(12_345)).toBe(12.3);
  expect(toSeconds(12_350)).toBe(12.4);
  expect(formatElapsed(8_900)).toBe('8s');
  expect(formatElapsed(125_000)).toBe('2m05s');
  expect(formatElapsed(3_720_000)).toBe('1h02m');
  expect(formatElapsed(-5)).toBe('0s');
});
