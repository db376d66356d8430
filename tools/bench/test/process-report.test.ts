import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ProcessRecord,
  jestMemory,
  parseProcessReport,
  processKind,
  processReportEnv,
  readProcessReport,
  slowestProcesses,
  summarizeExternal,
  summarizeByKind,
  withSampled,
} from '../src/process-report';
import { compileHook, tempDir } from './helpers';

const record = (overrides: Partial<ProcessRecord>): ProcessRecord => ({
  pid: 1,
  ppid: 0,
  script: '/w/node_modules/nx/bin/nx.js',
  args: [],
  cwd: '/w',
  startedAt: 0,
  wallMs: 100,
  cpuMs: 50,
  maxRssKiB: 1000,
  exitCode: 0,
  ...overrides,
});

describe('processKind', () => {
  it.each([
    ['/w/node_modules/jest-worker/build/workers/processChild.js', 'jest-worker'],
    ['/w/node_modules/jest-worker/build/processChild.js', 'jest-worker'],
    ['/w/node_modules/jest/bin/jest.js', 'jest'],
    ['/w/node_modules/.bin/jest', 'jest'],
    ['/w/node_modules/typescript/bin/tsc', 'tsc'],
    ['/w/node_modules/.bin/tsc', 'tsc'],
    ['/w/node_modules/eslint/bin/eslint.js', 'eslint'],
    ['/w/node_modules/prettier/bin/prettier.cjs', 'prettier'],
    ['/w/node_modules/nx/bin/nx.js', 'nx'],
    ['/w/node_modules/nx/src/project-graph/plugins/isolation/plugin-worker.js', 'nx'],
    ['/w/node_modules/nx/dist/src/project-graph/plugins/isolation/plugin-worker.js', 'nx'],
    ['/w/node_modules/nx/dist/bin/nx.js', 'nx'],
    ['/usr/lib/node_modules/npm/bin/npm-cli.js', 'npm'],
    ['/usr/bin/npm', 'npm'],
    ['/w/node_modules/ts-node/dist/bin.js', 'ts-node'],
    ['/w/apps/dev/dist/main.js', 'synth'],
    ['/w/tools/x.js', 'other'],
    ['', 'other'],
  ])('%s is %s', (script, kind) => {
    expect(processKind(script)).toBe(kind);
  });
});

describe('parseProcessReport', () => {
  it('reads one record a line and skips a line cut short by a killed process', () => {
    const text = `${JSON.stringify(record({ pid: 7 }))}\n\n{"pid": 8, "ppid"`;
    expect(parseProcessReport(text).map((r) => r.pid)).toEqual([7]);
  });

  it('reads no records from a missing file', () => {
    expect(readProcessReport(join(tempDir(), 'none.jsonl'))).toEqual([]);
  });
});

describe('summarizeByKind', () => {
  it('sums processes, wall and CPU and keeps the largest RSS per kind, most CPU first', () => {
    const summary = summarizeByKind([
      record({ script: '/w/node_modules/.bin/tsc', cpuMs: 900, wallMs: 1000, maxRssKiB: 300 }),
      record({ script: '/w/node_modules/.bin/tsc', cpuMs: 100, wallMs: 200, maxRssKiB: 500 }),
      record({ cpuMs: 400 }),
    ]);
    expect(summary).toEqual([
      { kind: 'tsc', processes: 2, wallMs: 1200, cpuMs: 1000, maxRssKiB: 500 },
      { kind: 'nx', processes: 1, wallMs: 100, cpuMs: 400, maxRssKiB: 1000 },
    ]);
  });
});

describe('slowestProcesses', () => {
  it('lists the longest processes with their project, leaving out npm and the Nx orchestrator', () => {
    const slowest = slowestProcesses(
      [
        record({ script: '/usr/bin/npm', wallMs: 90_000 }),
        record({ script: '/w/node_modules/.bin/nx', wallMs: 89_000 }),
        record({
          script: '/w/node_modules/nx/dist/src/project-graph/plugins/isolation/plugin-worker.js',
          wallMs: 2_000,
          args: ['/tmp/s.sock'],
        }),
        record({
          script: '/w/node_modules/.bin/jest',
          cwd: '/w/packages/ecs-firelens',
          wallMs: 30_000,
          args: [],
        }),
        record({
          script: '/w/node_modules/.bin/tsc',
          cwd: '/w/packages/core',
          wallMs: 9_000,
          args: ['-b', 'tsconfig.spec.json'],
        }),
      ],
      '/w',
      2,
    );
    expect(slowest).toEqual([
      {
        kind: 'jest',
        project: 'packages/ecs-firelens',
        args: '',
        wallMs: 30_000,
        cpuMs: 50,
        maxRssKiB: 1000,
      },
      {
        kind: 'tsc',
        project: 'packages/core',
        args: '-b tsconfig.spec.json',
        wallMs: 9_000,
        cpuMs: 50,
        maxRssKiB: 1000,
      },
    ]);
  });
});

describe('jestMemory', () => {
  it('gives the main process and largest worker of each project, by cwd inside the workspace', () => {
    const worker = '/w/node_modules/jest-worker/build/workers/processChild.js';
    const memory = jestMemory(
      [
        record({ script: '/w/node_modules/.bin/jest', cwd: '/w/packages/core', maxRssKiB: 200_000 }),
        record({ script: worker, cwd: '/w/packages/core', maxRssKiB: 400_000 }),
        record({ script: worker, cwd: '/w/packages/core', maxRssKiB: 350_000 }),
        record({ script: '/w/node_modules/.bin/jest', cwd: '/w/tools/bench', maxRssKiB: 150_000 }),
        record({ script: '/w/node_modules/.bin/tsc', cwd: '/w/packages/core', maxRssKiB: 900_000 }),
        record({ script: '/w/node_modules/.bin/jest', cwd: '/tmp/tf-workspace-1', maxRssKiB: 990_000 }),
      ],
      '/w',
    );
    expect(memory).toEqual([
      { project: 'packages/core', mainKiB: 200_000, workerKiB: 400_000, workers: 2 },
      { project: 'tools/bench', mainKiB: 150_000, workerKiB: 0, workers: 0 },
    ]);
  });
});

describe('withSampled', () => {
  it('adds Node processes that wrote no record and raises a record to a higher sampled peak', () => {
    const merged = withSampled(
      [record({ pid: 1, maxRssKiB: 100 }), record({ pid: 2, maxRssKiB: 500 })],
      [
        {
          pid: 1,
          argv: ['/usr/bin/node', '/w/node_modules/nx/bin/nx.js'],
          cwd: '/w',
          vmHwmKiB: 150,
          cpuMs: 0,
        },
        { pid: 2, argv: ['node', '/w/node_modules/nx/bin/nx.js'], cwd: '/w', vmHwmKiB: 400, cpuMs: 0 },
        {
          pid: 3,
          argv: ['node', '/w/jest-worker/build/processChild.js', 'x'],
          cwd: '/w/a',
          vmHwmKiB: 700,
          cpuMs: 0,
        },
        { pid: 4, argv: ['/bin/sh', '-c', 'jest'], cwd: '/w', vmHwmKiB: 900, cpuMs: 0 },
      ],
    );
    expect(merged.map((r) => [r.pid, r.maxRssKiB, r.script, r.cwd])).toEqual([
      [1, 150, '/w/node_modules/nx/bin/nx.js', '/w'],
      [2, 500, '/w/node_modules/nx/bin/nx.js', '/w'],
      [3, 700, '/w/jest-worker/build/processChild.js', '/w/a'],
    ]);
  });
});

describe('summarizeExternal', () => {
  it('groups the processes that are not Node by executable, leaving out shells and known Node pids', () => {
    const sample = (pid: number, argv: string[], cpuMs: number, vmHwmKiB: number) => ({
      pid,
      argv,
      cwd: '/w',
      cpuMs,
      vmHwmKiB,
    });
    expect(
      summarizeExternal(
        [
          sample(1, ['/usr/local/bin/terraform', 'plan'], 4_000, 90_000),
          sample(2, ['/p/terraform-provider-aws_v5.100.0_x5'], 20_000, 400_000),
          sample(3, ['/usr/local/bin/terraform', 'validate'], 3_000, 80_000),
          sample(4, ['/bin/sh', '-c', 'jest'], 10, 2_000),
          sample(5, ['/usr/bin/node', 'x.js'], 9_000, 100_000),
          sample(6, [], 0, 100),
          sample(7, ['nginx: master process /usr/sbin/nginx -e /tmp/x/error.log'], 20, 6_000),
          sample(8, ['nginx: worker process'], 10, 5_000),
          sample(9, ['npm run synth'], 400, 59_000),
        ],
        new Set([9]),
      ),
    ).toEqual([
      { name: 'terraform-provider-aws_v5.100.0_x5', processes: 1, cpuMs: 20_000, maxRssKiB: 400_000 },
      { name: 'terraform', processes: 2, cpuMs: 7_000, maxRssKiB: 90_000 },
      { name: 'nginx', processes: 2, cpuMs: 30, maxRssKiB: 6_000 },
    ]);
  });
});

describe('processReportEnv with the real hook', () => {
  it('writes one record a process when two copies of the hook are preloaded', () => {
    const reportFile = join(tempDir(), 'report.jsonl');
    const outer = processReportEnv(
      join(tempDir(), 'outer.jsonl'),
      { PATH: process.env.PATH },
      compileHook('report-process'),
    );
    const result = spawnSync(process.execPath, ['-e', '0'], {
      env: processReportEnv(reportFile, outer, compileHook('report-process')),
    });
    expect(result.status).toBe(0);
    expect(readProcessReport(reportFile)).toHaveLength(1);
  });

  it('keeps NODE_OPTIONS and quotes a hook path with spaces', () => {
    const env = processReportEnv('/r.jsonl', { NODE_OPTIONS: '--max-old-space-size=4096' }, '/a b/hook.js');
    expect(env.NODE_OPTIONS).toBe('--max-old-space-size=4096 --require "/a b/hook.js"');
    expect(env.ICELOG_BENCH_REPORT).toBe('/r.jsonl');
  });

  it('makes every Node descendant report its pid, parent, script, cwd and peak RSS at exit', () => {
    const hook = compileHook('report-process');
    const reportFile = join(tempDir(), 'report.jsonl');
    const grandchild = 'const b = Buffer.alloc(64 * 1024 * 1024, 1); process.exitCode = b[0] === 1 ? 3 : 4;';
    const child = `const r = require('node:child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(grandchild)}]); process.exit(r.status === 3 ? 0 : 1);`;
    const result = spawnSync(process.execPath, ['-e', child], {
      env: processReportEnv(reportFile, { PATH: process.env.PATH }, hook),
      cwd: tempDir(),
    });
    expect(result.status).toBe(0);

    const records = readProcessReport(reportFile);
    expect(records).toHaveLength(2);
    const outer = records.find((r) => r.pid === result.pid) as ProcessRecord;
    const inner = records.find((r) => r.pid !== result.pid) as ProcessRecord;
    expect(inner.ppid).toBe(outer.pid);
    expect(outer.exitCode).toBe(0);
    expect(inner.exitCode).toBe(3);
    expect(inner.maxRssKiB).toBeGreaterThan(64 * 1024);
    expect(outer.maxRssKiB).toBeLessThan(inner.maxRssKiB);
    expect(inner.wallMs).toBeGreaterThan(0);
  });
});
