export * from './statuses';
export * from './routing';
export * from './processing';
export * from './query';
export * from './jq16';
export type { JqToken, JqTokenKind } from './jq-lexer';
export { JqLexError, tokenizeJq } from './jq-lexer';
export * from './jq-engine';
export * from './simulate';
