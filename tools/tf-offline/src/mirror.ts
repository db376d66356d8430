import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Environment variable naming the provider mirror directory (the one holding `registry.terraform.io`). */
export const MIRROR_ENV_VAR = 'ICELOG_TF_PLUGIN_MIRROR';

/** Where {@link findProviderMirror} looks before searching the filesystem. */
export function defaultMirrorCandidates(home = homedir()): string[] {
  return [
    '/opt/tf-plugins',
    join(home, '.terraform.d', 'plugins'),
    join(home, '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
}

/** A usable provider mirror. */
export interface ProviderMirror {
  /** The directory to give Terraform as `filesystem_mirror.path`. */
  readonly path: string;
  /** How it was found. */
  readonly foundBy: 'option' | 'env' | 'candidate' | 'search';
  /** hashicorp/aws versions in it for this platform, highest first. */
  readonly awsVersions: readonly string[];
}

/** Result of a mirror lookup: the mirror, or why there is none. */
export type MirrorLookup =
  | { readonly found: true; readonly mirror: ProviderMirror }
  | { readonly found: false; readonly reason: string };

/** Terraform's platform name for this machine, e.g. `linux_amd64`. */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const archName: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
  return `${platform === 'win32' ? 'windows' : platform}_${archName[arch] ?? arch}`;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  }
  return 0;
}

/**
 * hashicorp/aws versions a mirror holds for `platform`, in either layout Terraform reads: unpacked
 * (`registry.terraform.io/hashicorp/aws/<version>/<platform>/`) or packed
 * (`registry.terraform.io/hashicorp/aws/terraform-provider-aws_<version>_<platform>.zip`).
 */
export function awsProviderVersions(mirrorPath: string, platform = terraformPlatform()): string[] {
  const dir = join(mirrorPath, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!isDir(dir)) return [];
  const versions = new Set<string>();
  for (const entry of readdirSync(dir)) {
    if (isDir(join(dir, entry, platform))) versions.add(entry);
    const packed = /^terraform-provider-aws_(.+)_([a-z0-9]+_[a-z0-9]+)\.zip$/.exec(entry);
    if (packed && packed[2] === platform) versions.add(packed[1]);
  }
  return [...versions].sort((a, b) => compareVersions(b, a));
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const SKIPPED_DIRS = new Set([
  'proc',
  'sys',
  'dev',
  'run',
  'node_modules',
  '.git',
  '.terraform',
  '.nx',
  'snap',
]);

/**
 * Directories named `registry.terraform.io` at most `maxDepth` levels below `root`, shallowest first:
 * the equivalent of `find <root> -maxdepth <n> -type d -name registry.terraform.io`, without following
 * symlinks and skipping pseudo filesystems, `node_modules`, `.git` and Terraform working directories.
 */
export function searchRegistryDirs(root: string, maxDepth: number): string[] {
  const found: string[] = [];
  let level = [resolve(root)];
  for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (!e.isDirectory() || SKIPPED_DIRS.has(e.name)) continue;
        const path = join(dir, e.name);
        if (e.name === 'registry.terraform.io') found.push(path);
        else next.push(path);
      }
    }
    level = next;
  }
  return found;
}

/** Options of {@link findProviderMirror}. */
export interface FindMirrorOptions {
  /**
   * A mirror given explicitly (CLI `--mirror`); checked, never searched around.
   * @default - none
   */
  readonly explicit?: string;
  /**
   * Environment to read {@link MIRROR_ENV_VAR} from.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Directories tried before the search.
   * @default defaultMirrorCandidates()
   */
  readonly candidates?: readonly string[];
  /**
   * Roots of the filesystem search; `[]` disables it.
   * @default ['/']
   */
  readonly searchRoots?: readonly string[];
  /**
   * Depth of the filesystem search.
   * @default 5
   */
  readonly searchDepth?: number;
  /**
   * Terraform platform the provider must be built for.
   * @default - this machine's, e.g. `linux_amd64`
   */
  readonly platform?: string;
}

/**
 * Finds a filesystem mirror holding hashicorp/aws for this platform: the explicit path, else
 * `$ICELOG_TF_PLUGIN_MIRROR`, else the usual plugin directories, else a bounded filesystem search.
 * An explicit path or the environment variable is final: when it is not a usable mirror the lookup
 * fails with the reason instead of falling back somewhere else.
 */
export function findProviderMirror(options: FindMirrorOptions = {}): MirrorLookup {
  const platform = options.platform ?? terraformPlatform();
  const check = (path: string, foundBy: ProviderMirror['foundBy']): ProviderMirror | undefined => {
    const awsVersions = awsProviderVersions(path, platform);
    return awsVersions.length > 0 ? { path: resolve(path), foundBy, awsVersions } : undefined;
  };
  const expected = `registry.terraform.io/hashicorp/aws/<version>/${platform}`;
  if (options.explicit !== undefined) {
    const mirror = check(options.explicit, 'option');
    return mirror
      ? { found: true, mirror }
      : { found: false, reason: `no provider mirror: ${options.explicit} has no ${expected}` };
  }
  const fromEnv = (options.env ?? process.env)[MIRROR_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') {
    const mirror = check(fromEnv, 'env');
    return mirror
      ? { found: true, mirror }
      : { found: false, reason: `no provider mirror: ${MIRROR_ENV_VAR}=${fromEnv} has no ${expected}` };
  }
  for (const candidate of options.candidates ?? defaultMirrorCandidates()) {
    const mirror = existsSync(candidate) ? check(candidate, 'candidate') : undefined;
    if (mirror) return { found: true, mirror };
  }
  const depth = options.searchDepth ?? 5;
  for (const root of options.searchRoots ?? ['/']) {
    for (const registryDir of searchRegistryDirs(root, depth)) {
      const mirror = check(join(registryDir, '..'), 'search');
      if (mirror) return { found: true, mirror };
    }
  }
  return {
    found: false,
    reason: `no provider mirror: set ${MIRROR_ENV_VAR} to a directory holding ${expected} (none in the usual plugin directories or ${depth} levels below ${(options.searchRoots ?? ['/']).join(', ') || 'no search root'})`,
  };
}
