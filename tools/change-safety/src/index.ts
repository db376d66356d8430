export * from './change-safety';
export * from './describe-change-safety';
export * from './routine-changes';
export * from './seed-state';
export * from './stack-merge';
