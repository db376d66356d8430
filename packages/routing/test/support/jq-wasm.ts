import * as jq from 'jq-wasm';

/** What one jq-wasm (jq 1.7.1) run printed. */
export interface WasmRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `program` on jq-wasm with `-c` over the NDJSON `inputs` (or `-n` when none). */
export async function runJqWasm(program: string, inputs?: readonly string[]): Promise<WasmRun> {
  const result = await jq.raw(
    inputs === undefined ? 'null' : inputs.join('\n'),
    program,
    inputs === undefined ? ['-n', '-c'] : ['-c'],
  );
  return { status: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `program` on jq-wasm over `inputs` and parses one output per line. */
export async function jqWasmOutputs(program: string, inputs: readonly string[]): Promise<unknown[]> {
  const run = await runJqWasm(program, inputs);
  if (run.status !== 0 || run.stderr !== '') {
    throw new Error(`jq-wasm failed (status ${run.status}): ${run.stderr}`);
  }
  return run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}
