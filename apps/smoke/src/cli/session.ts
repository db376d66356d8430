import { relative, resolve } from 'node:path';
import { ValidationError } from '@icelog/core/validation';
import { toAwsError } from '../aws-errors';
import { parseDuration } from '../durations';
import { ExitCode, InterruptedError, SmokeError, UsageError } from '../errors';
import { Progress } from '../progress';
import { RunControl } from '../run-control';
import { type SettingName, type SmokeSettings, findWorkspaceRoot, loadSettings } from '../settings';
import type { AwsClientConfig, ClientFactory, CliDeps } from './deps';
import type { CommonFlags, SettingFlags } from './options';

/** What every command returns: its report (the `--json` document), its text and its exit code. */
export interface CommandResult {
  readonly report: { readonly exitCode: number } & object;
  readonly text: string;
  /** Extra members of the `--json` document (region, workgroup, …). */
  readonly extra?: Record<string, unknown>;
  /** Settings to describe above the text report. */
  readonly settings?: SmokeSettings;
  /**
   * What the report is about, first on the line above it (e.g. `Stream icelog-dev`).
   * @default - the database and workgroup, when the settings have them
   */
  readonly subject?: string;
}

/**
 * One run of one command: the deadline, Ctrl-C and halt switch ({@link RunControl}), progress with
 * a heartbeat, the settings, the SDK clients (destroyed at the end), and the report or the error on
 * the way out. Every command goes through {@link runCommand}, so the exit-code contract and the
 * `--json` document hold for all of them.
 */
export class Session {
  readonly timeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly control: RunControl;
  readonly progress: Progress;
  private readonly clients: { destroy(): void }[] = [];

  constructor(
    readonly deps: CliDeps,
    readonly command: string,
    private readonly flags: CommonFlags,
  ) {
    this.timeoutMs = parseDuration('--timeout', flags.timeout);
    this.requestTimeoutMs = parseDuration('--request-timeout', flags.requestTimeout);
    this.progress = new Progress({
      sink: deps.stderr,
      clock: deps.clock,
      quiet: flags.quiet,
      tickMs: deps.progressTickMs,
    });
    this.control = new RunControl({ clock: deps.clock, timeoutMs: this.timeoutMs, signal: deps.signal });
  }

  /** Loads and validates the settings (stack, outputs file, flags); throws a UsageError listing every problem. */
  settings(flags: SettingFlags, required: readonly SettingName[]): SmokeSettings {
    const { deps } = this;
    return loadSettings({
      app: this.flags.app,
      root: this.flags.root ? resolve(deps.cwd, this.flags.root) : findWorkspaceRoot(deps.cwd),
      cwd: deps.cwd,
      synthFile: this.flags.synth,
      outputsFile: this.flags.outputs,
      stack: this.flags.stack,
      flags: { region: this.flags.region, ...flags },
      required,
    });
  }

  /**
   * Builds an SDK client and checks once, before any call, that a region and credentials can be
   * found (instead of failing once per call). The client is destroyed when the command ends.
   */
  async client<
    T extends { destroy(): void; config: { region(): Promise<string>; credentials(): Promise<unknown> } },
  >(factory: ClientFactory<T>, region: string | undefined, label: string): Promise<T> {
    const config: AwsClientConfig = { region, requestTimeoutMs: this.requestTimeoutMs };
    const client = await factory(config);
    this.clients.push(client);
    try {
      await client.config.region();
      await client.config.credentials();
    } catch (error) {
      throw toAwsError(error, `${label} client setup`);
    }
    return client;
  }

  /** Registers a client built elsewhere so it is destroyed at the end. */
  adopt(client: { destroy(): void }): void {
    this.clients.push(client);
  }

  /** Ends the session: timers off, clients destroyed, the status line cleared. */
  close(): void {
    this.progress.done();
    this.control.dispose();
    for (const client of this.clients) client.destroy();
  }
}

/** Mutable state of one `runCli` call shared by the commands. */
export interface CliState {
  /** `--json` was given: every outcome, usage errors included, is one JSON document on stdout. */
  jsonMode: boolean;
  exitCode: number;
}

/**
 * Runs one command: builds the {@link Session}, runs `body`, prints the report (text or `--json`),
 * and turns any error into its exit code and message (and a JSON document with `--json`).
 */
export async function runCommand(
  deps: CliDeps,
  state: CliState,
  command: string,
  flags: CommonFlags,
  body: (session: Session) => Promise<CommandResult>,
): Promise<void> {
  state.jsonMode = flags.json === true;
  let session: Session | undefined;
  try {
    session = new Session(deps, command, flags);
    const result = await body(session);
    session.progress.done();
    if (state.jsonMode) {
      deps.stdout.write(`${JSON.stringify({ ...result.report, ...result.extra }, null, 2)}\n`);
    } else {
      deps.stdout.write(
        (result.settings ? describeContext(result.settings, deps.cwd, result.subject) : '') + result.text,
      );
    }
    state.exitCode = result.report.exitCode;
  } catch (error) {
    session?.progress.done();
    state.exitCode = reportFailure(deps, state.jsonMode, error, command);
  } finally {
    session?.close();
  }
}

/** Prints an error (and its JSON document with `--json`); returns its exit code. */
export function reportFailure(deps: CliDeps, jsonMode: boolean, error: unknown, command: string): number {
  const failure = normalizeError(error);
  deps.stderr.write(`error: ${failure.message}\n`);
  if (failure.hint) deps.stderr.write(`  hint: ${failure.hint}\n`);
  if (jsonMode) {
    const kind = (failure as { kind?: string }).kind ?? failure.name;
    deps.stdout.write(
      `${JSON.stringify({ command, ok: false, exitCode: failure.exitCode, error: { kind, message: failure.message, hint: failure.hint } }, null, 2)}\n`,
    );
  }
  return failure.exitCode;
}

function normalizeError(error: unknown): SmokeError {
  if (error instanceof SmokeError) return error;
  if (error instanceof ValidationError) return new UsageError(error.message);
  if (error instanceof Error && error.name === 'AbortError') return new InterruptedError();
  const message = error instanceof Error ? error.message : String(error);
  return new SmokeError(message, ExitCode.Aws);
}

/** The line above a text report: what was queried and where the settings came from. */
export function describeContext(settings: SmokeSettings, cwd: string, subject?: string): string {
  const file = settings.stackFile ?? settings.outputsFile;
  const shown = file ? relative(cwd, file) : undefined;
  const from = file && shown && !shown.startsWith('..') ? shown : file;
  const what = subject
    ? `${subject} · `
    : settings.database
      ? `Database ${settings.database} · workgroup ${settings.workgroup} · `
      : '';
  return `${what}${what ? 'region' : 'Region'} ${settings.region ?? '(from the AWS environment)'}${from ? ` · settings from ${from}` : ''}\n\n`;
}
