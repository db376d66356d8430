import { gunzipSync } from 'node:zlib';

/**
 * Firehose's error output: each failed record is a JSON document with `attemptsMade`,
 * `arrivalTimestamp`, `errorCode`, `errorMessage`, `attemptEndingTimestamp` and `rawData` (the
 * original record, base64), and possibly more (`sequenceNumber`, `subSequenceNumber`, a
 * `dataCatalogTable` or destination table, …). Objects are JSON lines, gzip-compressed or plain.
 * Unknown fields are kept, never an error; a document that is not JSON is reported, never fatal.
 */

/** One failed record, decoded. */
export interface FailedRecord {
  /** S3 key of the object it was read from. */
  readonly key: string;
  /** 0-based position of the record in its object (the redrive progress counts these). */
  readonly index: number;
  /** 1-based line of the record in the (decompressed) object. */
  readonly line: number;
  readonly errorCode: string;
  readonly errorMessage?: string;
  readonly attemptsMade?: number;
  /** Epoch milliseconds when Firehose received the record. */
  readonly arrivalTimestamp?: number;
  /** Epoch milliseconds of the last delivery attempt. */
  readonly attemptEndingTimestamp?: number;
  /** The original record's bytes, or undefined when `rawData` is missing or not base64. */
  readonly data?: Buffer;
  /** The table Firehose names in the record, when it names one (`dataCatalogTable.tableName`, …). */
  readonly reportedTable?: string;
  /** Fields this CLI does not interpret, verbatim. */
  readonly otherFields: Readonly<Record<string, unknown>>;
}

/** Something in an object that could not be read as a failed record. */
export interface RecordProblem {
  readonly key: string;
  /** 1-based line in the decompressed object; undefined for the whole object. */
  readonly line?: number;
  readonly message: string;
}

/** What one error object holds. */
export interface ParsedErrorObject {
  readonly records: FailedRecord[];
  readonly problems: RecordProblem[];
  /** Documents in the object (records + documents that were not JSON records). */
  readonly documents: number;
  readonly gzip: boolean;
}

const KNOWN_FIELDS = new Set([
  'attemptsMade',
  'arrivalTimestamp',
  'errorCode',
  'ErrorCode',
  'errorMessage',
  'ErrorMessage',
  'attemptEndingTimestamp',
  'rawData',
]);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function timestamp(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return undefined;
}

function reportedTable(document: Record<string, unknown>): string | undefined {
  const catalog = isObject(document.dataCatalogTable) ? document.dataCatalogTable : undefined;
  for (const candidate of [catalog?.tableName, document.destinationTableName, document.tableName]) {
    if (typeof candidate === 'string' && candidate.length > 0) return candidate;
  }
  return undefined;
}

/** Splits one line into top-level JSON values written back to back (`{…}{…}`). */
function splitConcatenated(line: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) {
      parts.push(line.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (line.slice(start).trim() !== '') parts.push(line.slice(start));
  return parts.map((part) => part.trim());
}

/**
 * Splits an object's text into JSON documents with their line: one per line (JSON lines), or
 * several on one line when they were written back to back (`}{`). A line that is not JSON stays one
 * document, so that it is reported with its line number.
 */
export function splitDocuments(text: string): { text: string; line: number }[] {
  const documents: { text: string; line: number }[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    let parts = [line];
    try {
      JSON.parse(line);
    } catch {
      const split = splitConcatenated(line);
      if (split.length > 1) parts = split;
    }
    for (const part of parts) documents.push({ text: part, line: index + 1 });
  });
  return documents;
}

/** Decodes one error object (gzip or plain JSON lines) into records and problems. */
export function parseErrorObject(key: string, body: Buffer): ParsedErrorObject {
  const gzip = body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
  let text: string;
  try {
    text = (gzip ? gunzipSync(body) : body).toString('utf8');
  } catch (error) {
    return {
      records: [],
      problems: [{ key, message: `not a readable gzip object: ${(error as Error).message}` }],
      documents: 0,
      gzip,
    };
  }
  const records: FailedRecord[] = [];
  const problems: RecordProblem[] = [];
  const documents = splitDocuments(text);
  documents.forEach(({ text: source, line }, index) => {
    let document: unknown;
    try {
      document = JSON.parse(source);
    } catch (error) {
      problems.push({ key, line, message: `not JSON: ${(error as Error).message}` });
      return;
    }
    if (!isObject(document)) {
      problems.push({ key, line, message: 'not a Firehose error record (not a JSON object)' });
      return;
    }
    const rawData = document.rawData;
    let data: Buffer | undefined;
    if (typeof rawData === 'string' && BASE64.test(rawData) && rawData.length % 4 === 0) {
      data = Buffer.from(rawData, 'base64');
    } else {
      problems.push({
        key,
        line,
        message: 'rawData is missing or not base64: the record cannot be redriven',
      });
    }
    const errorCode = document.errorCode ?? document.ErrorCode;
    const errorMessage = document.errorMessage ?? document.ErrorMessage;
    const otherFields = Object.fromEntries(
      Object.entries(document).filter(([name]) => !KNOWN_FIELDS.has(name)),
    );
    records.push({
      key,
      index,
      line,
      errorCode: typeof errorCode === 'string' && errorCode !== '' ? errorCode : '(none)',
      errorMessage: typeof errorMessage === 'string' ? errorMessage : undefined,
      attemptsMade: typeof document.attemptsMade === 'number' ? document.attemptsMade : undefined,
      arrivalTimestamp: timestamp(document.arrivalTimestamp),
      attemptEndingTimestamp: timestamp(document.attemptEndingTimestamp),
      data,
      reportedTable: reportedTable(document),
      otherFields,
    });
  });
  return { records, problems, documents: documents.length, gzip };
}
