import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_PROVIDER_ENDPOINTS } from './aws-provider-endpoints.generated';
import { FakeAwsServer } from './fake-aws/server';
import { findProviderMirror, terraformPlatform } from './mirror';
import { terraformEnv } from './plan-offline';
import { CommandResult, cliConfig, findTerraform, runCommand } from './terraform';

/**
 * A Terraform-backed test cannot run: no `terraform` on `PATH`, or no hashicorp/aws mirror. Tests
 * let it fail (never skip), so a machine without Terraform reports the missing piece instead of
 * passing without checking anything.
 */
export class TerraformUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `this test needs the real terraform and the hashicorp/aws provider mirror: ${reason} ` +
        '(put terraform on PATH and set ICELOG_TF_PLUGIN_MIRROR to the mirror directory)',
    );
    this.name = 'TerraformUnavailableError';
  }
}

/** Options of {@link TerraformWorkspace.create}. */
export interface TerraformWorkspaceOptions {
  /**
   * hashicorp/aws version to install from the mirror.
   * @default - the version of the generated endpoint list (`AWS_PROVIDER_ENDPOINTS.providerVersion`)
   */
  readonly providerVersion?: string;
  /**
   * Provider mirror directory (holding `registry.terraform.io`).
   * @default - `$ICELOG_TF_PLUGIN_MIRROR`, else the usual plugin directories, else a filesystem search
   */
  readonly mirror?: string;
  /**
   * Terraform binary.
   * @default - the first `terraform` on `PATH`
   */
  readonly terraformBinary?: string;
  /**
   * Environment to read `PATH`, `ICELOG_TF_PLUGIN_MIRROR`, `TF_LOG*` and `TMPDIR` from; nothing else
   * reaches Terraform (see {@link terraformEnv}).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Timeout of each Terraform command in milliseconds.
   * @default 300000
   */
  readonly timeoutMs?: number;
  /**
   * Directory of the provider schema cache shared by test files and runs.
   * @default - `$ICELOG_TF_CACHE_DIR` (the test command sets it to a folder of its per-run temp
   * folder, shared by every project), else `icelog-tf-offline-cache` in `TMPDIR` (or the OS temp directory)
   */
  readonly cacheDir?: string;
}

/** One diagnostic of `terraform validate -json`. */
export interface TerraformDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly range?: {
    readonly filename: string;
    readonly start: { readonly line: number; readonly column: number; readonly byte: number };
    readonly end: { readonly line: number; readonly column: number; readonly byte: number };
  };
  readonly snippet?: { readonly context?: string | null; readonly code?: string };
}

/** `terraform validate -json` output. */
export interface ValidateReport {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: readonly TerraformDiagnostic[];
}

/** Result of a command run in a workspace: the command's result and the directory it ran in. */
export interface WorkspaceCommandResult extends CommandResult {
  /** The configuration directory (removed by {@link TerraformWorkspace.dispose}). */
  readonly dir: string;
}

/** Options of {@link TerraformWorkspace.plan}. */
export interface WorkspacePlanOptions {
  /**
   * Terraform state (version 4 JSON) to plan against; the plan never refreshes it.
   * @default - an empty state
   */
  readonly state?: unknown;
  /**
   * Arguments added after `plan -refresh=false -input=false -lock=false -no-color`, e.g.
   * `-detailed-exitcode` or `-out=plan.tfplan`.
   * @default []
   */
  readonly args?: readonly string[];
}

/** Terraform JSON configuration: a string, or an object to serialize. */
export type TerraformConfig = string | Record<string, unknown>;

const DEFAULT_TIMEOUT_MS = 300_000;

/** Memo of schema reads in this module instance, by cache file: one read however many callers. */
const schemaReads = new Map<string, Promise<unknown>>();

/**
 * One `terraform init` shared by many configurations: each {@link validate}, {@link plan} or
 * {@link run} writes its configuration to a fresh directory that reuses the workspace's provider
 * installation (`TF_DATA_DIR`) and lock file, so a test file pays for init once, and independent
 * commands can run side by side (`Promise.all`). Terraform runs offline like {@link planOffline}:
 * the provider comes from the filesystem mirror only, the environment is built from scratch with
 * fake credentials, and proxies point at a {@link FakeAwsServer} that refuses every connection.
 *
 * `terraform providers schema -json` is cached on disk ({@link providerSchema}), keyed by the
 * Terraform and provider binaries, so test files and runs share one read of the 13 MB schema.
 */
export class TerraformWorkspace {
  /**
   * Finds Terraform and the mirror and prepares the workspace; `terraform init` starts on the first
   * command (or {@link init}). Throws {@link TerraformUnavailableError} when either is missing.
   */
  static async create(options: TerraformWorkspaceOptions = {}): Promise<TerraformWorkspace> {
    const env = options.env ?? process.env;
    const terraform = options.terraformBinary ?? findTerraform(env.PATH);
    if (!terraform) throw new TerraformUnavailableError('terraform not found on PATH');
    const lookup = findProviderMirror({ explicit: options.mirror, env });
    if (!lookup.found) throw new TerraformUnavailableError(lookup.reason);
    const providerVersion = options.providerVersion ?? AWS_PROVIDER_ENDPOINTS.providerVersion;
    if (!lookup.mirror.awsVersions.includes(providerVersion)) {
      throw new TerraformUnavailableError(
        `the mirror ${lookup.mirror.path} has hashicorp/aws ${lookup.mirror.awsVersions.join(', ')}, not ${providerVersion}`,
      );
    }
    const temp = env.TMPDIR ?? tmpdir();
    const dir = mkdtempSync(join(temp, 'icelog-tf-workspace-'));
    const fake = await FakeAwsServer.start();
    mkdirSync(join(dir, 'home'));
    const cliConfigPath = join(dir, 'terraform.rc');
    writeFileSync(cliConfigPath, cliConfig(lookup.mirror.path));
    writeFileSync(
      join(dir, 'main.tf.json'),
      JSON.stringify({
        terraform: {
          required_providers: { aws: { source: 'hashicorp/aws', version: providerVersion } },
        },
      }),
    );
    return new TerraformWorkspace({
      dir,
      terraform,
      mirror: lookup.mirror.path,
      providerVersion,
      fake,
      env: terraformEnv({ parentEnv: env, workDir: dir, cliConfigPath, proxyUrl: fake.url }),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      cacheDir: options.cacheDir ?? (env.ICELOG_TF_CACHE_DIR || join(temp, 'icelog-tf-offline-cache')),
    });
  }

  /** Root directory: CLI config, `home`, the shared `.terraform` and lock file. */
  readonly dir: string;
  /** Terraform binary. */
  readonly terraform: string;
  /** Provider mirror directory. */
  readonly mirror: string;
  /** hashicorp/aws version installed. */
  readonly providerVersion: string;
  /** The refusing proxy (and fake AWS) every command's traffic goes to. */
  readonly fake: FakeAwsServer;
  /** Environment every command runs with. */
  readonly env: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;
  private readonly cacheDir: string;
  private initialized?: Promise<void>;
  private runs = 0;

  private constructor(props: {
    dir: string;
    terraform: string;
    mirror: string;
    providerVersion: string;
    fake: FakeAwsServer;
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
    cacheDir: string;
  }) {
    this.dir = props.dir;
    this.terraform = props.terraform;
    this.mirror = props.mirror;
    this.providerVersion = props.providerVersion;
    this.fake = props.fake;
    this.env = props.env;
    this.timeoutMs = props.timeoutMs;
    this.cacheDir = props.cacheDir;
  }

  /** Runs `terraform init` once (later calls return the same promise); throws when it fails. */
  init(): Promise<void> {
    this.initialized ??= runCommand(this.terraform, ['init', '-input=false', '-no-color'], {
      cwd: this.dir,
      env: this.env,
      timeoutMs: this.timeoutMs,
    }).then((r) => {
      if (r.exitCode !== 0) {
        throw new Error(`terraform init failed with exit code ${r.exitCode}:\n${r.stderr}${r.stdout}`);
      }
    });
    return this.initialized;
  }

  /**
   * Runs `terraform <args>` in a fresh directory holding `files` (name → content), after init.
   * Never throws for a non-zero exit.
   */
  async run(
    args: readonly string[],
    files: Readonly<Record<string, string>>,
  ): Promise<WorkspaceCommandResult> {
    await this.init();
    const dir = join(this.dir, `config-${++this.runs}`);
    mkdirSync(dir);
    copyFileSync(join(this.dir, '.terraform.lock.hcl'), join(dir, '.terraform.lock.hcl'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const result = await runCommand(this.terraform, args, {
      cwd: dir,
      env: this.env,
      timeoutMs: this.timeoutMs,
    });
    return { ...result, dir };
  }

  /** `terraform validate -json` of `config`. Throws only when Terraform prints no report. */
  async validate(config: TerraformConfig): Promise<ValidateReport> {
    const r = await this.run(['validate', '-json', '-no-color'], { 'main.tf.json': text(config) });
    try {
      return JSON.parse(r.stdout) as ValidateReport;
    } catch {
      throw new Error(
        `terraform validate printed no JSON report (exit ${r.exitCode}):\n${r.stderr}${r.stdout}`,
      );
    }
  }

  /**
   * `terraform plan -refresh=false -input=false -lock=false -no-color` of `config` (against
   * `state`): the provider's own diff, without reading anything from AWS.
   */
  plan(config: TerraformConfig, options: WorkspacePlanOptions = {}): Promise<WorkspaceCommandResult> {
    const files: Record<string, string> = { 'main.tf.json': text(config) };
    if (options.state !== undefined) files['terraform.tfstate'] = JSON.stringify(options.state);
    return this.run(
      ['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color', ...(options.args ?? [])],
      files,
    );
  }

  /**
   * `terraform providers schema -json` of the workspace's provider, parsed. Read once per machine:
   * the output is cached in the cache directory under a key made of the Terraform binary and the
   * provider files (path, size, modification time), written atomically (temp file + rename), so
   * parallel test workers at worst both read it and one rename wins.
   */
  providerSchema(): Promise<unknown> {
    const path = this.schemaCachePath();
    let read = schemaReads.get(path);
    if (!read) {
      read = this.readSchema(path);
      schemaReads.set(path, read);
      read.catch(() => schemaReads.delete(path));
    }
    return read;
  }

  /** Path of the schema cache file for this Terraform binary and provider. */
  schemaCachePath(): string {
    return join(this.cacheDir, `aws-${this.providerVersion}-schema-${this.schemaCacheKey()}.json`);
  }

  /** Stops the fake server and removes the workspace. */
  async dispose(): Promise<void> {
    await this.fake.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async readSchema(path: string): Promise<unknown> {
    if (existsSync(path)) {
      try {
        return JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // A damaged cache file: read the schema again and replace it.
      }
    }
    await this.init();
    const r = await runCommand(this.terraform, ['providers', 'schema', '-json'], {
      cwd: this.dir,
      env: this.env,
      timeoutMs: this.timeoutMs,
    });
    if (r.exitCode !== 0) {
      throw new Error(`terraform providers schema failed with exit code ${r.exitCode}:\n${r.stderr}`);
    }
    const schema: unknown = JSON.parse(r.stdout);
    mkdirSync(this.cacheDir, { recursive: true });
    const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temp, r.stdout);
    renameSync(temp, path);
    return schema;
  }

  private schemaCacheKey(): string {
    const providerDir = join(
      this.mirror,
      'registry.terraform.io',
      'hashicorp',
      'aws',
      this.providerVersion,
      terraformPlatform(),
    );
    const packed = join(
      this.mirror,
      'registry.terraform.io',
      'hashicorp',
      'aws',
      `terraform-provider-aws_${this.providerVersion}_${terraformPlatform()}.zip`,
    );
    const files = existsSync(providerDir)
      ? readdirSync(providerDir).map((f) => join(providerDir, f))
      : [packed];
    const identity = [this.terraform, ...files].sort().map((f) => {
      const real = realpathSync(f);
      const s = statSync(real);
      return `${real}:${s.size}:${s.mtimeMs}`;
    });
    return createHash('sha256')
      .update(JSON.stringify([this.providerVersion, ...identity]))
      .digest('hex')
      .slice(0, 16);
  }
}

function text(config: TerraformConfig): string {
  return typeof config === 'string' ? config : JSON.stringify(config, null, 2);
}
