export * from './plan-json';
export * from './data-bearing';
export * from './policy-wildcards';
export * from './warnings';
export * from './markdown';
export * from './summary';
export * from './synth-diff';
export { runCli, parsePlanArgument, EXIT_DANGER, EXIT_USAGE } from './cli-app';
export type { CliIo } from './cli-app';
