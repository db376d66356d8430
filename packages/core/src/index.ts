export * from './validation';
export * from './aws-names';
export * from './aws-context';
export * from './iam';
export * from './overrides';
export * from './refs';
export * from './log-group';
export * from './secure-bucket';
