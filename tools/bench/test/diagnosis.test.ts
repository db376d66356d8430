import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CpuProfile,
  ModuleReport,
  packageOf,
  readCpuProfile,
  summarizeCpuProfile,
  summarizeModuleReport,
} from '../src/diagnosis';
import { WORKSPACE_ROOT, compileHook, tempDir } from './helpers';

describe('packageOf', () => {
  it.each([
    ['/w/node_modules/cdktf/lib/app.js', 'cdktf'],
    ['file:///w/node_modules/@cdktf/provider-aws/lib/s3-bucket/index.js', '@cdktf/provider-aws'],
    ['/w/node_modules/cdktf/node_modules/archiver/index.js', 'archiver'],
    ['/w/packages/core/dist/iam.js', 'packages/core'],
    ['/w/apps/dev/dist/main.js', 'apps/dev'],
    ['node:internal/modules/cjs/loader', 'node (built-in)'],
    ['/elsewhere/x.js', '/elsewhere/x.js'],
    ['', '(native)'],
  ])('%s belongs to %s', (file, name) => {
    expect(packageOf(file, '/w')).toBe(name);
  });
});

describe('summarizeModuleReport', () => {
  it('groups modules by package, largest source first, and lists the largest modules', () => {
    const report: ModuleReport = {
      loadCalls: 12,
      maxRssKiB: 90_000,
      uptimeMs: 500,
      memory: { rss: 1, heapUsed: 30_000_000, heapTotal: 2, external: 3 },
      modules: [
        { file: '/w/node_modules/cdktf/lib/a.js', bytes: 1000, selfMs: 5 },
        { file: '/w/node_modules/cdktf/lib/b.js', bytes: 3000, selfMs: 7 },
        { file: '/w/node_modules/@cdktf/provider-aws/lib/s3-bucket/index.js', bytes: 9000, selfMs: 20 },
        { file: '/w/packages/core/dist/index.js', bytes: 100, selfMs: 1 },
      ],
    };
    const summary = summarizeModuleReport(report, '/w');
    expect(summary).toMatchObject({
      loadCalls: 12,
      modules: 4,
      bytes: 13_100,
      loadMs: 33,
      heapUsedBytes: 30_000_000,
    });
    expect(summary.packages).toEqual([
      { name: '@cdktf/provider-aws', modules: 1, bytes: 9000, selfMs: 20 },
      { name: 'cdktf', modules: 2, bytes: 4000, selfMs: 12 },
      { name: 'packages/core', modules: 1, bytes: 100, selfMs: 1 },
    ]);
    expect(summary.largest[0]).toEqual({
      file: 'node_modules/@cdktf/provider-aws/lib/s3-bucket/index.js',
      bytes: 9000,
      selfMs: 20,
    });
  });
});

describe('summarizeCpuProfile', () => {
  it('adds up sample time per package and per V8 category', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { url: '', functionName: '(root)' } },
        { id: 2, callFrame: { url: 'file:///w/node_modules/cdktf/lib/app.js', functionName: 'synth' } },
        { id: 3, callFrame: { url: '', functionName: '(garbage collector)' } },
        { id: 4, callFrame: { url: 'node:internal/modules/cjs/loader', functionName: 'load' } },
      ],
      samples: [2, 2, 3, 4, 2],
      timeDeltas: [1000, 1000, 2000, 1000, 1000],
    };
    expect(summarizeCpuProfile(profile, '/w')).toEqual([
      { name: 'cdktf', selfMs: 3, share: 0.5 },
      { name: '(garbage collector)', selfMs: 2, share: 2 / 6 },
      { name: 'node (built-in)', selfMs: 1, share: 1 / 6 },
    ]);
  });
});

describe('the count-modules hook and a real CPU profile', () => {
  it('records the modules a real require of constructs loads, with sizes, and a profile by package', () => {
    const dir = tempDir();
    const profileDir = join(dir, 'profile');
    mkdirSync(profileDir);
    const out = join(dir, 'modules.json');
    const result = spawnSync(
      process.execPath,
      [
        '--require',
        compileHook('count-modules'),
        '--cpu-prof',
        '--cpu-prof-dir',
        profileDir,
        '-e',
        "require('constructs')",
      ],
      { cwd: WORKSPACE_ROOT, env: { PATH: process.env.PATH, ICELOG_BENCH_MODULES: out }, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    const report = JSON.parse(readFileSync(out, 'utf8')) as ModuleReport;
    const summary = summarizeModuleReport(report, WORKSPACE_ROOT);
    const constructs = summary.packages.find((entry) => entry.name === 'constructs');
    expect(constructs?.modules).toBeGreaterThan(1);
    expect(constructs?.bytes).toBeGreaterThan(10_000);
    expect(summary.loadCalls).toBeGreaterThanOrEqual(summary.modules);
    expect(summary.maxRssKiB).toBeGreaterThan(0);

    const cpu = summarizeCpuProfile(readCpuProfile(profileDir), WORKSPACE_ROOT);
    expect(cpu.reduce((sum, share) => sum + share.share, 0)).toBeCloseTo(1, 5);
  });

  it('needs exactly one profile in the folder', () => {
    const dir = tempDir();
    expect(() => readCpuProfile(dir)).toThrow(`expected one .cpuprofile in ${dir}, found 0`);
  });
});
