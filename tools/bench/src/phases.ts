/** Parts of the benchmark, in the order they run. */
export const PHASES = ['npm-synth', 'synth', 'naive', 'diagnose', 'npm-test'] as const;

/** One part of the benchmark. */
export type Phase = (typeof PHASES)[number];
