import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultOutDir, findTerraform, planOffline, terraformPlatform } from '../src';

/**
 * planOffline without the real Terraform: missing terraform or mirror (skipped, never faked), stacks
 * that cannot be planned offline, and how a failing Terraform step is reported (with a stub
 * `terraform`). The runs with the real terraform are in plan-offline.terraform.test.ts.
 */

const fixture = join(__dirname, 'fixtures', 'small-stack');
const scratch = mkdtempSync(join(tmpdir(), 'tf-offline-plan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function stackDir(name: string, json: unknown): string {
  const dir = join(scratch, name, 'cdktf.out', 'stacks', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  return dir;
}

describe('planOffline without terraform or a mirror: skipped, never faked', () => {
  const emptyPath = mkdtempSync(join(scratch, 'no-path-'));

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

describe('planOffline when a Terraform step fails (stub terraform)', () => {
  // Answers like Terraform, except the command named by TF_VAR_stub_fail, which fails as Terraform
  // does (exit 1, the diagnostic on stderr). TF_VAR_* is what planOffline passes through.
  const STUB = `#!/bin/sh
case "$1" in
  init) printf 'provider "registry.terraform.io/hashicorp/aws" {\\n  version = "5.100.0"\\n}\\n' > .terraform.lock.hcl ;;
  version) echo '{"terraform_version":"1.11.4"}' ;;
esac
if [ "$1" = "$TF_VAR_stub_fail" ]; then
  echo "output of $1"
  echo "Error: reading IAM Role (some-existing-role): api error IcelogOfflineNotImplemented" >&2
  exit 1
fi
if [ "$1" = show ]; then echo '{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[]}'; fi
exit 0
`;
  const dir = mkdtempSync(join(scratch, 'stub-'));
  const terraform = join(dir, 'terraform');
  writeFileSync(terraform, STUB);
  chmodSync(terraform, 0o755);
  const mirror = join(dir, 'mirror');
  mkdirSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', terraformPlatform()), {
    recursive: true,
  });

  it.each([
    ['init', ['init']],
    ['validate', ['init', 'validate']],
    ['plan', ['init', 'validate', 'plan']],
    ['show', ['init', 'validate', 'plan', 'show']],
  ])(
    'reports a failing %s: phase, exit code, output; no plan, no working directory left',
    async (step, ran) => {
      const temp = mkdtempSync(join(scratch, `tmp-${step}-`));
      const outDir = join(scratch, `out-${step}`);
      const r = await planOffline({
        stackDir: fixture,
        outDir,
        terraformBinary: terraform,
        mirror,
        env: { PATH: process.env.PATH, TMPDIR: temp, TF_VAR_stub_fail: step },
      });
      expect(r).toMatchObject({
        status: 'failed',
        phase: step,
        message: `terraform ${step} failed with exit code 1`,
        exitCode: 1,
        stdout: `output of ${step}\n`,
        stderr: 'Error: reading IAM Role (some-existing-role): api error IcelogOfflineNotImplemented\n',
        awsCalls: [],
        blockedConnections: [],
      });
      if (r.status !== 'failed') return;
      expect(r.phases.map((p) => p.phase)).toEqual(ran);
      expect(r).not.toHaveProperty('workDir');
      expect(existsSync(join(outDir, 'plan.json'))).toBe(false);
      expect(existsSync(join(defaultOutDir(fixture), 'plan.json'))).toBe(false);
      expect(readdirSync(temp)).toEqual([]);
    },
  );

  it('keeps the working directory when asked, and says where', async () => {
    const temp = mkdtempSync(join(scratch, 'tmp-kept-'));
    const r = await planOffline({
      stackDir: fixture,
      outDir: join(scratch, 'out-kept'),
      terraformBinary: terraform,
      mirror,
      keepWorkDir: true,
      env: { PATH: process.env.PATH, TMPDIR: temp, TF_VAR_stub_fail: 'plan' },
    });
    expect(r.status).toBe('failed');
    if (r.status !== 'failed') return;
    expect(readdirSync(temp)).toEqual([r.workDir!.slice(temp.length + 1)]);
    expect(readdirSync(r.workDir!).sort()).toEqual([
      '.terraform.lock.hcl',
      'cdk.tf.json',
      'home',
      'terraform.rc',
    ]);
  });
});
