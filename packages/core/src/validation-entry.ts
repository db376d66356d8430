/**
 * `@icelog/core/validation`: the input rules without any construct code, for tools (CLIs) that must
 * start fast and never synthesize: loading it does not load cdktf or the provider bindings.
 */
export * from './validation';
export * from './aws-names';
export * from './record-schema';
export * from './regions';
export * from './arns';
export * from './tags';
