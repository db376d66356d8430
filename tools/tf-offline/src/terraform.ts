import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first executable `terraform` on `path` (a PATH-style list), or `undefined`. */
export function findTerraform(path: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const name of process.platform === 'win32' ? ['terraform.exe'] : ['terraform']) {
      const candidate = join(dir, name);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Result of one Terraform command. */
export interface CommandResult {
  /** Exit code; `null` when killed. */
  readonly exitCode: number | null;
  /** Captured standard output. */
  readonly stdout: string;
  /** Captured standard error. */
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly durationMs: number;
  /** True when the command ran past its timeout and was killed. */
  readonly timedOut: boolean;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Working directory. */
  readonly cwd: string;
  /** Complete environment of the child (nothing is inherited). */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Kill the command after this many milliseconds.
   * @default 600000
   */
  readonly timeoutMs?: number;
}

/** Runs `command args…` without a shell, capturing output. Never throws for a non-zero exit. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, options.timeoutMs ?? 600_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        exitCode: code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: Math.round(performance.now() - started),
        timedOut,
      });
    });
  });
}

/** `1.11.4` from `terraform version -json` output; `undefined` when unreadable. */
export function parseTerraformVersion(json: string): string | undefined {
  try {
    const v = (JSON.parse(json) as { terraform_version?: unknown }).terraform_version;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The hashicorp/aws version recorded in a `.terraform.lock.hcl`, or `undefined`. */
export function lockedAwsVersion(lockFile: string): string | undefined {
  const m = /provider\s+"registry\.terraform\.io\/hashicorp\/aws"\s*\{[^}]*?\bversion\s*=\s*"([^"]+)"/s.exec(
    lockFile,
  );
  return m?.[1];
}

/** HCL string literal: JSON escapes plus `${` and `%{` escaped so no template is read. */
export function hclString(value: string): string {
  return JSON.stringify(value)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** A Terraform CLI configuration that installs hashicorp/aws only from `mirrorPath`, never the network. */
export function cliConfig(mirrorPath: string): string {
  return [
    'disable_checkpoint = true',
    '',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${hclString(mirrorPath)}`,
    '    include = ["registry.terraform.io/hashicorp/aws"]',
    '  }',
    '}',
    '',
  ].join('\n');
}
