import { spawn } from 'node:child_process';

/** The jq engines the simulator can run a query on. */
export type JqEngineName =
  /** jq 1.7.1 compiled to WebAssembly (npm `jq-wasm`), in-process: nothing to install. */
  | 'jq-wasm'
  /** The `jq` executable (Debian/Ubuntu `apt-get install jq` is jq 1.6, the Firehose version). */
  | 'jq-binary';

/** The engine names, for option parsing. */
export const JQ_ENGINE_NAMES: readonly JqEngineName[] = ['jq-wasm', 'jq-binary'];

/** What a jq run printed. */
export interface JqRunResult {
  /** One entry per output value (jq runs with `-c`, so each is one line). */
  readonly outputs: readonly string[];
  /** What jq wrote to stderr (compile errors). */
  readonly stderr: string;
  /** jq's exit status: 0 on success, 3 for a compile error. */
  readonly exitCode: number;
}

/** A jq implementation. */
export interface JqEngine {
  readonly name: JqEngineName;
  /** The version string, e.g. `jq-1.6`. */
  version(): Promise<string>;
  /**
   * Runs `program` with `-c -a` (compact, ASCII output) over `inputs`, each one JSON text, in order.
   * Stops at the first batch jq cannot run (exit status other than 0) and returns what it printed.
   */
  run(program: string, inputs: readonly string[]): Promise<JqRunResult>;
}

/** Options of {@link createJqEngine}. */
export interface JqEngineOptions {
  /**
   * The jq executable for `jq-binary`: a path or a name looked up on PATH.
   * @default 'jq'
   */
  readonly jqPath?: string;
}

const JQ_FLAGS = ['-c', '-a'];

/**
 * jq-wasm reads its input one byte at a time and copies the rest of the buffer for each byte, so its
 * cost grows with the square of the input size. Inputs go in batches of about this many bytes, which
 * measured fastest (fewer, larger batches pay the quadratic cost; smaller ones pay jq's start-up).
 */
const WASM_BATCH_BYTES = 4096;

class JqWasmEngine implements JqEngine {
  public readonly name = 'jq-wasm' as const;

  public async version(): Promise<string> {
    const jq = await import('jq-wasm');
    return jq.version();
  }

  public async run(program: string, inputs: readonly string[]): Promise<JqRunResult> {
    const jq = await import('jq-wasm');
    const outputs: string[] = [];
    for (const batch of batches(inputs, WASM_BATCH_BYTES)) {
      const result = await jq.raw(batch.join('\n'), program, JQ_FLAGS);
      outputs.push(...lines(result.stdout));
      if (result.exitCode !== 0) return { outputs, stderr: result.stderr, exitCode: result.exitCode };
    }
    return { outputs, stderr: '', exitCode: 0 };
  }
}

class JqBinaryEngine implements JqEngine {
  public readonly name = 'jq-binary' as const;

  constructor(private readonly jqPath: string) {}

  public async version(): Promise<string> {
    const result = await this.spawn(['--version'], '');
    return result.stdout.trim();
  }

  public async run(program: string, inputs: readonly string[]): Promise<JqRunResult> {
    const stdin = inputs.length > 0 ? `${inputs.join('\n')}\n` : '';
    const result = await this.spawn([...JQ_FLAGS, program], stdin);
    return { outputs: lines(result.stdout), stderr: result.stderr, exitCode: result.exitCode };
  }

  /** Runs jq once, feeding `stdin`. */
  private spawn(
    args: string[],
    stdin: string,
  ): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.jqPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'ENOENT'
            ? new Error(
                `jq executable "${this.jqPath}" not found: install jq 1.6 (Debian/Ubuntu: apt-get install jq) or use the jq-wasm engine`,
              )
            : error,
        );
      });
      child.on('close', (code) => {
        resolve({
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          exitCode: code ?? 1,
        });
      });
      // jq may exit before reading everything (compile error): ignore the broken pipe.
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin);
    });
  }
}

/** A jq engine by name. */
export function createJqEngine(name: JqEngineName, options: JqEngineOptions = {}): JqEngine {
  switch (name) {
    case 'jq-wasm':
      return new JqWasmEngine();
    case 'jq-binary':
      return new JqBinaryEngine(options.jqPath ?? 'jq');
    default:
      throw new Error(`unknown jq engine ${JSON.stringify(name)}: use one of ${JQ_ENGINE_NAMES.join(', ')}`);
  }
}

function lines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line !== '');
}

function* batches(inputs: readonly string[], maxBytes: number): Generator<string[]> {
  let batch: string[] = [];
  let size = 0;
  for (const input of inputs) {
    if (batch.length > 0 && size + input.length > maxBytes) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(input);
    size += input.length + 1;
  }
  if (batch.length > 0) yield batch;
}
