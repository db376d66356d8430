import type { S3Client } from '@aws-sdk/client-s3';
import { type AwsCallOptions, awsCall } from './aws-call';
import { THROTTLING_ERROR_NAMES, errorName } from './aws-errors';
import { fullJitterDelay } from './backoff';
import { planBatches } from './batches';
import { listErrorObjects, moveObject } from './error-objects';
import { AwsError, ExitCode, type ExitCodeValue, InterruptedError, SmokeError } from './errors';
import { type RoutedRecord, loadErrorObject } from './failures';
import type { Progress } from './progress';
import { type ObjectProgress, doneKey, dropProgress, readProgress, saveProgress } from './redrive-progress';
import type { RedriveEntry, RedriveTarget } from './redrive-target';
import { abortError } from './run-control';

/** What `redrive` sends. */
export interface RedriveOptions {
  readonly bucket: string;
  readonly prefix: string;
  /** Progress markers and moved objects live here (apart from `prefix`). */
  readonly redrivePrefix: string;
  readonly since?: number;
  readonly until?: number;
  readonly routingQuery?: string;
  /** Only these error codes (all when empty). */
  readonly errorCodes: readonly string[];
  /** Only records routed to these tables (all when empty). */
  readonly tables: readonly string[];
  /** Count what would be sent; write nothing. */
  readonly dryRun: boolean;
  /** Send at most this many records in this run. */
  readonly limit?: number;
  /** At most this many records per second. */
  readonly ratePerSecond?: number;
  /** Send records again whose earlier put had an unknown outcome (check the table first). */
  readonly resendUncertain: boolean;
  /**
   * Tries for the records a put rejected (FailedPutCount), with backoff.
   * @default 5
   */
  readonly maxAttempts?: number;
}

/** Injected collaborators of {@link runRedrive}. */
export interface RedriveContext {
  readonly s3: S3Client;
  readonly target: RedriveTarget;
  readonly call: AwsCallOptions;
  readonly progress: Progress;
}

/** The `redrive` summary; also the `--json` document. */
export interface RedriveReport {
  readonly command: 'redrive';
  readonly ok: boolean;
  readonly exitCode: ExitCodeValue;
  readonly dryRun: boolean;
  readonly target: string;
  readonly objects: { read: number; completed: number };
  /** Records the stream accepted in this run (or would be sent, with --dry-run). */
  sent: number;
  readonly sentByTable: Record<string, number>;
  readonly skipped: {
    alreadySent: number;
    filteredOut: number;
    noData: number;
    tooLarge: number;
    unreadable: number;
    /** Records of an earlier put whose outcome is unknown; not sent again (see --resend-uncertain). */
    uncertain: number;
  };
  readonly left: {
    /** Rejected by the stream on every try. */
    failed: number;
    failedByCode: Record<string, number>;
    /** Not tried: --limit, the deadline, or the run stopped. */
    notReached: number;
  };
  /** Why the run stopped early, if it did. */
  readonly stoppedBy?: { readonly kind: string; readonly message: string };
}

/** A rejected put that sent nothing for sure (an error answer before any record was taken). */
function isDefiniteRejection(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (status !== undefined && status < 500) || errorName(error) === 'ServiceUnavailableException';
}

/** Whole-call errors safe to retry: the service took no record (throttled, unavailable). */
function isSafeToRetry(error: unknown): boolean {
  const name = errorName(error);
  return (
    isDefiniteRejection(error) &&
    (THROTTLING_ERROR_NAMES.has(name) ||
      [
        'ServiceUnavailableException',
        'ProvisionedThroughputExceededException',
        'KMSThrottlingException',
      ].includes(name))
  );
}

class Stop extends Error {
  constructor(readonly error: SmokeError) {
    super(error.message);
  }
}

/**
 * Puts failed records back into the stream: object by object, oldest first, in batches within the
 * service's limits, with a durable progress marker per object written before and after every put,
 * so an interrupted run resumes without sending any record twice. Fully redriven objects are moved
 * under `<redrivePrefix>done/`.
 */
export async function runRedrive(options: RedriveOptions, context: RedriveContext): Promise<RedriveReport> {
  const { s3, target, call, progress } = context;
  const report: RedriveReport = {
    command: 'redrive',
    ok: true,
    exitCode: ExitCode.Ok,
    dryRun: options.dryRun,
    target: target.label,
    objects: { read: 0, completed: 0 },
    sent: 0,
    sentByTable: {},
    skipped: { alreadySent: 0, filteredOut: 0, noData: 0, tooLarge: 0, unreadable: 0, uncertain: 0 },
    left: { failed: 0, failedByCode: {}, notReached: 0 },
  };
  const startedAt = call.clock.now();
  const maxAttempts = options.maxAttempts ?? 5;
  const matches = (record: RoutedRecord) =>
    (options.errorCodes.length === 0 || options.errorCodes.includes(record.errorCode)) &&
    (options.tables.length === 0 || (record.table !== undefined && options.tables.includes(record.table)));
  const budget = () => (options.limit === undefined ? Number.POSITIVE_INFINITY : options.limit - report.sent);
  const status = () =>
    progress.status(
      `redrive: ${report.objects.read} objects read, ${report.sent} records ${options.dryRun ? 'to send' : 'sent'}`,
      `${report.objects.read}/${Math.floor(report.sent / 500)}`,
    );

  progress.status('redrive: listing error objects');
  const objects = await listErrorObjects(s3, { ...options, excludePrefixes: [options.redrivePrefix] }, call);
  try {
    for (const object of objects) {
      if (call.signal?.aborted) throw new Stop(abortError(call.signal, 'redrive'));
      const loaded = await loadErrorObject(s3, options.bucket, object, options.routingQuery, call);
      report.objects.read++;
      status();
      const marker = await readProgress(s3, options.bucket, options.redrivePrefix, object.key, call);
      const sent = new Set(marker.sent);
      const uncertain = new Set(options.resendUncertain ? [] : marker.inflight);
      if (options.resendUncertain) marker.inflight = [];
      report.skipped.unreadable += loaded.problems.filter(
        (p) => p.line !== undefined && !/rawData/.test(p.message),
      ).length;
      const candidates: RoutedRecord[] = [];
      for (const record of loaded.records) {
        if (sent.has(record.index)) report.skipped.alreadySent++;
        else if (uncertain.has(record.index)) report.skipped.uncertain++;
        else if (!record.data) report.skipped.noData++;
        else if (!matches(record)) report.skipped.filteredOut++;
        else candidates.push(record);
      }
      const entries = candidates.map((record) => ({
        record,
        entry: { id: `${object.key}#${record.index}`, data: record.data! },
      }));
      const perBatch = options.ratePerSecond ? Math.max(1, Math.floor(options.ratePerSecond)) : undefined;
      const plan = planBatches(entries, (e) => target.sizeOf(e.entry), target.limits, perBatch);
      report.skipped.tooLarge += plan.tooLarge.length;
      let remaining = plan.batches.reduce((n, batch) => n + batch.length, 0);
      for (const batch of plan.batches) {
        const take = batch.slice(0, Math.max(0, budget()));
        if (take.length === 0) break;
        if (options.dryRun) {
          for (const { record } of take) count(report.sentByTable, record.table ?? '(no table)');
          report.sent += take.length;
          remaining -= take.length;
          continue;
        }
        await waitForRate(options, report.sent, startedAt, call);
        const accepted = await putWithRetries(take, marker, maxAttempts, options, context, report);
        for (const { record } of take.filter((e) => accepted.has(e.record.index)))
          count(report.sentByTable, record.table ?? '(no table)');
        report.sent += accepted.size;
        remaining -= take.length;
        status();
      }
      report.left.notReached += remaining;
      const complete =
        !options.dryRun &&
        loaded.problems.length === 0 &&
        loaded.records.length > 0 &&
        loaded.records.every((record) => marker.sent.includes(record.index));
      if (complete) {
        await moveObject(s3, options.bucket, object.key, doneKey(options.redrivePrefix, object.key), call);
        await dropProgress(s3, options.bucket, options.redrivePrefix, object.key, call);
        report.objects.completed++;
      }
      if (budget() <= 0) break;
    }
  } catch (error) {
    const stop = error instanceof Stop ? error.error : error instanceof SmokeError ? error : undefined;
    if (!stop) throw error;
    const kind =
      stop instanceof AwsError ? stop.kind : stop instanceof InterruptedError ? 'INTERRUPTED' : 'ERROR';
    Object.assign(report, { stoppedBy: { kind, message: stop.message } });
  }
  progress.done();
  const exitCode: ExitCodeValue = report.stoppedBy
    ? report.stoppedBy.kind === 'INTERRUPTED'
      ? ExitCode.Interrupted
      : ExitCode.Aws
    : report.left.failed > 0 || report.skipped.uncertain > 0
      ? ExitCode.ExpectationFailed
      : ExitCode.Ok;
  return { ...report, exitCode, ok: exitCode === ExitCode.Ok };
}

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

async function waitForRate(
  options: RedriveOptions,
  sent: number,
  startedAt: number,
  call: AwsCallOptions,
): Promise<void> {
  if (!options.ratePerSecond) return;
  const due = startedAt + (sent / options.ratePerSecond) * 1000;
  const wait = due - call.clock.now();
  if (wait <= 0) return;
  try {
    await call.clock.sleep(wait, call.signal);
  } catch {
    throw new Stop(abortError(call.signal, 'redrive'));
  }
}

/**
 * Puts one batch; retries the records the stream rejected. The marker names the records in flight
 * before each call and moves the accepted ones to `sent` after it. A call with an unknown outcome
 * (timeout, reset, 5xx, deadline, Ctrl-C) leaves them in flight and stops the run: they are never
 * sent twice.
 * @returns positions of the accepted records
 */
async function putWithRetries(
  batch: readonly { record: RoutedRecord; entry: RedriveEntry }[],
  marker: ObjectProgress,
  maxAttempts: number,
  options: RedriveOptions,
  context: RedriveContext,
  report: RedriveReport,
): Promise<Set<number>> {
  const { s3, target, call } = context;
  const save = () => saveProgress(s3, options.bucket, options.redrivePrefix, marker, call.clock.now(), call);
  const accepted = new Set<number>();
  let pending = [...batch];
  let rejected: { index: number; code: string }[] = [];
  for (let attempt = 0; pending.length > 0 && attempt < maxAttempts; attempt++) {
    if (attempt > 0) {
      try {
        await call.clock.sleep(
          fullJitterDelay(attempt, { baseMs: 500, capMs: 10_000 }, call.random),
          call.signal,
        );
      } catch {
        throw new Stop(abortError(call.signal, 'redrive'));
      }
    }
    marker.inflight = pending.map((e) => e.record.index);
    await save();
    try {
      rejected = await awsCall(
        target.operation,
        (signal) =>
          target.put(
            pending.map((e) => e.entry),
            signal,
          ),
        {
          ...call,
          isRetryable: isSafeToRetry,
        },
      );
    } catch (error) {
      const failure = error instanceof SmokeError ? error : new AwsError('API', String(error));
      const cause = failure instanceof AwsError ? failure.cause : undefined;
      if (cause !== undefined && isDefiniteRejection(cause)) {
        // The stream answered with an error: it took none of these records.
        marker.inflight = [];
        await save();
        throw new Stop(failure);
      }
      if (failure instanceof InterruptedError) throw new Stop(failure);
      throw new Stop(
        new AwsError(
          failure instanceof AwsError ? failure.kind : 'API',
          `${failure.message}; the ${pending.length} record(s) of that put (${marker.key}) may have been taken, so they are not sent again (--resend-uncertain sends them)`,
          { hint: failure.hint },
        ),
      );
    }
    const failed = new Set(rejected.map((r) => r.index));
    for (const [i, e] of pending.entries()) if (!failed.has(i)) accepted.add(e.record.index);
    marker.sent = [...new Set([...marker.sent, ...accepted])].sort((a, b) => a - b);
    const retry = pending.filter((_, i) => failed.has(i));
    rejected = rejected.map((r) => ({ index: retry.indexOf(pending[r.index]), code: r.code }));
    pending = retry;
    marker.inflight = [];
    await save();
  }
  report.left.failed += pending.length;
  for (const r of rejected) count(report.left.failedByCode, r.code);
  return accepted;
}
