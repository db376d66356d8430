import { TEST_EDITS } from './edits';

/** Outcome of one budget target. */
export type Verdict =
  /** Measured and within the target. */
  | 'PASS'
  /** Measured and outside the target. */
  | 'MISS'
  /** Not measured because a command failed or the comparator differs. */
  | 'ERROR'
  /** Not measured in this run (left out with --only). */
  | 'SKIPPED';

/** Unit of a measured value. */
export type Unit = 'ms' | 'MiB' | 'x';

/** One line of the speed budget. */
export interface BudgetTarget {
  /** Stable id, also the key of the measured value, e.g. `synth.dev.wall`. */
  readonly id: string;
  /** What is measured, in words. */
  readonly description: string;
  readonly unit: Unit;
  /** `at-most`: value ≤ limit passes; `at-least`: value ≥ limit passes. */
  readonly bound: 'at-most' | 'at-least';
  readonly limit: number;
}

/** A measured value, or why there is none. */
export type MeasuredValue = { readonly value: number } | { readonly error: string };

/** A target with its measured value and verdict. */
export interface BudgetResult extends BudgetTarget {
  readonly value?: number;
  readonly error?: string;
  readonly verdict: Verdict;
}

/** Default apps of the workspace. */
export const DEFAULT_APPS: readonly string[] = ['dev', 'prod'];

/**
 * The speed budget of issue 8: per-app synth from built JS (the app's Nx synth command,
 * `node dist/main.js`) ≤ 0.6 s and ≤ 120 MiB, ≥ 30× faster and
 * ≥ 12× leaner than the naive comparator of the same run; `npm run synth` from a clean clone ≤ 20 s;
 * `npm test` cold ≤ 60 s and a cached re-run ≤ 3 s.
 */
export function speedBudget(apps: readonly string[] = DEFAULT_APPS): BudgetTarget[] {
  const perApp = apps.flatMap((app): BudgetTarget[] => [
    {
      id: `synth.${app}.wall`,
      description: `synth ${app} (built JS), wall`,
      unit: 'ms',
      bound: 'at-most',
      limit: 600,
    },
    {
      id: `synth.${app}.rss`,
      description: `synth ${app} (built JS), peak RSS`,
      unit: 'MiB',
      bound: 'at-most',
      limit: 120,
    },
    {
      id: `naive.${app}.speedup`,
      description: `synth ${app}: naive wall / built-JS wall`,
      unit: 'x',
      bound: 'at-least',
      limit: 30,
    },
    {
      id: `naive.${app}.leaner`,
      description: `synth ${app}: naive RSS / built-JS RSS`,
      unit: 'x',
      bound: 'at-least',
      limit: 12,
    },
  ]);
  return [
    ...perApp,
    {
      id: 'npm-synth.cold',
      description: 'npm run synth, clean clone',
      unit: 'ms',
      bound: 'at-most',
      limit: 20_000,
    },
    {
      id: 'npm-test.cold',
      description: 'npm test, clean clone',
      unit: 'ms',
      bound: 'at-most',
      limit: 60_000,
    },
    {
      id: 'npm-test.warm',
      description: 'npm test, cached re-run',
      unit: 'ms',
      bound: 'at-most',
      limit: 3_000,
    },
    ...TEST_EDITS.map((edit): BudgetTarget => ({
      id: edit.id,
      description: edit.description,
      unit: 'ms',
      bound: 'at-most',
      limit: edit.limitMs,
    })),
  ];
}

/** Gives every target its verdict; a target without a value is SKIPPED. */
export function evaluateBudget(
  targets: readonly BudgetTarget[],
  measured: ReadonlyMap<string, MeasuredValue>,
): BudgetResult[] {
  return targets.map((target) => {
    const result = measured.get(target.id);
    if (result === undefined) {
      return { ...target, verdict: 'SKIPPED' };
    }
    if ('error' in result) {
      return { ...target, error: result.error, verdict: 'ERROR' };
    }
    const pass = target.bound === 'at-most' ? result.value <= target.limit : result.value >= target.limit;
    return { ...target, value: result.value, verdict: pass ? 'PASS' : 'MISS' };
  });
}

/** `12.3 s`, `480 ms`, `81.2 MiB`, `35.4×`. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return value >= 10_000
        ? `${(value / 1000).toFixed(1)} s`
        : value >= 1_000
          ? `${(value / 1000).toFixed(2)} s`
          : `${Math.round(value)} ms`;
    case 'MiB':
      return `${value.toFixed(1)} MiB`;
    case 'x':
      return `${value.toFixed(1)}×`;
  }
}

/** `≤ 600 ms`, `≥ 30.0×`. */
export function formatLimit(target: BudgetTarget): string {
  return `${target.bound === 'at-most' ? '≤' : '≥'} ${formatValue(target.limit, target.unit)}`;
}
