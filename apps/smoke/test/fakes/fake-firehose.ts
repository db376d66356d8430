import { type FakeResponse, type FakeService, jsonError, jsonOk } from './aws-server';

/** One record a fake stream accepted. */
export interface AcceptedRecord {
  readonly data: string;
  readonly partitionKey?: string;
}

/**
 * Firehose PutRecordBatch (JSON 1.1, `Firehose_20150804.PutRecordBatch`) or Kinesis PutRecords
 * (JSON 1.1, `Kinesis_20131202.PutRecords`) for one stream, for the real SDK clients. It enforces
 * the documented limits (it answers the service's error when a request exceeds them), and injects:
 * - `rejectNext(n, code)`: the next n records are rejected in the response (partial failure,
 *   `FailedPutCount` / `FailedRecordCount`);
 * - `acceptThenHang(call)`: that call's records are taken, but the answer never comes.
 */
export class FakeStream implements FakeService {
  readonly targetPrefix: string;
  readonly accepted: AcceptedRecord[] = [];
  /** Records per call, in order. */
  readonly batches: number[] = [];
  private rejections: string[] = [];
  private alwaysRejected?: RegExp;
  private hangOnCall?: number;
  private calls = 0;

  constructor(
    readonly kind: 'firehose' | 'kinesis',
    readonly streamName: string,
  ) {
    this.targetPrefix = kind === 'firehose' ? 'Firehose_20150804' : 'Kinesis_20131202';
  }

  rejectNext(count: number, code = 'ServiceUnavailableException'): this {
    this.rejections.push(...Array.from({ length: count }, () => code));
    return this;
  }

  /** Records whose data matches `pattern` are rejected on every try. */
  rejectAlways(pattern: RegExp): this {
    this.alwaysRejected = pattern;
    return this;
  }

  acceptThenHang(call: number): this {
    this.hangOnCall = call;
    return this;
  }

  handle(operation: string, input: Record<string, unknown>): FakeResponse | Promise<FakeResponse> {
    const expected = this.kind === 'firehose' ? 'PutRecordBatch' : 'PutRecords';
    if (operation !== expected) return jsonError({ type: 'UnknownOperationException', message: operation });
    const name = this.kind === 'firehose' ? input.DeliveryStreamName : input.StreamName;
    if (name !== this.streamName)
      return jsonError({ type: 'ResourceNotFoundException', message: `Stream ${String(name)} not found.` });
    const records = (input.Records ?? []) as { Data: string; PartitionKey?: string }[];
    const sizes = records.map(
      (r) => Buffer.from(r.Data, 'base64').length + Buffer.byteLength(r.PartitionKey ?? ''),
    );
    const limits =
      this.kind === 'firehose'
        ? { records: 500, bytes: 4 * 1024 * 1024, record: 1000 * 1024 }
        : { records: 500, bytes: 5 * 1024 * 1024, record: 1024 * 1024 };
    if (
      records.length > limits.records ||
      sizes.reduce((a, b) => a + b, 0) > limits.bytes ||
      sizes.some((s) => s > limits.record)
    ) {
      return jsonError({
        type: 'InvalidArgumentException',
        message: 'the request exceeds the PutRecordBatch limits',
      });
    }
    this.calls++;
    this.batches.push(records.length);
    const results = records.map((record) => {
      const text = Buffer.from(record.Data, 'base64').toString('utf8');
      const code = this.alwaysRejected?.test(text) ? 'ServiceUnavailableException' : this.rejections.shift();
      if (code) return { ErrorCode: code, ErrorMessage: 'Slow down.' };
      this.accepted.push({ data: text, partitionKey: record.PartitionKey });
      return this.kind === 'firehose'
        ? { RecordId: `rec-${this.accepted.length}` }
        : { SequenceNumber: String(this.accepted.length), ShardId: 'shardId-000000000000' };
    });
    if (this.calls === this.hangOnCall) return new Promise<FakeResponse>(() => undefined);
    const failed = results.filter((r) => 'ErrorCode' in r).length;
    return jsonOk(
      this.kind === 'firehose'
        ? { FailedPutCount: failed, Encrypted: false, RequestResponses: results }
        : { FailedRecordCount: failed, Records: results },
    );
  }
}
