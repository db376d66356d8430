import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { cliConfig, findProviderMirror, findTerraform, lockedAwsVersion, runCommand } from '../src';

/**
 * The committed provider lock files (`apps/<app>/.terraform.lock.hcl`) against the real Terraform and
 * the hashicorp/aws mirror: `terraform init -lockfile=readonly` accepts them for the provider the
 * stacks require and changes nothing, and refuses a lock whose checksum or version does not match, so
 * CI cannot install a provider nobody reviewed. Without terraform or the mirror these tests fail with
 * the reason; they never skip.
 */

jest.setTimeout(120_000);

const root = join(__dirname, '..', '..', '..');
const apps = readdirSync(join(root, 'apps')).filter((app) => {
  const project = JSON.parse(readFileSync(join(root, 'apps', app, 'project.json'), 'utf8'));
  return project.targets?.synth !== undefined;
});
const lockOf = (app: string) => readFileSync(join(root, 'apps', app, '.terraform.lock.hcl'), 'utf8');

/** `terraform.required_providers` of a stack with the AwsProvider binding the apps use. */
function requiredProviders(): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), 'lock');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return JSON.parse(Testing.synth(stack)).terraform.required_providers;
}

const scratch = mkdtempSync(join(tmpdir(), 'tf-lockfile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function initReadonly(name: string, lock: string) {
  const terraform = findTerraform();
  if (!terraform) throw new Error('terraform is not on PATH (Terraform 1.11 is needed for this test)');
  const mirror = findProviderMirror();
  if (!mirror.found) throw new Error(mirror.reason);
  const dir = join(scratch, name);
  const cliFile = join(scratch, `${name}.tfrc`);
  writeFileSync(cliFile, cliConfig(mirror.mirror.path));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'main.tf.json'),
    JSON.stringify({ terraform: { required_providers: requiredProviders() } }),
  );
  writeFileSync(join(dir, '.terraform.lock.hcl'), lock);
  const r = await runCommand(
    terraform,
    ['init', '-backend=false', '-input=false', '-no-color', '-lockfile=readonly'],
    {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: scratch, TF_CLI_CONFIG_FILE: cliFile, CHECKPOINT_DISABLE: '1' },
    },
  );
  return { ...r, lockAfter: readFileSync(join(dir, '.terraform.lock.hcl'), 'utf8') };
}

describe('committed provider lock files', () => {
  it('exist for every app with a synth target', () => {
    expect(apps.sort()).toEqual(['dev', 'prod']);
    for (const app of apps) expect(existsSync(join(root, 'apps', app, '.terraform.lock.hcl'))).toBe(true);
  });

  it('lock the hashicorp/aws version the stacks require', () => {
    const required = requiredProviders() as { aws: { version: string } };
    for (const app of apps) expect([app, lockedAwsVersion(lockOf(app))]).toEqual([app, required.aws.version]);
  });

  it.each(apps)('%s: terraform init -lockfile=readonly accepts it and leaves it unchanged', async (app) => {
    const r = await initReadonly(app, lockOf(app));
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('Terraform has been successfully initialized!');
    expect(r.lockAfter).toBe(lockOf(app));
  });

  it('refuses a lock whose linux_amd64 checksum does not match the provider package', async () => {
    const tampered = lockOf('dev').replace(/"h1:[^"]+"/, '"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="');
    const r = await initReadonly('tampered', tampered);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.replace(/\s+/g, ' ')).toMatch(
      /doesn't match any of the checksums previously recorded in the dependency lock file/,
    );
  });

  it('refuses to change a lock for another provider version (read-only)', async () => {
    const other = lockOf('dev')
      .replace(/version\s+= "5\.100\.0"/, 'version     = "5.99.1"')
      .replace(/constraints = "5\.100\.0"/, 'constraints = "5.99.1"');
    const r = await initReadonly('other-version', other);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.replace(/\s+/g, ' ')).toContain(
      'locked provider registry.terraform.io/hashicorp/aws 5.99.1 does not match configured version constraint 5.100.0',
    );
    expect(r.lockAfter).toBe(other);
  });

  it.each(apps)('%s: nx diff and deploy put it where cdktf keeps a stack lock file', (app) => {
    const project = JSON.parse(readFileSync(join(root, 'apps', app, 'project.json'), 'utf8'));
    for (const target of ['diff', 'deploy']) {
      expect(project.targets[target].options.command).toMatch(
        new RegExp(
          `^mkdir -p apps/${app}/cdktf\\.out/stacks/icelog-${app} && cp apps/${app}/\\.terraform\\.lock\\.hcl apps/${app}/cdktf\\.out/stacks/icelog-${app}/ && cdktf `,
        ),
      );
    }
  });
});
