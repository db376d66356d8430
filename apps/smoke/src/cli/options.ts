import { ValidationError, checkIntegerInRange } from '@icelog/core/validation';
import type { Command } from 'commander';
import type { SettingName } from '../settings';

/** The exit-code contract, shown in every `--help`. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    every expectation holds
  1    an expectation does not hold (too few rows, a marker not visible in time,
       a table or database missing, an alarm in ALARM, records left unsent)
  2    usage or configuration error (bad flag, missing or invalid setting, no endpoint)
  3    AWS error (access denied, no credentials, throttled beyond retries, a call
       that did not answer by --timeout, a query FAILED or CANCELLED)
  130  interrupted (Ctrl-C); running queries were stopped

Settings come from the app's synthesized stack (apps/<app>/cdktf.out/stacks/icelog-<app>/cdk.tf.json),
then from --outputs (values known only after deploy), then from flags; flags win.`;

/** Flags every command has. */
export interface CommonFlags {
  app?: string;
  root?: string;
  synth?: string;
  outputs?: string;
  stack?: string;
  region?: string;
  timeout: string;
  requestTimeout: string;
  json?: boolean;
  quiet?: boolean;
}

/** Where settings come from: `--app`, `--synth`, `--outputs`, `--stack`, `--region`. */
export function addSettingsOptions(command: Command): Command {
  return command
    .option(
      '--app <name>',
      'read settings from apps/<name>/cdktf.out/stacks/icelog-<name>/cdk.tf.json (dev, prod)',
    )
    .option('--root <dir>', 'workspace root for --app (default: nearest directory with nx.json)')
    .option('--synth <file>', 'read settings from this synthesized cdk.tf.json instead')
    .option(
      '--outputs <file>',
      'outputs file: "terraform output -json" or "cdktf deploy --outputs-file" format',
    )
    .option('--stack <name>', 'stack to read in a cdktf outputs file (default: icelog-<app>)')
    .option('--region <region>', 'AWS region (output "region")');
}

/** `--timeout`, `--request-timeout`, `--json`, `--quiet`. */
export function addRunOptions(command: Command, timeout: { text: string; default: string }): Command {
  return command
    .option('--timeout <duration>', timeout.text, timeout.default)
    .option(
      '--request-timeout <duration>',
      'longest one AWS request may take before it is retried (a call that never answers)',
      '30s',
    )
    .option('--json', 'print the report as one JSON document on stdout (progress stays on stderr)')
    .option('--quiet', 'no progress output');
}

/** `--concurrency <n>` (1–20). */
export function addConcurrencyOption(command: Command, what: string): Command {
  return command.option('--concurrency <n>', what, '3');
}

/** Parses an integer flag in [min, max]. */
export function integerFlag(field: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim()))
    throw new ValidationError(field, text, `must be an integer from ${min} to ${max}`);
  const value = Number(text);
  checkIntegerInRange(field, value, min, max);
  return value;
}

/** The setting values given as flags (undefined when absent). */
export type SettingFlags = Partial<Record<SettingName, unknown>>;
