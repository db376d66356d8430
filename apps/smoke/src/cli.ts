import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { type CliDeps, defaultDeps } from './cli/deps';
import { EXIT_CODES_HELP } from './cli/options';
import { type CliState, reportFailure } from './cli/session';
import { registerCheck } from './commands/check';
import { registerE2e } from './commands/e2e';
import { registerFailures } from './commands/failures';
import { registerRedrive } from './commands/redrive';
import { registerStatus } from './commands/status';
import { ExitCode } from './errors';
import type { TextSink } from './progress';

export * from './cli/deps';

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** True when `--json` appears among the options (before a `--`), so even a usage error prints JSON. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** The command named in `argv` (for the JSON document of a usage error), or `''`. */
function commandName(argv: readonly string[], program: Command): string {
  const names = new Set(program.commands.map((command) => command.name()));
  return argv.find((arg) => names.has(arg)) ?? '';
}

/**
 * Parses `argv` (without `node` and the script) and runs the command.
 * @returns the exit code (see the `--help` text)
 */
export async function runCli(argv: readonly string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const deps: CliDeps = { ...defaultDeps(), ...given };
  const state: CliState = { jsonMode: false, exitCode: ExitCode.Ok };
  const json = wantsJson(argv);
  const write = (sink: TextSink) => (text: string) => void sink.write(text);
  let usageMessage: string | undefined;

  const program = new Command('icelog-smoke')
    .description(
      'Operate an icelog pipeline: prove that nginx logs arrive in the Iceberg tables and how fast, inspect and redrive failed records, and show its health.',
    )
    .version(version())
    .exitOverride()
    .configureOutput({
      writeOut: write(deps.stdout),
      writeErr: write(deps.stderr),
      outputError: (text, writeErr) => {
        usageMessage = text.replace(/^error: /, '').trim();
        writeErr(text);
      },
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);
  registerCheck(program, deps, state);
  registerE2e(program, deps, state);
  registerFailures(program, deps, state);
  registerRedrive(program, deps, state);
  registerStatus(program, deps, state);
  for (const command of program.commands)
    command.exitOverride().showHelpAfterError('(run with --help for usage)');

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with exit code 0; everything else commander rejects is a usage error.
      if (error.exitCode === 0) return ExitCode.Ok;
      if (json) {
        deps.stdout.write(
          `${JSON.stringify({ command: commandName(argv, program), ok: false, exitCode: ExitCode.Usage, error: { kind: 'USAGE', message: usageMessage ?? error.message } }, null, 2)}\n`,
        );
      }
      return ExitCode.Usage;
    }
    return reportFailure(deps, json, error, commandName(argv, program));
  }
  return state.exitCode;
}
