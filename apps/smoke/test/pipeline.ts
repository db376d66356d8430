import type { Clock } from '../src/clock';
import { type FakeAthena, formatTimeLocal } from './fakes/fake-athena';
import type { FakeNginx, ReceivedRequest } from './fakes/fake-nginx';

/** How long after the request a row becomes queryable; undefined: the row never arrives. */
export type DelayFor = (request: ReceivedRequest) => number | undefined;

/**
 * Plays the delivery pipeline (FireLens → Firehose → Iceberg) between the stand-in nginx and the
 * fake Athena: each request becomes a row of `request_<status>` (or the fallback table) that queries
 * see `delay` virtual milliseconds after nginx answered.
 */
export function playPipeline(
  nginx: FakeNginx,
  athena: FakeAthena,
  options: { database: string; routed: readonly number[]; delay: number | DelayFor; clock: Clock },
): void {
  nginx.onRequest = (request) => {
    const delay = typeof options.delay === 'number' ? options.delay : options.delay(request);
    if (delay === undefined) return;
    const table = options.routed.includes(request.status) ? `request_${request.status}` : 'request_other';
    athena.insert(options.database, table, {
      request: `${request.method} ${request.path} HTTP/1.1`,
      time_local: formatTimeLocal(request.at),
      visibleAt: request.at + delay,
    });
  };
}
