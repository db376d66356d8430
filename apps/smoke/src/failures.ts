import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsCallOptions } from './aws-call';
import { type ErrorObject, listErrorObjects, readObject } from './error-objects';
import { ExitCode, type ExitCodeValue } from './errors';
import { type FailedRecord, type RecordProblem, parseErrorObject } from './failed-records';
import type { Progress } from './progress';
import { routeRecords } from './record-routing';

/** A failed record with the table it belongs to. */
export interface RoutedRecord extends FailedRecord {
  /** The table the stack's routing sends the record to, else the table Firehose named, else undefined. */
  readonly table?: string;
  /** Where `table` came from. */
  readonly tableSource?: 'routing' | 'firehose';
  /** Why the routing gave no table (the record is not JSON, the query failed). */
  readonly routingProblem?: string;
}

/** The records and problems of one error object. */
export interface LoadedObject {
  readonly object: ErrorObject;
  readonly records: readonly RoutedRecord[];
  readonly problems: readonly RecordProblem[];
  readonly documents: number;
  readonly gzip: boolean;
}

/** Reads, decodes and routes one error object. Unreadable content becomes problems, never an exception. */
export async function loadErrorObject(
  s3: S3Client,
  bucket: string,
  object: ErrorObject,
  routingQuery: string | undefined,
  call: AwsCallOptions,
): Promise<LoadedObject> {
  const body = await readObject(s3, bucket, object.key, call);
  const parsed = parseErrorObject(object.key, body);
  const routes = routingQuery
    ? await routeRecords(
        routingQuery,
        parsed.records.map((r) => r.data),
      )
    : [];
  const records = parsed.records.map((record, i): RoutedRecord => {
    const route = routes[i];
    if (route?.table) return { ...record, table: route.table, tableSource: 'routing' };
    const problem = route && 'problem' in route ? route.problem : undefined;
    return record.reportedTable
      ? { ...record, table: record.reportedTable, tableSource: 'firehose', routingProblem: problem }
      : { ...record, routingProblem: problem };
  });
  if (body.length === 0) {
    return {
      object,
      records,
      problems: [{ key: object.key, message: 'empty object' }],
      documents: 0,
      gzip: false,
    };
  }
  return { object, records, problems: parsed.problems, documents: parsed.documents, gzip: parsed.gzip };
}

/** What `failures` reads. */
export interface FailuresOptions {
  readonly bucket: string;
  readonly prefix: string;
  readonly excludePrefixes: readonly string[];
  readonly since?: number;
  readonly until?: number;
  /** The stream's MetadataExtractionQuery; without it records are grouped by the table Firehose named. */
  readonly routingQuery?: string;
  /** Sample records to show per error code. */
  readonly samples: number;
}

/** Injected collaborators of {@link runFailures}. */
export interface FailuresContext {
  readonly s3: S3Client;
  readonly call: AwsCallOptions;
  readonly progress: Progress;
}

/** Records per error code. */
export interface ErrorCodeGroup {
  readonly errorCode: string;
  readonly records: number;
  /** The first error message seen for the code. */
  readonly message?: string;
  /** Records per table. */
  readonly tables: Readonly<Record<string, number>>;
}

/** Records per table. */
export interface TableGroup {
  readonly table: string;
  readonly records: number;
  readonly errorCodes: Readonly<Record<string, number>>;
}

/** One record shown in full. */
export interface FailureSample {
  readonly key: string;
  readonly line: number;
  readonly errorCode: string;
  readonly errorMessage?: string;
  readonly table?: string;
  readonly arrival?: string;
  readonly attemptsMade?: number;
  /** The original record (UTF-8, at most 1,000 characters). */
  readonly data?: string;
  readonly otherFields: Readonly<Record<string, unknown>>;
}

/** The `failures` report; also the `--json` document. */
export interface FailuresReport {
  readonly command: 'failures';
  readonly ok: boolean;
  readonly exitCode: ExitCodeValue;
  readonly bucket: string;
  readonly prefix: string;
  readonly since: string | null;
  readonly until: string | null;
  readonly routing: 'stack routing query' | 'table named by Firehose';
  readonly objects: { readonly read: number; readonly gzip: number; readonly withProblems: number };
  readonly records: number;
  readonly byErrorCode: readonly ErrorCodeGroup[];
  readonly byTable: readonly TableGroup[];
  readonly samples: readonly FailureSample[];
  readonly problems: readonly RecordProblem[];
}

const NO_TABLE = '(no table)';

function increment(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** Turns a record into a sample for the report. */
export function sampleOf(record: RoutedRecord): FailureSample {
  const data = record.data?.toString('utf8');
  return {
    key: record.key,
    line: record.line,
    errorCode: record.errorCode,
    errorMessage: record.errorMessage,
    table: record.table,
    arrival:
      record.arrivalTimestamp === undefined ? undefined : new Date(record.arrivalTimestamp).toISOString(),
    attemptsMade: record.attemptsMade,
    data: data === undefined ? undefined : data.length > 1000 ? `${data.slice(0, 1000)}…` : data,
    otherFields: record.otherFields,
  };
}

/**
 * Lists the error objects in the window, decodes every record, routes it with the stack's query,
 * and groups records by error code and by table, with samples. Unreadable objects and lines are
 * reported and skipped. Exit code 1 when the window holds any error output, 0 when it holds none.
 */
export async function runFailures(
  options: FailuresOptions,
  context: FailuresContext,
): Promise<FailuresReport> {
  const { progress } = context;
  progress.status('failures: listing error objects');
  const objects = await listErrorObjects(context.s3, options, context.call, (listed, kept) =>
    progress.status(`failures: listed ${listed} objects, ${kept} in the window`, `listed ${listed}`),
  );
  const codes = new Map<
    string,
    { records: number; message?: string; tables: Record<string, number>; samples: FailureSample[] }
  >();
  const tables = new Map<string, Record<string, number>>();
  const problems: RecordProblem[] = [];
  let records = 0;
  let gzip = 0;
  let withProblems = 0;
  for (const [index, object] of objects.entries()) {
    progress.status(
      `failures: read ${index}/${objects.length} objects, ${records} records`,
      `read ${Math.floor((index / Math.max(1, objects.length)) * 10)}`,
    );
    const loaded = await loadErrorObject(
      context.s3,
      options.bucket,
      object,
      options.routingQuery,
      context.call,
    );
    if (loaded.gzip) gzip++;
    if (loaded.problems.length > 0) withProblems++;
    problems.push(...loaded.problems);
    for (const record of loaded.records) {
      records++;
      const table = record.table ?? NO_TABLE;
      const group = codes.get(record.errorCode) ?? { records: 0, tables: {}, samples: [] };
      group.records++;
      group.message ??= record.errorMessage;
      increment(group.tables, table);
      if (group.samples.length < options.samples) group.samples.push(sampleOf(record));
      codes.set(record.errorCode, group);
      const byTable = tables.get(table) ?? {};
      increment(byTable, record.errorCode);
      tables.set(table, byTable);
    }
  }
  progress.done();
  const exitCode =
    records > 0 || problems.some((p) => p.message !== 'empty object')
      ? ExitCode.ExpectationFailed
      : ExitCode.Ok;
  const sorted = [...codes.entries()].sort((a, b) => b[1].records - a[1].records || a[0].localeCompare(b[0]));
  return {
    command: 'failures',
    ok: exitCode === ExitCode.Ok,
    exitCode,
    bucket: options.bucket,
    prefix: options.prefix,
    since: options.since === undefined ? null : new Date(options.since).toISOString(),
    until: options.until === undefined ? null : new Date(options.until).toISOString(),
    routing: options.routingQuery ? 'stack routing query' : 'table named by Firehose',
    objects: { read: objects.length, gzip, withProblems },
    records,
    byErrorCode: sorted.map(([errorCode, group]) => ({
      errorCode,
      records: group.records,
      message: group.message,
      tables: group.tables,
    })),
    byTable: [...tables.entries()]
      .map(([table, errorCodes]) => ({
        table,
        records: Object.values(errorCodes).reduce((sum, n) => sum + n, 0),
        errorCodes,
      }))
      .sort((a, b) => b.records - a.records || a.table.localeCompare(b.table)),
    samples: sorted.flatMap(([, group]) => group.samples),
    problems,
  };
}
