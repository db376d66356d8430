import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TerraformUnavailableError, TerraformWorkspace, terraformPlatform } from '../src';

/**
 * The workspace's plumbing, with a stub `terraform` (a shell script that logs how it was called and
 * answers like Terraform would) and a stub mirror: no real Terraform runs here. The real one is
 * exercised by plan-offline.terraform.test.ts and the packages' *.terraform.test.ts files.
 */

const root = mkdtempSync(join(tmpdir(), 'tf-workspace-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const emptyPath = mkdtempSync(join(root, 'empty-path-'));

function mirrorWith(name: string, version: string): { mirror: string; provider: string } {
  const dir = join(root, name, 'registry.terraform.io', 'hashicorp', 'aws', version, terraformPlatform());
  mkdirSync(dir, { recursive: true });
  const provider = join(dir, `terraform-provider-aws_v${version}_x5`);
  writeFileSync(provider, 'not a real provider');
  return { mirror: join(root, name), provider };
}

const STUB = `#!/bin/sh
log="$TF_VAR_stub_log"
printf '%s|%s|%s|%s|%s\\n' "$*" "$PWD" "$TF_DATA_DIR" "$HTTPS_PROXY" "\${AWS_PROFILE:-no-profile}" >> "$log"
case "$1" in
  init)
    mkdir -p "$TF_DATA_DIR"
    printf 'provider "registry.terraform.io/hashicorp/aws" {\\n  version = "5.100.0"\\n}\\n' > .terraform.lock.hcl ;;
  validate)
    if grep -q broken main.tf.json; then echo 'Error: not JSON at all' >&2; exit 1; fi
    echo '{"format_version":"1.0","valid":true,"error_count":0,"warning_count":0,"diagnostics":[]}' ;;
  plan)
    test -f .terraform.lock.hcl || { echo 'no lock file' >&2; exit 1; }
    cat terraform.tfstate 2>/dev/null
    exit 2 ;;
  providers)
    echo '{"format_version":"1.0","provider_schemas":{"stub":{"read":true}}}' ;;
esac
`;

/** A stub terraform and its call log: `args|cwd|TF_DATA_DIR|HTTPS_PROXY|AWS_PROFILE` per line. */
function stubTerraform(name: string): { binary: string; calls: () => string[][]; env: NodeJS.ProcessEnv } {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, 'terraform');
  writeFileSync(binary, STUB);
  chmodSync(binary, 0o755);
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  return {
    binary,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('|')),
    env: { PATH: process.env.PATH, TMPDIR: root, TF_VAR_stub_log: log, AWS_PROFILE: 'leaked' },
  };
}

describe('TerraformWorkspace.create without terraform or the provider: fails, never skips', () => {
  it('names a missing terraform', async () => {
    await expect(TerraformWorkspace.create({ env: { PATH: emptyPath } })).rejects.toBeInstanceOf(
      TerraformUnavailableError,
    );
    await expect(TerraformWorkspace.create({ env: { PATH: emptyPath } })).rejects.toThrow(
      'this test needs the real terraform and the hashicorp/aws provider mirror: terraform not found on PATH (put terraform on PATH and set ICELOG_TF_PLUGIN_MIRROR to the mirror directory)',
    );
  });

  it('names a missing mirror', async () => {
    const stub = stubTerraform('no-mirror');
    await expect(
      TerraformWorkspace.create({ terraformBinary: stub.binary, mirror: emptyPath, env: stub.env }),
    ).rejects.toThrow(
      `this test needs the real terraform and the hashicorp/aws provider mirror: no provider mirror: ${emptyPath} has no registry.terraform.io/hashicorp/aws/<version>/${terraformPlatform()}`,
    );
  });

  it('names a mirror without the wanted provider version', async () => {
    const stub = stubTerraform('old-mirror');
    const { mirror } = mirrorWith('old-mirror-dir', '5.99.1');
    await expect(
      TerraformWorkspace.create({ terraformBinary: stub.binary, mirror, env: stub.env }),
    ).rejects.toThrow(`the mirror ${mirror} has hashicorp/aws 5.99.1, not 5.100.0`);
  });
});

describe('TerraformWorkspace commands', () => {
  const stub = stubTerraform('commands');
  const { mirror } = mirrorWith('commands-mirror', '5.100.0');
  let ws: TerraformWorkspace;

  beforeAll(async () => {
    ws = await TerraformWorkspace.create({ terraformBinary: stub.binary, mirror, env: stub.env });
  });
  afterAll(() => ws.dispose());

  it('runs init once, then each command in its own directory sharing the provider installation', async () => {
    const [a, b] = await Promise.all([ws.validate({ resource: {} }), ws.validate('{"a": 1}')]);
    expect([a.valid, b.valid]).toEqual([true, true]);
    const calls = stub.calls();
    expect(calls.map((c) => c[0])).toEqual([
      'init -input=false -no-color',
      'validate -json -no-color',
      'validate -json -no-color',
    ]);
    const [init, ...validates] = calls;
    expect(init[1]).toBe(ws.dir);
    const dirs = validates.map((c) => c[1]);
    expect(dirs.map(dirname)).toEqual([ws.dir, ws.dir]);
    expect(new Set(dirs).size).toBe(2);
    expect(new Set(calls.map((c) => c[2]))).toEqual(new Set([join(ws.dir, '.terraform')]));
    for (const dir of dirs) {
      expect(readFileSync(join(dir, '.terraform.lock.hcl'), 'utf8')).toContain('version = "5.100.0"');
    }
    expect(new Set(dirs.map((d) => readFileSync(join(d, 'main.tf.json'), 'utf8')))).toEqual(
      new Set([JSON.stringify({ resource: {} }, null, 2), '{"a": 1}']),
    );
  });

  it('runs Terraform offline: proxies at the refusing fake, nothing of the caller’s AWS settings', () => {
    const calls = stub.calls();
    expect(new Set(calls.map((c) => c[3]))).toEqual(new Set([ws.fake.url]));
    expect(new Set(calls.map((c) => c[4]))).toEqual(new Set(['no-profile']));
    expect(ws.env.AWS_ACCESS_KEY_ID).toBe('AKIAICELOGOFFLINEFAKE');
    expect(readFileSync(join(ws.dir, 'terraform.rc'), 'utf8')).toContain(`path    = "${mirror}"`);
  });

  it('plans against a state without refreshing, with extra arguments', async () => {
    const state = { version: 4, resources: [] };
    const r = await ws.plan({ resource: {} }, { state, args: ['-detailed-exitcode'] });
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual(state);
    expect(stub.calls().at(-1)![0]).toBe(
      'plan -refresh=false -input=false -lock=false -no-color -detailed-exitcode',
    );
  });

  it('throws when validate prints no JSON report', async () => {
    await expect(ws.validate('"broken"')).rejects.toThrow(
      'terraform validate printed no JSON report (exit 1):\nError: not JSON at all\n',
    );
  });

  it('removes its directory on dispose', async () => {
    const other = await TerraformWorkspace.create({ terraformBinary: stub.binary, mirror, env: stub.env });
    expect(existsSync(other.dir)).toBe(true);
    await other.dispose();
    expect(existsSync(other.dir)).toBe(false);
  });
});

describe('TerraformWorkspace.providerSchema: read once per machine', () => {
  it('reads the schema once, caches it atomically, and serves later reads from the file', async () => {
    const stub = stubTerraform('schema');
    const { mirror } = mirrorWith('schema-mirror', '5.100.0');
    const cacheDir = join(root, 'schema-cache');
    const options = { terraformBinary: stub.binary, mirror, env: stub.env, cacheDir };
    const ws = await TerraformWorkspace.create(options);
    const [first, second] = await Promise.all([ws.providerSchema(), ws.providerSchema()]);
    expect(first).toEqual({ format_version: '1.0', provider_schemas: { stub: { read: true } } });
    expect(second).toBe(first);
    expect(stub.calls().filter((c) => c[0] === 'providers schema -json')).toHaveLength(1);
    expect(readdirSync(cacheDir)).toEqual([ws.schemaCachePath().slice(cacheDir.length + 1)]);
    expect(ws.schemaCachePath()).toMatch(/aws-5\.100\.0-schema-[0-9a-f]{16}\.json$/);
    await ws.dispose();

    // What another test file (another module instance) finds: the file, no terraform run.
    writeFileSync(ws.schemaCachePath(), '{"from":"cache"}');
    let fresh!: typeof TerraformWorkspace;
    jest.isolateModules(() => {
      fresh = jest.requireActual<typeof import('../src')>('../src').TerraformWorkspace;
    });
    expect(fresh).not.toBe(TerraformWorkspace);
    const later = await fresh.create(options);
    expect(await later.providerSchema()).toEqual({ from: 'cache' });
    expect(stub.calls().filter((c) => c[0] === 'providers schema -json')).toHaveLength(1);
    expect(stub.calls().filter((c) => c[0].startsWith('init'))).toHaveLength(1);
    await later.dispose();
  });

  it('reads again when the cache file is damaged, and keys the cache by the provider binary', async () => {
    const stub = stubTerraform('schema-damaged');
    const { mirror, provider } = mirrorWith('schema-damaged-mirror', '5.100.0');
    const options = { terraformBinary: stub.binary, mirror, env: stub.env, cacheDir: join(root, 'cache-2') };
    const ws = await TerraformWorkspace.create(options);
    const before = ws.schemaCachePath();
    mkdirSync(dirname(before), { recursive: true });
    writeFileSync(before, '{"cut off');
    expect(await ws.providerSchema()).toEqual({
      format_version: '1.0',
      provider_schemas: { stub: { read: true } },
    });
    expect(JSON.parse(readFileSync(before, 'utf8'))).toEqual({
      format_version: '1.0',
      provider_schemas: { stub: { read: true } },
    });
    utimesSync(provider, new Date(), new Date(Date.now() + 60_000));
    expect(ws.schemaCachePath()).not.toBe(before);
    await ws.dispose();
  });
});
