import { renderSection } from './parser';

/**
 * The container runtime cuts stdout/stderr lines into parts of at most 16 KiB; the fluentd log driver
 * FireLens uses marks each part with `partial_message: "true"`, a `partial_id` shared by the parts,
 * `partial_ordinal` ("1", "2", …) and `partial_last` ("false" … "true").
 */
export const RUNTIME_LINE_SPLIT_BYTES = 16 * 1024;

/** The keys of a partial record, dropped once the parts are joined. */
export const PARTIAL_KEYS = ['partial_message', 'partial_id', 'partial_ordinal', 'partial_last'] as const;

/**
 * Renders the `multiline` filter in `partial_message` mode (aws-for-fluent-bit ≥ 2.24.0) that joins
 * the parts of a split line before any parser sees them. It buffers parts (flushing after
 * `flush_ms`) and re-emits joined records through its own emitter, whose memory is bounded.
 */
export function renderPartialMessageSection(match: string, emitterMemBufLimitMiB = 10): string {
  return renderSection('FILTER', [
    ['Name', 'multiline'],
    ['Match', match],
    ['multiline.key_content', 'log'],
    ['mode', 'partial_message'],
    ['flush_ms', '2000'],
    ['emitter_mem_buf_limit', `${emitterMemBufLimitMiB}M`],
  ]);
}

type FluentRecord = Record<string, unknown>;

/**
 * What the partial_message filter does to a stream of records: records without `partial_message`
 * pass unchanged; the parts of one `partial_id` are joined in `partial_ordinal` order into the first
 * part's record, without the `partial_*` keys, once the part with `partial_last: "true"` arrived.
 * Parts whose last part never arrives are returned as they are (Fluent Bit flushes them after
 * `flush_ms`).
 */
export function joinPartialMessages(records: readonly FluentRecord[]): FluentRecord[] {
  const out: FluentRecord[] = [];
  const pending = new Map<string, FluentRecord[]>();
  for (const record of records) {
    if (record.partial_message !== 'true') {
      out.push(record);
      continue;
    }
    const id = String(record.partial_id);
    const parts = [...(pending.get(id) ?? []), record];
    if (record.partial_last !== 'true') {
      pending.set(id, parts);
      continue;
    }
    pending.delete(id);
    parts.sort((a, b) => Number(a.partial_ordinal) - Number(b.partial_ordinal));
    const joined: FluentRecord = { ...parts[0], log: parts.map((p) => String(p.log)).join('') };
    for (const key of PARTIAL_KEYS) delete joined[key];
    out.push(joined);
  }
  for (const parts of pending.values()) out.push(...parts);
  return out;
}
