import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanFile } from '@icelog/plan-review';
import {
  AWS_PROVIDER_ENDPOINTS,
  cliConfig,
  defaultOutDir,
  FakeAwsServer,
  findProviderMirror,
  findTerraform,
  offlineStackConfig,
  planOffline,
  PlannedResult,
  PlanOfflineResult,
  primaryEndpointNames,
  runCommand,
  terraformEnv,
} from '../src';

/**
 * End-to-end: the real terraform binary and the real hashicorp/aws 5.100.0 provider from the machine's
 * mirror, against the fake AWS server. CI machines have both; where they are missing these tests fail
 * with the skip reason in the message.
 */

jest.setTimeout(600_000);

const fixture = join(__dirname, 'fixtures', 'small-stack');
const scratch = mkdtempSync(join(tmpdir(), 'tf-offline-e2e-'));

function stackDir(name: string, json: unknown): string {
  const dir = join(scratch, name, 'cdktf.out', 'stacks', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  return dir;
}

function expectPlanned(result: PlanOfflineResult): asserts result is PlannedResult {
  if (result.status !== 'planned') {
    throw new Error(
      `expected a plan, got ${result.status}: ${JSON.stringify(result, null, 2).slice(0, 4000)}`,
    );
  }
}

describe('planOffline on a small cdktf stack (real terraform)', () => {
  let result: PlannedResult;
  const outDir = join(scratch, 'small-out');
  beforeAll(async () => {
    const r = await planOffline({ stackDir: fixture, outDir });
    expectPlanned(r);
    result = r;
  });

  it('plans the managed resources as creations and defers the policy document that needs their ARNs', () => {
    const plan = readPlanFile(result.planJsonPath);
    expect(plan.resource_changes!.map((rc) => [rc.address, rc.change.actions.join('+')])).toEqual([
      ['data.aws_iam_policy_document.Logs_ReadPolicy_9A1B2C3D', 'read'],
      ['aws_s3_bucket.Logs_Bucket_4F2A9C1E', 'create'],
      ['aws_s3_bucket_policy.Logs_BucketPolicy_6A7B8C9D', 'create'],
      ['aws_security_group.Network_ServiceSg_3C4D5E6F', 'create'],
    ]);
    expect(result.counts).toEqual({
      create: 3,
      update: 0,
      replace: 0,
      delete: 0,
      read: 1,
      'no-op': 0,
      forget: 0,
    });
  });

  it('reads the STS answer of the fake through the real provider (aws_caller_identity)', () => {
    const plan = JSON.parse(readFileSync(result.planJsonPath, 'utf8'));
    expect(plan.planned_values.outputs.account_id.value).toBe('123456789012');
    const bucket = plan.resource_changes.find((rc: any) => rc.type === 'aws_s3_bucket');
    expect(bucket.change.after.bucket).toBe('small-stack-logs-123456789012');
    expect(bucket.change.after.tags_all).toEqual({ app: 'icelog', env: 'test' });
  });

  it('resolves the default VPC lookup against the fake: one VPC, two subnets', () => {
    const plan = JSON.parse(readFileSync(result.planJsonPath, 'utf8'));
    expect(plan.planned_values.outputs.subnet_ids.value).toEqual([
      'subnet-0ce10f0ff11ne00a1',
      'subnet-0ce10f0ff11ne00b2',
    ]);
    const sg = plan.resource_changes.find((rc: any) => rc.type === 'aws_security_group');
    expect(sg.change.after.vpc_id).toBe('vpc-0ce10f0ff11ne0001');
  });

  it('records the AWS calls planning made, all answered, and no attempt to leave the machine', () => {
    const calls = result.awsCalls.map((c) => `${c.service} ${c.action}`);
    expect(calls).toEqual(
      expect.arrayContaining(['sts GetCallerIdentity', 'ec2 DescribeVpcs', 'ec2 DescribeSubnets']),
    );
    expect(result.unsupportedCalls).toEqual([]);
    expect(result.blockedConnections).toEqual([]);
    expect(result.awsCalls.every((c) => c.region === 'eu-west-1')).toBe(true);
  });

  it('writes plan.json, plan.txt and report.json, and reports versions and timings', () => {
    expect(readFileSync(result.planTextPath, 'utf8')).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    const report = JSON.parse(readFileSync(result.reportPath, 'utf8'));
    expect(report.status).toBe('planned');
    expect(report.counts.create).toBe(3);
    expect(result.terraformVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(result.providerVersion).toBe(AWS_PROVIDER_ENDPOINTS.providerVersion);
    expect(result.phases.map((p) => p.phase)).toEqual(['init', 'validate', 'plan', 'show']);
    expect(result.wallTimeMs).toBeGreaterThanOrEqual(result.phases.reduce((n, p) => n + p.durationMs, 0));
    expect(result.notes).toEqual(['backend "s3" replaced by a local backend']);
  });

  it('leaves nothing in the stack directory (the working directory is temporary)', () => {
    expect(existsSync(join(fixture, '.terraform'))).toBe(false);
    expect(existsSync(join(fixture, 'plan.tfplan'))).toBe(false);
    expect(result.workDir).toBeUndefined();
  });
});

describe('planOffline failures (real terraform)', () => {
  it('fails at plan, naming the AWS call the fake does not implement', async () => {
    const dir = stackDir('needs-iam', {
      terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
      provider: { aws: [{ region: 'eu-west-1' }] },
      data: { aws_iam_role: { existing: { name: 'some-existing-role' } } },
    });
    const r = await planOffline({ stackDir: dir });
    expect(r.status).toBe('failed');
    if (r.status !== 'failed') return;
    expect(r.phase).toBe('plan');
    expect(r.message).toBe('terraform plan failed with exit code 1');
    expect(r.unsupportedCalls.map((c) => `${c.service} ${c.action}`)).toEqual(['iam GetRole']);
    expect(r.stderr).toContain('icelog-tf-offline fake AWS does not implement iam GetRole');
    expect(r.blockedConnections).toEqual([]);
    expect(existsSync(join(defaultOutDir(dir), 'plan.json'))).toBe(false);
  });

  it('terraform validate rejects an endpoint name the provider does not have (so the list must be exact)', async () => {
    const terraform = findTerraform();
    const mirror = findProviderMirror();
    if (!terraform || !mirror.found)
      throw new Error(`terraform or the provider mirror is missing: ${JSON.stringify(mirror)}`);
    const fake = await FakeAwsServer.start();
    const work = mkdtempSync(join(scratch, 'validate-'));
    try {
      mkdirSync(join(work, 'home'));
      writeFileSync(join(work, 'terraform.rc'), cliConfig(mirror.mirror.path));
      const env = terraformEnv({
        parentEnv: process.env,
        workDir: work,
        cliConfigPath: join(work, 'terraform.rc'),
        proxyUrl: fake.url,
      });
      const stack = JSON.parse(readFileSync(join(fixture, 'cdk.tf.json'), 'utf8'));
      const write = (names: string[]) =>
        writeFileSync(
          join(work, 'cdk.tf.json'),
          JSON.stringify(
            offlineStackConfig(stack, { endpointUrl: fake.url, proxyUrl: fake.url, endpointNames: names })
              .config,
            null,
            2,
          ),
        );
      write(primaryEndpointNames(AWS_PROVIDER_ENDPOINTS));
      expect(
        (await runCommand(terraform, ['init', '-input=false', '-no-color'], { cwd: work, env })).exitCode,
      ).toBe(0);
      const ok = await runCommand(terraform, ['validate', '-no-color'], { cwd: work, env });
      expect([ok.exitCode, ok.stdout.trim()]).toEqual([0, 'Success! The configuration is valid.']);
      write([...primaryEndpointNames(AWS_PROVIDER_ENDPOINTS), 'icelogfakeservice']);
      const bad = await runCommand(terraform, ['validate', '-no-color'], { cwd: work, env });
      expect(bad.exitCode).toBe(1);
      expect(bad.stderr).toContain('Error: Extraneous JSON object property');
      expect(bad.stderr).toContain('No argument or block type is named "icelogfakeservice".');
    } finally {
      await fake.close();
    }
  });
});

describe('planOffline without terraform or a mirror: skipped, never faked', () => {
  const emptyPath = mkdtempSync(join(tmpdir(), 'tf-no-path-'));

  it('skips when terraform is not on PATH', async () => {
    const outDir = join(scratch, 'skipped-out');
    const r = await planOffline({ stackDir: fixture, outDir, env: { PATH: emptyPath } });
    expect(r).toEqual({ status: 'skipped', reason: 'terraform not found on PATH' });
    expect(existsSync(outDir)).toBe(false);
  });

  it('skips when the mirror named by ICELOG_TF_PLUGIN_MIRROR has no provider', async () => {
    const terraform = findTerraform();
    const r = await planOffline({
      stackDir: fixture,
      terraformBinary: terraform ?? '/usr/local/bin/terraform',
      env: { PATH: process.env.PATH, ICELOG_TF_PLUGIN_MIRROR: emptyPath },
    });
    expect(r).toEqual({
      status: 'skipped',
      reason: `no provider mirror: ICELOG_TF_PLUGIN_MIRROR=${emptyPath} has no registry.terraform.io/hashicorp/aws/<version>/linux_amd64`,
    });
  });
});

describe('planOffline on stacks that cannot be planned offline (no terraform run)', () => {
  it('fails for a directory without cdk.tf.json', async () => {
    const dir = mkdtempSync(join(scratch, 'empty-'));
    const r = await planOffline({ stackDir: dir });
    expect(r).toMatchObject({
      status: 'failed',
      phase: 'config',
      message: `no cdk.tf.json in ${dir}: synthesize the app first (cdktf synth / nx run <app>:synth)`,
      phases: [],
    });
  });

  it('fails for a stack needing another provider', async () => {
    const dir = stackDir('random', {
      terraform: { required_providers: { random: { source: 'hashicorp/random' } } },
    });
    const r = await planOffline({ stackDir: dir });
    expect(r).toMatchObject({
      status: 'failed',
      phase: 'config',
      message:
        'the stack requires providers other than hashicorp/aws (random (hashicorp/random)); only hashicorp/aws is mirrored, so it cannot be planned offline',
    });
  });

  it('puts plans in the app cdktf.out/validate by default', () => {
    expect(defaultOutDir('/repo/apps/dev/cdktf.out/stacks/icelog-dev')).toBe(
      '/repo/apps/dev/cdktf.out/validate',
    );
  });
});
