import {
  DEFAULT_REQUESTS,
  makeMarker,
  newRunId,
  parseRequestSpec,
  requestUrl,
  validateRequests,
} from '../src/requests';
import { tableForStatus } from '../src/e2e';

describe('request specs', () => {
  test('status:path with {marker}', () => {
    expect(parseRequestSpec('404:/missing/{marker}')).toEqual({ status: 404, path: '/missing/{marker}' });
    expect(parseRequestSpec('200:/?a=1&m={marker}')).toEqual({ status: 200, path: '/?a=1&m={marker}' });
  });

  test('between 1 and 100 requests', () => {
    expect(() => validateRequests([])).toThrow(
      'Invalid --request: must be given 1 to 100 times. Received: 0',
    );
    expect(() => validateRequests(Array.from({ length: 101 }, () => DEFAULT_REQUESTS[0]))).toThrow(
      'Invalid --request: must be given 1 to 100 times. Received: 101',
    );
  });
});

describe('markers', () => {
  test('have one fixed width, so none is a substring of another', () => {
    const markers = [
      makeMarker('0123456789ab', 200, 0),
      makeMarker('0123456789ab', 200, 10),
      makeMarker('0123456789ab', 404, 1),
    ];
    expect(markers).toEqual([
      'icelog-0123456789ab-200-00',
      'icelog-0123456789ab-200-10',
      'icelog-0123456789ab-404-01',
    ]);
    for (const a of markers) for (const b of markers) if (a !== b) expect(a.includes(b)).toBe(false);
  });

  test('reject a run id that is not 12 hex characters', () => {
    expect(() => makeMarker('XYZ', 200, 0)).toThrow(
      'Invalid marker: must match ^icelog-[0-9a-f]{12}-[1-5][0-9]{2}-[0-9]{2}$ (runId "XYZ"). Received: "icelog-XYZ-200-00"',
    );
  });

  test('new run ids are 12 hex characters and differ', () => {
    const ids = new Set(Array.from({ length: 20 }, () => newRunId()));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
  });
});

test('requestUrl fills the marker in under the endpoint', () => {
  expect(requestUrl('http://lb.example/', DEFAULT_REQUESTS[0], 'icelog-0123456789ab-200-00')).toBe(
    'http://lb.example/?icelog_smoke=icelog-0123456789ab-200-00',
  );
  expect(requestUrl('http://lb.example/base', DEFAULT_REQUESTS[1], 'icelog-0123456789ab-404-01')).toBe(
    'http://lb.example/base/icelog-smoke/icelog-0123456789ab-404-01',
  );
});

test('a routed status has its own table; any other status goes to the fallback table', () => {
  const options = { routedStatuses: [200, 404], tablePrefix: 'request_', fallbackTable: 'request_other' };
  expect(tableForStatus(404, options)).toBe('request_404');
  expect(tableForStatus(418, options)).toBe('request_other');
});
