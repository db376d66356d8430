/** Summary of repeated samples of one measurement. */
export interface SampleSummary {
  /** Number of samples. */
  readonly runs: number;
  /** Median (mean of the two middle samples for an even count). */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** The samples in measurement order. */
  readonly samples: readonly number[];
}

/** Median of `values`; throws on an empty list (a benchmark with no run has no result). */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new Error('median of an empty list');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, min and max of `samples`. */
export function summarize(samples: readonly number[]): SampleSummary {
  return {
    runs: samples.length,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples: [...samples],
  };
}
