import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ActionCounts, countActions, parsePlan } from '@icelog/plan-review';
import { AWS_PROVIDER_ENDPOINTS } from './aws-provider-endpoints.generated';
import { endpointNamesFromSchema, primaryEndpointNames } from './endpoints';
import { FakeAwsCall, FakeAwsServer } from './fake-aws/server';
import { findProviderMirror } from './mirror';
import { FAKE_CREDENTIALS, OfflineConfigError, offlineStackConfig, pinnedAccountId } from './offline-config';
import {
  CommandResult,
  cliConfig,
  findTerraform,
  lockedAwsVersion,
  parseTerraformVersion,
  runCommand,
} from './terraform';

/** Options of {@link planOffline}. */
export interface PlanOfflineOptions {
  /** Synthesized stack directory holding `cdk.tf.json`, e.g. `apps/dev/cdktf.out/stacks/icelog-dev`. */
  readonly stackDir: string;
  /**
   * Where `plan.json`, `plan.txt` and `report.json` are written.
   * @default - `<stackDir>/../../validate`, i.e. `cdktf.out/validate` of the app
   */
  readonly outDir?: string;
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
   * Environment to read `PATH`, `ICELOG_TF_PLUGIN_MIRROR`, `TF_VAR_*`, `TF_LOG*` and `TMPDIR` from.
   * Nothing else reaches Terraform.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * A Terraform state file to plan against (e.g. from `terraform state pull`); the plan then shows
   * updates and replacements instead of creations. Planned with `-refresh=false`, so no resource is read.
   * @default - an empty state
   */
  readonly statePath?: string;
  /**
   * Account id the fake STS returns.
   * @default - the stack's first `allowed_account_ids` entry, else `123456789012`
   */
  readonly accountId?: string;
  /**
   * Timeout of each Terraform command in milliseconds.
   * @default 600000
   */
  readonly timeoutMs?: number;
  /**
   * Keep the temporary working directory (its path is in the result) for debugging.
   * @default false
   */
  readonly keepWorkDir?: boolean;
  /**
   * Receives one line per step as it starts.
   * @default - silent
   */
  readonly log?: (line: string) => void;
}

/** Terraform step names. */
export type PlanPhase = 'init' | 'validate' | 'plan' | 'show';

/** Wall time of one step. */
export interface PhaseTiming {
  /** Step. */
  readonly phase: PlanPhase | 'schema';
  /** Milliseconds. */
  readonly durationMs: number;
}

/** Fields of every finished run. */
interface RunFacts {
  /** Wall time of the whole run in milliseconds. */
  readonly wallTimeMs: number;
  /** Wall time per Terraform step. */
  readonly phases: readonly PhaseTiming[];
  /** AWS calls the fake received. */
  readonly awsCalls: readonly FakeAwsCall[];
  /** Of those, the ones it does not implement. */
  readonly unsupportedCalls: readonly FakeAwsCall[];
  /** Connections that tried to leave through the refusing proxy. */
  readonly blockedConnections: readonly string[];
  /** What the rewrite changed in the stack. */
  readonly notes: readonly string[];
  /** The working directory, when kept. */
  readonly workDir?: string;
}

/** A plan was produced. */
export interface PlannedResult extends RunFacts {
  readonly status: 'planned';
  /** The stack directory planned. */
  readonly stackDir: string;
  /** `terraform show -json` output. */
  readonly planJsonPath: string;
  /** Human-readable plan (`terraform plan` output). */
  readonly planTextPath: string;
  /** This result as JSON. */
  readonly reportPath: string;
  /** Resource changes per action. */
  readonly counts: ActionCounts;
  /** Terraform version. */
  readonly terraformVersion: string;
  /** hashicorp/aws version Terraform installed from the mirror. */
  readonly providerVersion: string;
  /** Mirror used. */
  readonly mirror: string;
}

/** Terraform or the provider mirror is missing: nothing was run, nothing is claimed. */
export interface SkippedResult {
  readonly status: 'skipped';
  /** Why, e.g. `terraform not found on PATH`. */
  readonly reason: string;
}

/** A step failed. */
export interface FailedResult extends RunFacts {
  readonly status: 'failed';
  /** The step that failed; `config` when the stack cannot be planned offline at all. */
  readonly phase: PlanPhase | 'config' | 'schema';
  /** What went wrong, in one line. */
  readonly message: string;
  /** Exit code of the failed command; `null` when it was killed or never ran. */
  readonly exitCode: number | null;
  /** Its standard output. */
  readonly stdout: string;
  /** Its standard error. */
  readonly stderr: string;
}

/** Outcome of {@link planOffline}. */
export type PlanOfflineResult = PlannedResult | SkippedResult | FailedResult;

/** Default output directory for a stack directory: the app's `cdktf.out/validate`. */
export function defaultOutDir(stackDir: string): string {
  return resolve(stackDir, '..', '..', 'validate');
}

/** The environment Terraform runs with: built from scratch, offline by construction. */
export function terraformEnv(options: {
  readonly parentEnv: NodeJS.ProcessEnv;
  readonly workDir: string;
  readonly cliConfigPath: string;
  readonly proxyUrl: string;
}): NodeJS.ProcessEnv {
  const passed = Object.fromEntries(
    Object.entries(options.parentEnv).filter(
      ([k]) => k.startsWith('TF_VAR_') || k.startsWith('TF_LOG') || k === 'TMPDIR',
    ),
  );
  const home = join(options.workDir, 'home');
  return {
    ...passed,
    PATH: options.parentEnv.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TF_CLI_CONFIG_FILE: options.cliConfigPath,
    TF_DATA_DIR: join(options.workDir, '.terraform'),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKey,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
    HTTP_PROXY: options.proxyUrl,
    HTTPS_PROXY: options.proxyUrl,
    http_proxy: options.proxyUrl,
    https_proxy: options.proxyUrl,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
}

/**
 * Runs the real `terraform init`, `validate`, `plan -refresh=false` and `show -json` on a synthesized
 * stack, offline: the backend becomes local, hashicorp/aws comes from the filesystem mirror, and every
 * AWS endpoint points at a fake server on 127.0.0.1. Writes `plan.json`, `plan.txt` and `report.json`
 * to `outDir`. Returns `skipped` (with the reason) when Terraform or the mirror is missing, and never
 * fabricates a plan.
 */
export async function planOffline(options: PlanOfflineOptions): Promise<PlanOfflineResult> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const terraform = options.terraformBinary ?? findTerraform(env.PATH);
  if (!terraform) return { status: 'skipped', reason: 'terraform not found on PATH' };
  const lookup = findProviderMirror({ explicit: options.mirror, env });
  if (!lookup.found) return { status: 'skipped', reason: lookup.reason };
  const mirror = lookup.mirror.path;

  const stackDir = resolve(options.stackDir);
  const stackFile = join(stackDir, 'cdk.tf.json');
  const outDir = resolve(options.outDir ?? defaultOutDir(stackDir));
  const phases: PhaseTiming[] = [];
  let notes: readonly string[] = [];
  const workDir = mkdtempSync(join(env.TMPDIR ?? tmpdir(), 'icelog-tf-offline-'));
  let fake: FakeAwsServer | undefined;
  const facts = (): RunFacts => ({
    wallTimeMs: Math.round(performance.now() - started),
    phases,
    awsCalls: [...(fake?.calls ?? [])],
    unsupportedCalls: fake?.unsupportedCalls() ?? [],
    blockedConnections: [...(fake?.blockedConnections ?? [])],
    notes,
    ...(options.keepWorkDir ? { workDir } : {}),
  });
  const fail = (phase: FailedResult['phase'], message: string, result?: CommandResult): FailedResult => ({
    status: 'failed',
    phase,
    message,
    exitCode: result?.exitCode ?? null,
    stdout: result?.stdout ?? '',
    stderr: result?.stderr ?? '',
    ...facts(),
  });

  try {
    if (!existsSync(stackFile)) {
      return fail(
        'config',
        `no cdk.tf.json in ${stackDir}: synthesize the app first (cdktf synth / nx run <app>:synth)`,
      );
    }
    let stack: unknown;
    try {
      stack = JSON.parse(readFileSync(stackFile, 'utf8'));
    } catch (error) {
      return fail('config', `${stackFile} is not valid JSON: ${(error as Error).message}`);
    }
    fake = await FakeAwsServer.start({ accountId: options.accountId ?? pinnedAccountId(stack) });
    let endpointNames = primaryEndpointNames(AWS_PROVIDER_ENDPOINTS);
    const writeConfig = () => {
      const offline = offlineStackConfig(stack, {
        endpointUrl: fake!.url,
        proxyUrl: fake!.url,
        endpointNames,
      });
      notes = offline.notes;
      writeFileSync(join(workDir, 'cdk.tf.json'), JSON.stringify(offline.config, null, 2));
    };
    try {
      writeConfig();
    } catch (error) {
      if (error instanceof OfflineConfigError) return fail('config', error.message);
      throw error;
    }
    if (existsSync(join(stackDir, 'assets')))
      cpSync(join(stackDir, 'assets'), join(workDir, 'assets'), { recursive: true });
    if (options.statePath !== undefined)
      cpSync(resolve(options.statePath), join(workDir, 'terraform.tfstate'));
    mkdirSync(join(workDir, 'home'));
    const cliConfigPath = join(workDir, 'terraform.rc');
    writeFileSync(cliConfigPath, cliConfig(mirror));
    const tfEnv = terraformEnv({ parentEnv: env, workDir, cliConfigPath, proxyUrl: fake.url });
    const run = async (phase: PlanPhase | 'schema', args: string[]) => {
      log(`terraform ${args.join(' ')}`);
      const result = await runCommand(terraform, args, {
        cwd: workDir,
        env: tfEnv,
        timeoutMs: options.timeoutMs,
      });
      phases.push({ phase, durationMs: result.durationMs });
      return result;
    };
    const failed = (phase: PlanPhase | 'schema', result: CommandResult) =>
      fail(
        phase,
        result.timedOut
          ? `terraform ${phase} timed out after ${options.timeoutMs ?? 600_000} ms`
          : `terraform ${phase} failed with exit code ${result.exitCode}`,
        result,
      );

    const init = await run('init', ['init', '-input=false', '-no-color']);
    if (init.exitCode !== 0) return failed('init', init);
    const lock = existsSync(join(workDir, '.terraform.lock.hcl'))
      ? readFileSync(join(workDir, '.terraform.lock.hcl'), 'utf8')
      : '';
    const providerVersion = lockedAwsVersion(lock) ?? 'unknown';
    if (providerVersion !== AWS_PROVIDER_ENDPOINTS.providerVersion) {
      // The generated list belongs to another provider version: read this one's schema instead.
      const schema = await run('schema', ['providers', 'schema', '-json']);
      if (schema.exitCode !== 0) return failed('schema', schema);
      endpointNames = endpointNamesFromSchema(JSON.parse(schema.stdout));
      notes = [...notes, `endpoint names read from the hashicorp/aws ${providerVersion} schema`];
      writeConfig();
    }
    const validate = await run('validate', ['validate', '-no-color']);
    if (validate.exitCode !== 0) return failed('validate', validate);
    const plan = await run('plan', [
      'plan',
      '-refresh=false',
      '-input=false',
      '-lock=false',
      '-no-color',
      '-out=plan.tfplan',
    ]);
    if (plan.exitCode !== 0) return failed('plan', plan);
    const show = await run('show', ['show', '-json', '-no-color', 'plan.tfplan']);
    if (show.exitCode !== 0) return failed('show', show);
    const version = await runCommand(terraform, ['version', '-json'], { cwd: workDir, env: tfEnv });

    const planJson = parsePlan(JSON.parse(show.stdout), 'terraform show -json');
    mkdirSync(outDir, { recursive: true });
    const planJsonPath = join(outDir, 'plan.json');
    const planTextPath = join(outDir, 'plan.txt');
    const reportPath = join(outDir, 'report.json');
    writeFileSync(planJsonPath, show.stdout);
    writeFileSync(planTextPath, plan.stdout);
    const result: PlannedResult = {
      status: 'planned',
      stackDir,
      planJsonPath,
      planTextPath,
      reportPath,
      counts: countActions(planJson.resource_changes ?? []),
      terraformVersion: parseTerraformVersion(version.stdout) ?? planJson.terraform_version ?? 'unknown',
      providerVersion,
      mirror,
      ...facts(),
    };
    writeFileSync(reportPath, `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await fake?.close();
    if (!options.keepWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}
