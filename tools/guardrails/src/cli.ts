#!/usr/bin/env node
import { formatJson, formatText } from './format';
import { loadStacks } from './load';
import { GuardrailOptions } from './options';
import { runPackOnStacks } from './runner';

/** Where the CLI writes; the process streams by default, buffers in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const USAGE = `Usage: icelog-guardrails <cdk.tf.json | stack dir | cdktf.out>... [options]

Checks synthesized Terraform JSON against the icelog guardrail pack (SECURITY.md).
Several stacks given together are also checked against each other (unique state keys).

Options:
  --json                          print the report as JSON
  --all                           also list compliant and not-applicable findings
  --require-cmk                   require customer-managed KMS keys (CKV_AWS_145/241/185/158)
  --require-versioning            require S3 versioning (CKV_AWS_21)
  --allow-public-ip               allow ECS tasks with public IPs (CKV_AWS_333 not applicable)
  --require-deletion-protection   require load balancer deletion protection (CKV_AWS_150)
  --allowed-ingress-cidr <cidr>   allowed security-group ingress CIDR (AVD-AWS-0107); repeatable
  --require-alarm-actions         require OK and ALARM actions on every alarm (ICELOG_ALARM_ACTIONS)
  -h, --help                      show this help

Exit status: 0 when nothing fails, 1 on an unsuppressed non-compliant finding or an invalid
suppression, 2 on bad arguments or unreadable input.
`;

const FLAGS: Record<string, keyof GuardrailOptions> = {
  '--require-cmk': 'requireCmk',
  '--require-versioning': 'requireVersioning',
  '--allow-public-ip': 'allowPublicIp',
  '--require-deletion-protection': 'requireDeletionProtection',
  '--require-alarm-actions': 'requireAlarmActions',
};

/** Runs the CLI on `args` (without `node` and the script) and returns the exit status. */
export function runCli(args: readonly string[], io: CliIo = processIo()): number {
  const options: { -readonly [K in keyof GuardrailOptions]: GuardrailOptions[K] } = {};
  const cidrs: string[] = [];
  const paths: string[] = [];
  let json = false;
  let all = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      io.stdout(USAGE);
      return 0;
    } else if (arg === '--json') json = true;
    else if (arg === '--all') all = true;
    else if (FLAGS[arg]) (options as Record<string, boolean>)[FLAGS[arg]] = true;
    else if (arg === '--allowed-ingress-cidr' || arg.startsWith('--allowed-ingress-cidr=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value === undefined || value === '') return usageError(io, '--allowed-ingress-cidr needs a CIDR');
      cidrs.push(value);
    } else if (arg.startsWith('-')) return usageError(io, `unknown option ${arg}`);
    else paths.push(arg);
  }
  if (paths.length === 0)
    return usageError(io, 'give at least one cdk.tf.json, stack directory or cdktf.out');
  if (cidrs.length > 0) options.allowedIngressCidrs = cidrs;
  try {
    const report = runPackOnStacks(loadStacks(paths), options);
    io.stdout(json ? formatJson(report) : formatText(report, { all }));
    return report.passed ? 0 : 1;
  } catch (error) {
    io.stderr(`icelog-guardrails: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`icelog-guardrails: ${message}\n\n${USAGE}`);
  return 2;
}

function processIo(): CliIo {
  return { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2));
}
