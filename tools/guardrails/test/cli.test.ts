import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USAGE, runCli } from '../src';
import { COMPLIANT_STACK } from './fixtures/compliant-stack';
import { modified } from './helpers';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'guardrails-cli-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `cdktf.out/stacks/<name>/cdk.tf.json` under the temp dir. */
function writeStack(name: string, json: object): string {
  const stackDir = join(dir, 'cdktf.out', 'stacks', name);
  mkdirSync(stackDir, { recursive: true });
  const file = join(stackDir, 'cdk.tf.json');
  writeFileSync(file, JSON.stringify(json));
  return stackDir;
}

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const named = (name: string, key: string) =>
  modified(COMPLIANT_STACK, (j) => {
    j['//'].metadata.stackName = name;
    j.terraform.backend.s3.key = key;
  });

describe('icelog-guardrails', () => {
  it('exits 0 on a compliant stack directory', () => {
    const stackDir = writeStack('dev', named('dev', 'dev.tfstate'));
    const { code, stdout, stderr } = run([stackDir]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^guardrails \(icelog\) on dev: 0 failed/);
    expect(code).toBe(0);
  });

  it('exits 1 on an unsuppressed non-compliant finding, given the cdk.tf.json file', () => {
    const stackDir = writeStack(
      'dev',
      modified(named('dev', 'dev'), (j) => (j.resource.aws_kms_key.key.enable_key_rotation = false)),
    );
    const { code, stdout } = run([join(stackDir, 'cdk.tf.json')]);
    expect(stdout).toContain('FAIL    CKV_AWS_7');
    expect(code).toBe(1);
  });

  it('checks every stack of a cdktf.out directory together, with cross-stack rules', () => {
    writeStack('dev', named('dev', 'same.tfstate'));
    writeStack('prod', named('prod', 'same.tfstate'));
    const { code, stdout } = run([join(dir, 'cdktf.out'), '--json']);
    const report = JSON.parse(stdout);
    expect(report.stacks).toEqual(['dev', 'prod']);
    expect(report.failures.map((f: any) => [f.ruleId, f.stack])).toEqual([
      ['ICELOG_TF_3', 'dev'],
      ['ICELOG_TF_3', 'prod'],
    ]);
    expect(code).toBe(1);
  });

  it('passes option flags to the pack', () => {
    const stackDir = writeStack(
      'dev',
      modified(named('dev', 'dev'), (j) => {
        j.resource.aws_ecs_service.service.network_configuration.assign_public_ip = true;
        delete j.resource.aws_cloudwatch_log_group.ecs.kms_key_id;
      }),
    );
    expect(run([stackDir]).code).toBe(1);
    expect(run([stackDir, '--allow-public-ip']).code).toBe(0);
    const strict = run([stackDir, '--allow-public-ip', '--require-cmk', '--json']);
    expect(JSON.parse(strict.stdout).failures.map((f: any) => f.ruleId)).toEqual(['CKV_AWS_158']);
    expect(
      run([stackDir, '--allow-public-ip', '--require-versioning', '--require-deletion-protection']).code,
    ).toBe(0);
  });

  it('takes allowed ingress CIDRs in both spellings', () => {
    const stackDir = writeStack('dev', named('dev', 'dev'));
    expect(run([stackDir, '--allowed-ingress-cidr', '10.0.0.0/8']).code).toBe(0);
    const narrow = run([stackDir, '--allowed-ingress-cidr=10.0.0.0/16', '--json']);
    expect(JSON.parse(narrow.stdout).failures.map((f: any) => [f.ruleId, f.address])).toEqual([
      ['AVD-AWS-0107', 'aws_security_group_rule.alb_https'],
      ['AVD-AWS-0107', 'aws_vpc_security_group_ingress_rule.alb_http'],
    ]);
  });

  it('lists every finding with --all', () => {
    const stackDir = writeStack('dev', named('dev', 'dev'));
    expect(run([stackDir, '--all']).stdout).toContain('PASS    CKV_AWS_19');
  });

  it('prints help', () => {
    expect(run(['--help'])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });

  it('exits 2 on usage errors', () => {
    expect(run([])).toEqual({
      code: 2,
      stdout: '',
      stderr: `icelog-guardrails: give at least one cdk.tf.json, stack directory or cdktf.out\n\n${USAGE}`,
    });
    expect(run(['--bogus', 'x']).stderr).toMatch(/^icelog-guardrails: unknown option --bogus\n/);
    expect(run(['x', '--allowed-ingress-cidr']).stderr).toMatch(
      /^icelog-guardrails: --allowed-ingress-cidr needs a CIDR\n/,
    );
  });

  it('exits 2 on bad options, missing paths and unreadable JSON', () => {
    const stackDir = writeStack('dev', named('dev', 'dev'));
    expect(run([stackDir, '--allowed-ingress-cidr', 'nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'icelog-guardrails: Invalid allowedIngressCidrs[0]: must be an IPv4 or IPv6 CIDR such as 10.0.0.0/16 or 2001:db8::/32. Received: "nope"\n',
    });
    const missing = join(dir, 'missing');
    expect(run([missing]).stderr).toBe(`icelog-guardrails: ${missing}: no such file or directory\n`);
    expect(run([dir]).stderr).toBe(
      `icelog-guardrails: ${dir}: no cdk.tf.json here, nor under stacks/<name>/ (run cdktf synth first)\n`,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{');
    expect(run([bad]).stderr).toMatch(/^icelog-guardrails: .*bad\.json: not valid JSON \(/);
    writeFileSync(bad, '[]');
    expect(run([bad]).stderr).toBe(`icelog-guardrails: ${bad}: not a Terraform JSON object\n`);
  });
});
