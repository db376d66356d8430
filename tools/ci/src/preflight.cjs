// @ts-check
/**
 * Preflight of the test command: the system engines the tests run for real (jq 1.6 — Firehose's JQ
 * version —, nginx, and Terraform with its hashicorp/aws mirror when present). Plain CommonJS so it
 * runs on a fresh clone before anything is built.
 */
const { spawnSync } = require('node:child_process');
const { accessSync, constants, existsSync, readdirSync, statSync } = require('node:fs');
const { homedir } = require('node:os');
const { delimiter, join } = require('node:path');

/** Where the tests look for the engines (packages/routing/test/support/jq16.ts, the nginx tests). */
const ENGINE_PATHS = Object.freeze({
  jq: '/usr/bin/jq',
  nginx: '/usr/sbin/nginx',
  shellcheck: '/usr/bin/shellcheck',
  luajit: '/usr/bin/luajit',
});

/** The Debian packages that provide them, and the one command that installs both. */
const DEBIAN_PACKAGES = Object.freeze(['jq', 'nginx-light', 'shellcheck', 'luajit']);
const INSTALL_COMMAND = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES.join(' ')}`;

/** Mirror directories tried in order when ICELOG_TF_PLUGIN_MIRROR is unset (as tools/tf-offline does first). */
const MIRROR_CANDIDATES = Object.freeze([
  '/opt/tf-plugins',
  join(homedir(), '.terraform.d', 'plugins'),
  join(homedir(), '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
]);

/**
 * @typedef {{ name: string, path: string, version?: string, ok: boolean, problem?: string }} EngineCheck
 * @typedef {{ present: true, binary: string, version: string, mirror: string }
 *   | { present: false, reason: string }} TerraformCheck
 */

/**
 * First line printed by `binary args…` (stdout, else stderr), or undefined when it cannot run.
 * @param {string} binary
 * @param {string[]} args
 * @returns {string | undefined}
 */
function versionLine(binary, args) {
  const r = spawnSync(binary, args, { encoding: 'utf8', timeout: 10_000 });
  if (r.error || r.status !== 0) return undefined;
  return `${r.stdout}${r.stderr}`.split('\n')[0].trim();
}

/**
 * jq must be exactly 1.6 (the version Firehose runs), at the path the tests use.
 * @param {string} [path]
 * @returns {EngineCheck}
 */
function checkJq(path = ENGINE_PATHS.jq) {
  if (!existsSync(path)) return { name: 'jq', path, ok: false, problem: `${path} is missing` };
  const version = versionLine(path, ['--version']);
  if (version === undefined) return { name: 'jq', path, ok: false, problem: `${path} --version failed` };
  return version === 'jq-1.6'
    ? { name: 'jq', path, version, ok: true }
    : {
        name: 'jq',
        path,
        version,
        ok: false,
        problem: `${path} is ${version}, the tests need jq-1.6 (Firehose's JQ)`,
      };
}

/**
 * nginx (any version) at the path the tests start it from.
 * @param {string} [path]
 * @returns {EngineCheck}
 */
function checkNginx(path = ENGINE_PATHS.nginx) {
  if (!existsSync(path)) return { name: 'nginx', path, ok: false, problem: `${path} is missing` };
  const version = versionLine(path, ['-v']);
  if (version === undefined) return { name: 'nginx', path, ok: false, problem: `${path} -v failed` };
  return { name: 'nginx', path, version: version.replace(/^nginx version:\s*/, ''), ok: true };
}

/**
 * ShellCheck (any version): lints the `run:` scripts of .github/workflows (tools/plan-review).
 * @param {string} [path]
 * @returns {EngineCheck}
 */
function checkShellcheck(path = ENGINE_PATHS.shellcheck) {
  if (!existsSync(path)) return { name: 'shellcheck', path, ok: false, problem: `${path} is missing` };
  const out = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const version = /^version:\s*(\S+)/m.exec(out.stdout ?? '')?.[1];
  if (out.status !== 0 || version === undefined)
    return { name: 'shellcheck', path, ok: false, problem: `${path} --version failed` };
  return { name: 'shellcheck', path, version, ok: true };
}

/**
 * LuaJIT 2.1 (the Lua that Fluent Bit embeds): runs the log router's request-time Lua filter.
 * @param {string} [path]
 * @returns {EngineCheck}
 */
function checkLuajit(path = ENGINE_PATHS.luajit) {
  if (!existsSync(path)) return { name: 'luajit', path, ok: false, problem: `${path} is missing` };
  const version = versionLine(path, ['-v']);
  if (version === undefined) return { name: 'luajit', path, ok: false, problem: `${path} -v failed` };
  return { name: 'luajit', path, version: version.replace(/^LuaJIT\s*/, '').split(' ')[0], ok: true };
}

/**
 * @param {string} file
 * @returns {boolean}
 */
function isExecutable(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first `terraform` on a PATH-style list.
 * @param {string | undefined} path
 * @returns {string | undefined}
 */
function findOnPath(path, name = 'terraform') {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * A directory holding registry.terraform.io/hashicorp/aws/<version>/ (unpacked or packed).
 * @param {string} dir
 * @returns {boolean}
 */
function isAwsMirror(dir) {
  const aws = join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
  try {
    return readdirSync(aws).length > 0;
  } catch {
    return false;
  }
}

/**
 * Terraform and its provider mirror: present (with the version) or absent (with the reason).
 * @param {NodeJS.ProcessEnv} [env]
 * @param {readonly string[]} [candidates]
 * @returns {TerraformCheck}
 */
function checkTerraform(env = process.env, candidates = MIRROR_CANDIDATES) {
  const binary = findOnPath(env.PATH);
  if (!binary) return { present: false, reason: 'terraform not found on PATH' };
  const out = spawnSync(binary, ['version', '-json'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...env, CHECKPOINT_DISABLE: '1' },
  });
  let version;
  try {
    version = JSON.parse(out.stdout).terraform_version;
  } catch {
    return { present: false, reason: `${binary} version -json failed: ${(out.stderr ?? '').trim()}` };
  }
  const fromEnv = env.ICELOG_TF_PLUGIN_MIRROR;
  if (fromEnv) {
    return isAwsMirror(fromEnv)
      ? { present: true, binary, version, mirror: fromEnv }
      : {
          present: false,
          reason: `ICELOG_TF_PLUGIN_MIRROR=${fromEnv} holds no registry.terraform.io/hashicorp/aws`,
        };
  }
  const mirror = candidates.find(isAwsMirror);
  return mirror
    ? { present: true, binary, version, mirror }
    : {
        present: false,
        reason: `terraform ${version} found, but no hashicorp/aws mirror (set ICELOG_TF_PLUGIN_MIRROR; looked in ${candidates.join(', ')})`,
      };
}

/**
 * What to do about missing engines: nothing, install the Debian packages (root with apt-get), or
 * stop with the exact install command.
 * @param {readonly EngineCheck[]} checks
 * @param {{ isRoot: boolean, hasApt: boolean }} host
 * @returns {{ action: 'none' } | { action: 'install', packages: string[] } | { action: 'stop', message: string }}
 */
function decide(checks, host) {
  const failed = checks.filter((c) => !c.ok);
  if (failed.length === 0) return { action: 'none' };
  // apt can add a missing binary; it cannot turn another jq version into 1.6.
  const wrongVersion = failed.filter((c) => c.version !== undefined);
  const packages = failed
    .filter((c) => c.version === undefined)
    .map((c) => (c.name === 'nginx' ? 'nginx-light' : c.name));
  if (wrongVersion.length === 0 && host.isRoot && host.hasApt) return { action: 'install', packages };
  const lines = [
    'icelog test: the tests run real engines, and this machine lacks some:',
    ...failed.map((c) => `  - ${c.problem}`),
  ];
  if (wrongVersion.length > 0) {
    lines.push(
      'jq 1.6 is the jq of Debian 12 (bookworm) and Ubuntu 22.04/24.04; install that package, or put a jq 1.6 binary at /usr/bin/jq.',
    );
  } else {
    lines.push('Install them, then run the test command again:', `  ${INSTALL_COMMAND}`);
  }
  return { action: 'stop', message: lines.join('\n') };
}

/**
 * Facts about this host that decide whether the preflight may install packages.
 * @returns {{ isRoot: boolean, hasApt: boolean }}
 */
function hostFacts() {
  return {
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasApt: findOnPath(process.env.PATH, 'apt-get') !== undefined,
  };
}

/**
 * Installs the Debian packages with apt-get (root only), printing apt's output.
 * @param {readonly string[]} packages
 * @returns {boolean}
 */
function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) return false;
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env,
  });
  return install.status === 0;
}

/**
 * Runs the preflight: checks jq and nginx, installs them when allowed, reports Terraform. Returns the
 * lines to print and whether the tests may start. Paths can be overridden for the preflight's own
 * tests with ICELOG_PREFLIGHT_JQ / ICELOG_PREFLIGHT_NGINX (the tests themselves always use the
 * standard paths).
 * @param {{ env?: NodeJS.ProcessEnv, host?: { isRoot: boolean, hasApt: boolean },
 *   install?: (packages: readonly string[]) => boolean, checkOnly?: boolean,
 *   mirrorCandidates?: readonly string[] }} [options]
 * @returns {{ ok: boolean, lines: string[], terraform: TerraformCheck }}
 */
function preflight(options = {}) {
  const env = options.env ?? process.env;
  const jqPath = env.ICELOG_PREFLIGHT_JQ || ENGINE_PATHS.jq;
  const nginxPath = env.ICELOG_PREFLIGHT_NGINX || ENGINE_PATHS.nginx;
  const shellcheckPath = env.ICELOG_PREFLIGHT_SHELLCHECK || ENGINE_PATHS.shellcheck;
  const luajitPath = env.ICELOG_PREFLIGHT_LUAJIT || ENGINE_PATHS.luajit;
  const run = () => [
    checkJq(jqPath),
    checkNginx(nginxPath),
    checkShellcheck(shellcheckPath),
    checkLuajit(luajitPath),
  ];
  let checks = run();
  const lines = [];
  const decision = decide(checks, options.host ?? hostFacts());
  if (decision.action === 'stop') {
    return { ok: false, lines: [decision.message], terraform: { present: false, reason: 'not checked' } };
  }
  if (decision.action === 'install') {
    if (options.checkOnly) {
      lines.push(`icelog test: would install ${decision.packages.join(' ')} with apt-get`);
    } else {
      lines.push(`icelog test: installing ${decision.packages.join(' ')} with apt-get`);
      const installed = (options.install ?? aptInstall)(decision.packages);
      checks = run();
      const still = checks.filter((c) => !c.ok);
      if (!installed || still.length > 0) {
        return {
          ok: false,
          lines: [
            ...lines,
            `icelog test: apt-get could not provide ${decision.packages.join(' ')}:`,
            ...still.map((c) => `  - ${c.problem}`),
            `Install them, then run the test command again:\n  ${INSTALL_COMMAND}`,
          ],
          terraform: { present: false, reason: 'not checked' },
        };
      }
    }
  }
  for (const c of checks) if (c.ok) lines.push(`icelog test: ${c.name} ${c.version} (${c.path})`);
  const terraform = checkTerraform(env, options.mirrorCandidates);
  lines.push(
    terraform.present
      ? `icelog test: terraform ${terraform.version} (${terraform.binary}), hashicorp/aws mirror ${terraform.mirror}`
      : `icelog test: TERRAFORM ABSENT (${terraform.reason}): the Terraform-backed tests (terraform.test.ts, *.terraform.test.ts) are NOT run and dev/prod:validate is skipped; nothing is faked`,
  );
  return { ok: true, lines, terraform };
}

module.exports = {
  ENGINE_PATHS,
  DEBIAN_PACKAGES,
  INSTALL_COMMAND,
  MIRROR_CANDIDATES,
  checkJq,
  checkNginx,
  checkTerraform,
  decide,
  findOnPath,
  preflight,
};
