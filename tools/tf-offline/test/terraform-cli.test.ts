import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  cliConfig,
  findTerraform,
  hclString,
  lockedAwsVersion,
  parseTerraformVersion,
  runCommand,
} from '../src';

describe('findTerraform', () => {
  const root = mkdtempSync(join(tmpdir(), 'tf-find-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const empty = join(root, 'empty');
  const notExec = join(root, 'not-exec');
  const bin = join(root, 'bin');
  for (const d of [empty, notExec, bin]) mkdirSync(d);
  writeFileSync(join(notExec, 'terraform'), '#!/bin/sh\n');
  chmodSync(join(notExec, 'terraform'), 0o644);
  writeFileSync(join(bin, 'terraform'), '#!/bin/sh\n');
  chmodSync(join(bin, 'terraform'), 0o755);

  it('returns the first executable terraform on PATH', () => {
    expect(findTerraform([empty, notExec, bin].join(delimiter))).toBe(join(bin, 'terraform'));
  });

  it('returns undefined when PATH has none', () => {
    expect(findTerraform([empty, notExec].join(delimiter))).toBeUndefined();
    expect(findTerraform('')).toBeUndefined();
  });
});

describe('runCommand', () => {
  it('captures output and the exit code without a shell', async () => {
    const r = await runCommand(
      process.execPath,
      ['-e', 'console.log("out"); console.error("err"); process.exit(3)'],
      {
        cwd: tmpdir(),
        env: {},
      },
    );
    expect([r.exitCode, r.stdout, r.stderr, r.timedOut]).toEqual([3, 'out\n', 'err\n', false]);
  });

  it('kills a command that runs past its timeout', async () => {
    const r = await runCommand(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
      cwd: tmpdir(),
      env: {},
      timeoutMs: 200,
    });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
  });
});

describe('Terraform files', () => {
  it('writes a CLI config that installs only hashicorp/aws, only from the mirror', () => {
    expect(cliConfig('/opt/tf-plugins')).toBe(
      [
        'disable_checkpoint = true',
        '',
        'provider_installation {',
        '  filesystem_mirror {',
        '    path    = "/opt/tf-plugins"',
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(cliConfig('/x')).not.toContain('direct');
  });

  it('escapes HCL template sequences in paths', () => {
    expect(hclString('/a/${b}/%{c}/"d"')).toBe('"/a/$${b}/%%{c}/\\"d\\""');
  });

  it('reads the locked hashicorp/aws version', () => {
    const lock = `provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"\n  constraints = "5.100.0"\n  hashes = [\n    "h1:abc=",\n  ]\n}\n`;
    expect(lockedAwsVersion(lock)).toBe('5.100.0');
    expect(lockedAwsVersion('')).toBeUndefined();
  });

  it('reads the version of terraform version -json', () => {
    expect(parseTerraformVersion('{"terraform_version":"1.11.4","platform":"linux_amd64"}')).toBe('1.11.4');
    expect(parseTerraformVersion('Terraform v1.11.4')).toBeUndefined();
  });
});
