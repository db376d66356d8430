import { execFileSync, spawnSync } from 'node:child_process';

/** The jq 1.6 binary the tests run queries on: Debian/Ubuntu's `jq` package, Firehose's version. */
export const JQ16_PATH = '/usr/bin/jq';

/**
 * Throws, failing the calling test, unless the real jq 1.6 is installed. Never skips: a test that
 * proves behaviour on jq 1.6 must not pass without it.
 */
export function requireJq16(): void {
  let version: string;
  try {
    version = execFileSync(JQ16_PATH, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`jq 1.6 is required at ${JQ16_PATH} for these tests: apt-get install jq`);
  }
  if (version !== 'jq-1.6') {
    throw new Error(
      `${JQ16_PATH} is ${version}, these tests need jq-1.6 (Firehose's version): apt-get install jq`,
    );
  }
}

/** What one jq run printed. */
export interface JqRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `program` on jq 1.6 with `-c` over the NDJSON `inputs` (or `-n` when none). */
export function runJq16(program: string, inputs?: readonly string[]): JqRun {
  const result = spawnSync(JQ16_PATH, inputs === undefined ? ['-n', '-c', program] : ['-c', program], {
    input: inputs === undefined ? '' : `${inputs.join('\n')}\n`,
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `program` on jq 1.6 over `inputs` and parses one output per line. */
export function jq16Outputs(program: string, inputs: readonly string[]): unknown[] {
  const run = runJq16(program, inputs);
  if (run.status !== 0 || run.stderr !== '') {
    throw new Error(`jq 1.6 failed (status ${run.status}): ${run.stderr}`);
  }
  return run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}
