import { writeFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { renderEndpointsModule } from './endpoints';
import { generateEndpoints } from './generate-endpoints';
import { PlanOfflineResult, planOffline } from './plan-offline';
import { formatResult } from './report';

/** Where the CLI writes. */
export interface CliIo {
  /** Standard output. */
  readonly stdout: (text: string) => void;
  /** Standard error. */
  readonly stderr: (text: string) => void;
  /**
   * Environment of the run.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** Exit codes of `icelog-tf-offline`. */
export const EXIT_CODES = {
  /** Planned, or skipped without `--require`. */
  ok: 0,
  /** Terraform init/validate/plan/show failed, or the stack cannot be planned offline. */
  failed: 1,
  /** Bad arguments. */
  usage: 2,
  /** Skipped while `--require` was given. */
  skippedButRequired: 3,
} as const;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** Exit code for a plan result. */
export function exitCodeFor(result: PlanOfflineResult, require: boolean): number {
  if (result.status === 'planned') return EXIT_CODES.ok;
  if (result.status === 'failed') return EXIT_CODES.failed;
  return require ? EXIT_CODES.skippedButRequired : EXIT_CODES.ok;
}

interface PlanCliOptions {
  out?: string;
  mirror?: string;
  terraform?: string;
  state?: string;
  accountId?: string;
  timeout: number;
  keepWorkdir?: boolean;
  json?: boolean;
  require?: boolean;
}

/**
 * Runs `icelog-tf-offline` with `argv` (arguments after the program name) and returns the exit code.
 * The bin (`dist/cli.js`) calls it with `process.argv.slice(2)`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT_CODES.ok;
  const program = new Command('icelog-tf-offline')
    .description('Offline terraform init/validate/plan of a synthesized cdktf stack against a local fake AWS')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command('plan', { isDefault: true })
    .description(
      'validate and plan a stack directory (holding cdk.tf.json); writes plan.json, plan.txt, report.json',
    )
    .argument('<stackDir>', 'e.g. apps/dev/cdktf.out/stacks/icelog-dev')
    .option('-o, --out <dir>', 'output directory (default: <stackDir>/../../validate)')
    .option(
      '--mirror <dir>',
      'provider mirror holding registry.terraform.io (default: $ICELOG_TF_PLUGIN_MIRROR, then autodetect)',
    )
    .option('--terraform <path>', 'terraform binary (default: first on PATH)')
    .option('--state <file>', 'plan against this state file (e.g. from terraform state pull)')
    .option('--account-id <id>', 'account id the fake STS returns')
    .option('--timeout <seconds>', 'timeout of each terraform command', positiveInt, 600)
    .option('--keep-workdir', 'keep the temporary working directory')
    .option('--json', 'print the result as JSON')
    .option(
      '--require',
      `exit ${EXIT_CODES.skippedButRequired} instead of 0 when terraform or the mirror is missing`,
    )
    .action(async (stackDir: string, opts: PlanCliOptions) => {
      const result = await planOffline({
        stackDir,
        env: io.env ?? process.env,
        timeoutMs: opts.timeout * 1000,
        ...(opts.out === undefined ? {} : { outDir: opts.out }),
        ...(opts.mirror === undefined ? {} : { mirror: opts.mirror }),
        ...(opts.terraform === undefined ? {} : { terraformBinary: opts.terraform }),
        ...(opts.state === undefined ? {} : { statePath: opts.state }),
        ...(opts.accountId === undefined ? {} : { accountId: opts.accountId }),
        ...(opts.keepWorkdir ? { keepWorkDir: true } : {}),
        log: opts.json ? undefined : (line) => io.stderr(`icelog-tf-offline: ${line}\n`),
      });
      if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const text = `${formatResult(result).join('\n')}\n`;
        if (result.status === 'failed') io.stderr(text);
        else io.stdout(text);
      }
      exitCode = exitCodeFor(result, opts.require === true);
    });

  program
    .command('generate-endpoints')
    .description('regenerate src/aws-provider-endpoints.generated.ts from the mirrored provider schema')
    .option('-o, --output <file>', 'write the module here instead of stdout')
    .option('--provider-version <version>', 'hashicorp/aws version (default: highest in the mirror)')
    .option('--mirror <dir>', 'provider mirror')
    .action(async (opts: { output?: string; providerVersion?: string; mirror?: string }) => {
      const endpoints = await generateEndpoints({
        env: io.env ?? process.env,
        ...(opts.providerVersion === undefined ? {} : { providerVersion: opts.providerVersion }),
        ...(opts.mirror === undefined ? {} : { mirror: opts.mirror }),
      });
      const module = renderEndpointsModule(endpoints);
      if (opts.output) writeFileSync(opts.output, module);
      else io.stdout(module);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.help'
        ? 0
        : EXIT_CODES.usage;
    }
    io.stderr(`icelog-tf-offline: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.failed;
  }
  return exitCode;
}
