import { evaluateBudget, formatLimit, formatValue, MeasuredValue, speedBudget } from '../src/budget';

describe('speedBudget', () => {
  it('holds the issue-8 limits for every app and the workspace commands', () => {
    const budget = speedBudget(['dev', 'prod']);
    const limits = Object.fromEntries(
      budget.map((target) => [target.id, [target.bound, target.limit, target.unit]]),
    );
    expect(limits).toEqual({
      'synth.dev.wall': ['at-most', 600, 'ms'],
      'synth.dev.rss': ['at-most', 120, 'MiB'],
      'naive.dev.speedup': ['at-least', 30, 'x'],
      'naive.dev.leaner': ['at-least', 12, 'x'],
      'synth.prod.wall': ['at-most', 600, 'ms'],
      'synth.prod.rss': ['at-most', 120, 'MiB'],
      'naive.prod.speedup': ['at-least', 30, 'x'],
      'naive.prod.leaner': ['at-least', 12, 'x'],
      'npm-synth.cold': ['at-most', 20_000, 'ms'],
      'npm-test.cold': ['at-most', 60_000, 'ms'],
      'npm-test.warm': ['at-most', 3_000, 'ms'],
      'npm-test.one-package': ['at-most', 30_000, 'ms'],
      'npm-test.readme': ['at-most', 10_000, 'ms'],
    });
  });

  it('defaults to the dev and prod apps', () => {
    expect(
      speedBudget()
        .filter((target) => target.id.startsWith('synth.'))
        .map((target) => target.id),
    ).toEqual(['synth.dev.wall', 'synth.dev.rss', 'synth.prod.wall', 'synth.prod.rss']);
  });
});

describe('evaluateBudget', () => {
  const targets = speedBudget(['dev']);
  const verdicts = (values: Record<string, MeasuredValue>) =>
    Object.fromEntries(
      evaluateBudget(targets, new Map(Object.entries(values))).map((result) => [result.id, result.verdict]),
    );

  it('passes an at-most target at and below its limit, and misses it above', () => {
    expect(verdicts({ 'synth.dev.wall': { value: 600 }, 'synth.dev.rss': { value: 120.1 } })).toMatchObject({
      'synth.dev.wall': 'PASS',
      'synth.dev.rss': 'MISS',
    });
  });

  it('passes an at-least target at and above its limit, and misses it below', () => {
    expect(
      verdicts({ 'naive.dev.speedup': { value: 30 }, 'naive.dev.leaner': { value: 11.9 } }),
    ).toMatchObject({
      'naive.dev.speedup': 'PASS',
      'naive.dev.leaner': 'MISS',
    });
  });

  it('reports ERROR with the reason for a failed measurement and SKIPPED for one not taken', () => {
    const results = evaluateBudget(
      targets,
      new Map([['npm-test.cold', { error: 'npm test failed (exit 1)' }]]),
    );
    expect(results.find((result) => result.id === 'npm-test.cold')).toMatchObject({
      verdict: 'ERROR',
      error: 'npm test failed (exit 1)',
    });
    expect(results.find((result) => result.id === 'npm-test.warm')?.verdict).toBe('SKIPPED');
    expect(results.find((result) => result.id === 'npm-test.warm')?.value).toBeUndefined();
  });
});

describe('formatValue and formatLimit', () => {
  it('prints milliseconds, seconds, MiB and ratios', () => {
    expect(formatValue(480.4, 'ms')).toBe('480 ms');
    expect(formatValue(1520, 'ms')).toBe('1.52 s');
    expect(formatValue(17_240, 'ms')).toBe('17.2 s');
    expect(formatValue(81.04, 'MiB')).toBe('81.0 MiB');
    expect(formatValue(35.44, 'x')).toBe('35.4×');
  });

  it('prints the bound with its unit', () => {
    const [wall, , speedup] = speedBudget(['dev']);
    expect(formatLimit(wall)).toBe('≤ 600 ms');
    expect(formatLimit(speedup)).toBe('≥ 30.0×');
  });
});
