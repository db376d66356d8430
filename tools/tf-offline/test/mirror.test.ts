import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  awsProviderVersions,
  defaultMirrorCandidates,
  findProviderMirror,
  MIRROR_ENV_VAR,
  searchRegistryDirs,
  terraformPlatform,
} from '../src';

// Fake mirrors: removed at the end, so no later mirror search can pick them up.
const root = mkdtempSync(join(tmpdir(), 'tf-mirror-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const platform = 'linux_amd64';

function unpacked(mirror: string, version: string, plat = platform): string {
  mkdirSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', version, plat), { recursive: true });
  return mirror;
}

const good = unpacked(join(root, 'good'), '5.100.0');
unpacked(good, '5.99.1');
const wrongPlatform = unpacked(join(root, 'darwin-only'), '5.100.0', 'darwin_arm64');
const packed = join(root, 'packed');
mkdirSync(join(packed, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
writeFileSync(
  join(packed, 'registry.terraform.io', 'hashicorp', 'aws', 'terraform-provider-aws_5.100.0_linux_amd64.zip'),
  '',
);
const empty = join(root, 'empty');
mkdirSync(empty);

describe('awsProviderVersions', () => {
  it('reads the unpacked layout, highest version first', () => {
    expect(awsProviderVersions(good, platform)).toEqual(['5.100.0', '5.99.1']);
  });

  it('reads the packed layout', () => {
    expect(awsProviderVersions(packed, platform)).toEqual(['5.100.0']);
  });

  it('ignores builds for other platforms and directories without a registry', () => {
    expect(awsProviderVersions(wrongPlatform, platform)).toEqual([]);
    expect(awsProviderVersions(empty, platform)).toEqual([]);
  });
});

describe('findProviderMirror', () => {
  const none = { candidates: [], searchRoots: [], platform };

  it(`uses ${MIRROR_ENV_VAR}`, () => {
    expect(findProviderMirror({ ...none, env: { [MIRROR_ENV_VAR]: good } })).toEqual({
      found: true,
      mirror: { path: good, foundBy: 'env', awsVersions: ['5.100.0', '5.99.1'] },
    });
  });

  it(`fails with the reason when ${MIRROR_ENV_VAR} is not a mirror, without looking elsewhere`, () => {
    expect(findProviderMirror({ ...none, candidates: [good], env: { [MIRROR_ENV_VAR]: empty } })).toEqual({
      found: false,
      reason: `no provider mirror: ${MIRROR_ENV_VAR}=${empty} has no registry.terraform.io/hashicorp/aws/<version>/linux_amd64`,
    });
  });

  it('prefers an explicit mirror over the environment', () => {
    const r = findProviderMirror({ ...none, explicit: packed, env: { [MIRROR_ENV_VAR]: good } });
    expect(r.found && r.mirror.foundBy).toBe('option');
    expect(findProviderMirror({ ...none, explicit: wrongPlatform, env: {} })).toEqual({
      found: false,
      reason: `no provider mirror: ${wrongPlatform} has no registry.terraform.io/hashicorp/aws/<version>/linux_amd64`,
    });
  });

  it('tries the usual plugin directories in order', () => {
    const r = findProviderMirror({
      ...none,
      env: {},
      candidates: [join(root, 'missing'), empty, packed, good],
    });
    expect(r).toEqual({
      found: true,
      mirror: { path: packed, foundBy: 'candidate', awsVersions: ['5.100.0'] },
    });
  });

  it('searches the filesystem, bounded in depth, skipping Terraform working directories', () => {
    const searchRoot = join(root, 'search');
    unpacked(join(searchRoot, 'a', '.terraform', 'providers'), '5.100.0');
    unpacked(join(searchRoot, 'a', 'b', 'c', 'd', 'e'), '5.100.0');
    unpacked(join(searchRoot, 'x', 'y'), '5.100.0');
    expect(searchRegistryDirs(searchRoot, 3)).toEqual([join(searchRoot, 'x', 'y', 'registry.terraform.io')]);
    expect(searchRegistryDirs(searchRoot, 6)).toEqual([
      join(searchRoot, 'x', 'y', 'registry.terraform.io'),
      join(searchRoot, 'a', 'b', 'c', 'd', 'e', 'registry.terraform.io'),
    ]);
    const r = findProviderMirror({
      env: {},
      candidates: [],
      searchRoots: [searchRoot],
      searchDepth: 3,
      platform,
    });
    expect(r).toEqual({
      found: true,
      mirror: { path: join(searchRoot, 'x', 'y'), foundBy: 'search', awsVersions: ['5.100.0'] },
    });
  });

  it('says so when there is no mirror anywhere', () => {
    expect(
      findProviderMirror({ env: {}, candidates: [empty], searchRoots: [empty], searchDepth: 2, platform }),
    ).toEqual({
      found: false,
      reason: `no provider mirror: set ${MIRROR_ENV_VAR} to a directory holding registry.terraform.io/hashicorp/aws/<version>/linux_amd64 (none in the usual plugin directories or 2 levels below ${empty})`,
    });
  });

  it('looks in /opt/tf-plugins and the implied local mirror directories of Terraform', () => {
    expect(defaultMirrorCandidates('/home/u')).toEqual([
      '/opt/tf-plugins',
      '/home/u/.terraform.d/plugins',
      '/home/u/.local/share/terraform/plugins',
      '/usr/local/share/terraform/plugins',
      '/usr/share/terraform/plugins',
    ]);
  });

  it('names platforms the way Terraform does', () => {
    expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
    expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
    expect(terraformPlatform('win32', 'x64')).toBe('windows_amd64');
  });
});
