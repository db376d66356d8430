import { createJqEngine } from '@icelog/routing';

/** Where the stack's routing query sends a record, or why it sends it nowhere. */
export type RouteResult =
  | { readonly table: string; readonly database?: string }
  | { readonly table?: undefined; readonly problem: string };

/**
 * Records larger than this are not routed in-process: jq-wasm's cost grows with the square of an
 * input's size (see `@icelog/routing`'s engine), and access records are far smaller.
 */
export const MAX_ROUTED_RECORD_BYTES = 32 * 1024;

/**
 * Wraps the routing query so that jq prints exactly one line per record: the query's outputs, or
 * the error it raised. (A record that is not JSON never reaches jq: Firehose cannot route it either.)
 */
function harness(query: string): string {
  return `try {ok: [(${query}\n)]} catch {error: (if type == "string" then . else tojson end)}`;
}

/**
 * Runs the stack's own `MetadataExtractionQuery` over records with the project's in-process jq
 * engine (`@icelog/routing`'s `jq-wasm`), so `failures` and `redrive` group and filter records by
 * the table Firehose would route them to, not by a re-implementation of the routing.
 */
export async function routeRecords(
  query: string,
  records: readonly (Buffer | undefined)[],
): Promise<RouteResult[]> {
  const results: RouteResult[] = new Array(records.length);
  const inputs: string[] = [];
  const positions: number[] = [];
  records.forEach((data, index) => {
    const text = data?.toString('utf8');
    if (text === undefined) {
      results[index] = { problem: 'no rawData' };
      return;
    }
    if (data!.length > MAX_ROUTED_RECORD_BYTES) {
      results[index] = {
        problem: `larger than ${MAX_ROUTED_RECORD_BYTES / 1024} KiB: not routed in-process`,
      };
      return;
    }
    try {
      JSON.parse(text);
    } catch {
      results[index] = { problem: 'not JSON: the routing query cannot read it' };
      return;
    }
    inputs.push(text.replace(/\n/g, ' '));
    positions.push(index);
  });
  if (inputs.length > 0) {
    const run = await createJqEngine('jq-wasm').run(harness(query), inputs);
    positions.forEach((position, i) => {
      const output = run.outputs[i];
      if (output === undefined) {
        results[position] = { problem: `jq failed (exit ${run.exitCode}): ${run.stderr.trim()}` };
        return;
      }
      const parsed = JSON.parse(output) as { ok?: unknown[]; error?: string };
      const metadata = parsed.ok?.[0] as
        { destinationTableName?: unknown; destinationDatabaseName?: unknown } | undefined;
      if (parsed.error !== undefined) results[position] = { problem: `routing query error: ${parsed.error}` };
      else if (typeof metadata?.destinationTableName === 'string')
        results[position] = {
          table: metadata.destinationTableName,
          database:
            typeof metadata.destinationDatabaseName === 'string'
              ? metadata.destinationDatabaseName
              : undefined,
        };
      else results[position] = { problem: 'the routing query gave no destinationTableName' };
    });
  }
  return results;
}
