import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INSTALL_COMMAND,
  checkJq,
  checkNginx,
  checkTerraform,
  decide,
  preflight,
} from '../src/preflight.cjs';

const scratch = mkdtempSync(join(tmpdir(), 'ci-preflight-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An executable shell script printing `output` (as jq/nginx/terraform would). */
function fakeBinary(name: string, script: string): string {
  const dir = mkdtempSync(join(scratch, 'bin-'));
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

const missing = join(scratch, 'nowhere', 'nginx');
const nonRoot = { isRoot: false, hasApt: true };
const rootWithApt = { isRoot: true, hasApt: true };

describe('engine checks', () => {
  it('accepts the real jq 1.6 and nginx of this machine', () => {
    expect(checkJq()).toEqual({ name: 'jq', path: '/usr/bin/jq', version: 'jq-1.6', ok: true });
    expect(checkNginx()).toMatchObject({ name: 'nginx', path: '/usr/sbin/nginx', ok: true });
    expect(checkNginx().version).toMatch(/^nginx\/\d+\.\d+/);
  });

  it('rejects another jq version, naming it', () => {
    const jq17 = fakeBinary('jq', 'echo jq-1.7.1');
    expect(checkJq(jq17)).toEqual({
      name: 'jq',
      path: jq17,
      version: 'jq-1.7.1',
      ok: false,
      problem: `${jq17} is jq-1.7.1, the tests need jq-1.6 (Firehose's JQ)`,
    });
  });

  it('reports a missing binary', () => {
    expect(checkNginx(missing)).toEqual({
      name: 'nginx',
      path: missing,
      ok: false,
      problem: `${missing} is missing`,
    });
  });
});

describe('decide', () => {
  const ok = { name: 'jq', path: '/usr/bin/jq', version: 'jq-1.6', ok: true };
  const noNginx = {
    name: 'nginx',
    path: '/usr/sbin/nginx',
    ok: false,
    problem: '/usr/sbin/nginx is missing',
  };
  const jq17 = { name: 'jq', path: '/usr/bin/jq', version: 'jq-1.7.1', ok: false, problem: 'jq 1.7.1' };

  it('does nothing when every engine is there', () => {
    expect(decide([ok], nonRoot)).toEqual({ action: 'none' });
  });

  it('installs the Debian packages as root with apt-get', () => {
    expect(decide([ok, noNginx], rootWithApt)).toEqual({ action: 'install', packages: ['nginx-light'] });
  });

  it('stops with the exact install command when it may not install', () => {
    for (const host of [nonRoot, { isRoot: true, hasApt: false }]) {
      const d = decide([ok, noNginx], host);
      expect(d).toEqual({ action: 'stop', message: expect.stringContaining(INSTALL_COMMAND) });
    }
    expect(INSTALL_COMMAND).toBe(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends jq nginx-light shellcheck luajit',
    );
  });

  it('stops on a wrong jq version even as root (apt cannot downgrade it to 1.6)', () => {
    const d = decide([jq17, noNginx], rootWithApt);
    expect(d.action).toBe('stop');
    expect(d).toEqual({ action: 'stop', message: expect.stringContaining('jq 1.6 is the jq of Debian 12') });
  });
});

describe('preflight', () => {
  const env = (extra: NodeJS.ProcessEnv) => ({ ...process.env, ...extra });

  it('installs what is missing, then checks again', () => {
    const installed: (readonly string[])[] = [];
    const r = preflight({
      env: env({ ICELOG_PREFLIGHT_NGINX: missing }),
      host: rootWithApt,
      install: (p) => {
        installed.push(p);
        return true;
      },
    });
    expect(installed).toEqual([['nginx-light']]);
    // The fake install did not create the binary: the second check sees it is still missing.
    expect(r.ok).toBe(false);
    expect(r.lines.join('\n')).toContain(`apt-get could not provide nginx-light`);
    expect(r.lines.join('\n')).toContain(INSTALL_COMMAND);
  });

  it('a dry run says what it would install and installs nothing', () => {
    const r = preflight({
      env: env({ ICELOG_PREFLIGHT_NGINX: missing }),
      host: rootWithApt,
      checkOnly: true,
      install: () => {
        throw new Error('must not install');
      },
    });
    expect(r.ok).toBe(true);
    expect(r.lines[0]).toBe('icelog test: would install nginx-light with apt-get');
  });

  it('reports Terraform present, with its version and mirror', () => {
    const r = checkTerraform(process.env);
    expect(r).toEqual({
      present: true,
      binary: expect.stringMatching(/\/terraform$/),
      version: expect.stringMatching(/^1\.\d+\.\d+$/),
      mirror: expect.any(String),
    });
  });

  it('says loudly when Terraform is absent, and never stops the run for it', () => {
    const r = preflight({ env: env({ PATH: join(scratch, 'empty') }), host: nonRoot });
    expect(r.ok).toBe(true);
    expect(r.terraform).toEqual({ present: false, reason: 'terraform not found on PATH' });
    expect(r.lines.at(-1)).toContain('TERRAFORM ABSENT (terraform not found on PATH)');
  });

  it('a Terraform without a mirror is absent too', () => {
    const tf = fakeBinary('terraform', 'echo \'{"terraform_version":"1.11.4"}\'');
    const r = checkTerraform({ PATH: join(tf, '..') }, [join(scratch, 'no-mirror')]);
    expect(r).toEqual({
      present: false,
      reason: expect.stringContaining('terraform 1.11.4 found, but no hashicorp/aws mirror'),
    });
  });
});

describe('npm test on a machine without nginx, not allowed to install', () => {
  it('stops within seconds, before any test, printing the install command', () => {
    // PATH holds node only: no apt-get, so the preflight may not install.
    const bin = join(scratch, 'node-only');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const started = Date.now();
    const r = spawnSync(process.execPath, [join(__dirname, '..', 'src', 'run-tests.cjs')], {
      env: { PATH: bin, HOME: scratch, ICELOG_PREFLIGHT_NGINX: missing },
      encoding: 'utf8',
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${missing} is missing`);
    expect(r.stderr).toContain(`  ${INSTALL_COMMAND}`);
    expect(r.stdout).not.toContain('icelog test: nx');
  });
});
