import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { evaluateBudget, speedBudget } from '../src/budget';
import { EXIT, USAGE, exitCodeFor, parseCli, renderReport, writeReport } from '../src/cli';
import { BenchReport } from '../src/report';
import { summarize } from '../src/stats';
import { WORKSPACE_ROOT, compileSources, tempDir } from './helpers';

describe('parseCli', () => {
  it('leaves every setting to its default when no option is given', () => {
    expect(parseCli([])).toEqual({
      runs: undefined,
      coldRuns: undefined,
      naiveRuns: undefined,
      apps: undefined,
      phases: undefined,
      source: undefined,
      nodeModules: undefined,
      maxLoad: undefined,
      idleTimeoutMs: undefined,
      outDir: undefined,
      keep: false,
      reportOnly: false,
      help: false,
    });
  });

  it('reads every option', () => {
    expect(
      parseCli([
        '--runs=7',
        '--cold-runs',
        '2',
        '--naive-runs',
        '4',
        '--apps',
        'dev',
        '--only',
        'synth,naive',
        '--source',
        'worktree',
        '--node-modules',
        'npm-ci',
        '--max-load',
        '1.5',
        '--idle-timeout',
        '60',
        '--out',
        '/tmp/b',
        '--keep',
        '--report-only',
      ]),
    ).toEqual({
      runs: 7,
      coldRuns: 2,
      naiveRuns: 4,
      apps: ['dev'],
      phases: new Set(['synth', 'naive']),
      source: 'worktree',
      nodeModules: 'npm-ci',
      maxLoad: 1.5,
      idleTimeoutMs: 60_000,
      outDir: '/tmp/b',
      keep: true,
      reportOnly: true,
      help: false,
    });
  });

  it('--quick lowers the run counts, and explicit counts win', () => {
    expect(parseCli(['--quick'])).toMatchObject({ runs: 3, coldRuns: 1, naiveRuns: 1 });
    expect(parseCli(['--quick', '--runs', '9'])).toMatchObject({ runs: 9, coldRuns: 1 });
  });

  it.each([
    [['--runs', '0'], "--runs: expected a whole number ≥ 1, got '0'"],
    [['--cold-runs', '1.5'], "--cold-runs: expected a whole number ≥ 1, got '1.5'"],
    [
      ['--only', 'synth,deploy'],
      "--only: unknown phase 'deploy' (one of npm-synth, synth, naive, diagnose, npm-test)",
    ],
    [['--apps', ' , '], "--apps: expected a comma-separated list, got ' , '"],
    [['--source', 'branch'], "--source: expected one of head, worktree, got 'branch'"],
    [['--node-modules', 'copy'], "--node-modules: expected one of hardlink, npm-ci, got 'copy'"],
    [['--max-load', '0'], "--max-load: expected a number > 0, got '0'"],
    [['--max-load', 'low'], "--max-load: expected a number > 0, got 'low'"],
    [['--verbose'], "Unknown option '--verbose'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(message);
  });
});

function report(values: Record<string, number>, errors: string[] = []): BenchReport {
  const measurements = Object.entries(values)
    .filter(([id]) => !id.startsWith('naive.') || id.endsWith('.wall') || id.endsWith('.rss'))
    .map(([id, value]) => ({
      id,
      description: id,
      unit: (id.endsWith('.rss') ? 'MiB' : 'ms') as 'MiB' | 'ms',
      summary: summarize([value]),
      load: [0.5, 0.7] as const,
      command: 'x',
    }));
  return {
    schema: 'icelog-bench/1',
    startedAt: '2026-01-02T03:04:05.678Z',
    finishedAt: '2026-01-02T03:14:05.678Z',
    environment: {
      node: 'v20.20.2',
      platform: 'linux-x64',
      cpus: 2,
      cpuModel: 'cpu',
      memoryGiB: 24,
      gnuTime: true,
      hyperfine: false,
      memoryProbe: '/usr/bin/time -v',
      load: [0.4, 0.9],
    },
    workspace: { root: '/w', commit: '0123456789abcdef', source: 'HEAD', nodeModules: 'hard links' },
    settings: { runs: 1, coldRuns: 1, naiveRuns: 1, apps: ['dev'] },
    measurements,
    hyperfine: {},
    jestMemory: [{ project: 'packages/core', mainKiB: 204_800, workerKiB: 0, workers: 0 }],
    breakdowns: [],
    diagnoses: [],
    budget: evaluateBudget(
      speedBudget(['dev']),
      new Map(Object.entries(values).map(([id, value]) => [id, { value }])),
    ),
    errors,
  };
}

describe('renderReport and exitCodeFor', () => {
  const passing = {
    'synth.dev.wall': 480,
    'synth.dev.rss': 81,
    'naive.dev.speedup': 35,
    'naive.dev.leaner': 18,
    'npm-synth.cold': 15_000,
    'npm-test.cold': 50_000,
    'npm-test.warm': 2_000,
  };

  it('prints the table with target and verdict, jest memory and the budget', () => {
    const text = renderReport(report(passing));
    expect(text).toContain('icelog bench 2026-01-02T03:04:05.678Z — 0123456789ab (HEAD), node v20.20.2');
    expect(text).toMatch(/synth\.dev\.wall\s+480 ms\s+1\s+0\.50–0\.70\s+≤ 600 ms\s+PASS/);
    expect(text).toMatch(/synth dev: naive wall \/ built-JS wall\s+35\.0×\s+≥ 30\.0×\s+PASS/);
    expect(text).toMatch(/packages\/core\s+200\.0 MiB\s+\(in band\)\s+0/);
    expect(text).toContain('PASS    npm test, cached re-run: 2.00 s (target ≤ 3.00 s)');
  });

  it('exits 0 when all pass, 1 on a miss unless --report-only, 2 on an error', () => {
    expect(exitCodeFor(report(passing), false)).toBe(EXIT.pass);
    const missed = report({ ...passing, 'synth.dev.wall': 1520 });
    expect(renderReport(missed)).toContain('MISS    synth dev (built JS), wall: 1.52 s (target ≤ 600 ms)');
    expect(exitCodeFor(missed, false)).toBe(EXIT.miss);
    expect(exitCodeFor(missed, true)).toBe(EXIT.pass);
    const failed = report(passing, ['npm-test: npm test failed (exit 1)']);
    expect(renderReport(failed)).toContain('errors:\n  npm-test: npm test failed (exit 1)');
    expect(exitCodeFor(failed, true)).toBe(EXIT.error);
  });
});

describe('writeReport', () => {
  it('writes the timestamped JSON, latest.json and a Markdown table', () => {
    const outDir = join(tempDir(), '.bench');
    const file = writeReport(report({ 'synth.dev.wall': 480 }), outDir);
    expect(file).toBe(join(outDir, 'bench-2026-01-02T03-04-05-678Z.json'));
    expect(JSON.parse(readFileSync(file, 'utf8')).schema).toBe('icelog-bench/1');
    expect(readFileSync(join(outDir, 'latest.json'), 'utf8')).toBe(readFileSync(file, 'utf8'));
    const markdown = readFileSync(join(outDir, 'latest.md'), 'utf8');
    expect(markdown).toContain('| synth.dev.wall ');
    expect(markdown).toContain('| PASS    |');
    expect(existsSync(join(outDir, 'latest.md'))).toBe(true);
  });
});

describe('the command line', () => {
  let cli: string;
  beforeAll(() => {
    cli = join(compileSources(), 'cli.js');
  });
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_PATH: join(WORKSPACE_ROOT, 'node_modules') },
    });

  it('prints its usage with --help and exits 0', () => {
    const result = run('--help');
    expect(result.stdout).toBe(`${USAGE}\n`);
    expect(result.status).toBe(EXIT.pass);
  });

  it('rejects a bad option with the reason and the usage, exit 64, before cloning anything', () => {
    const result = run('--runs', '0');
    expect(result.stderr).toBe(`icelog-bench: --runs: expected a whole number ≥ 1, got '0'\n\n${USAGE}\n`);
    expect(result.status).toBe(EXIT.usage);
  });

  it('documents every option in its usage text', () => {
    const flags = [
      ...readFileSync(join(__dirname, '..', 'src', 'cli.ts'), 'utf8').matchAll(
        /^\s+'?([a-z-]+)'?: \{ type:/gm,
      ),
    ].map((match) => `--${match[1]}`);
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of flags) {
      expect(USAGE).toContain(flag);
    }
  });
});
