export * from './fluent-bit/regex';
export * from './fluent-bit/time-format';
export * from './fluent-bit/types';
export * from './fluent-bit/parser';
export * from './fluent-bit/filter';
export * from './fluent-bit/output';
export * from './fluent-bit/config-file';
export * from './nginx';
export * from './firelens-config';
export * from './fargate';
export * from './images';
export * from './network';
export * from './load-balancer';
export * from './firelens-service';
export { FireLensTaskDefinition } from './firelens-task-definition';
export type { FireLensTaskDefinitionProps, FireLensTaskResources } from './firelens-task-definition';
export type { EcsClusterRef, FireLensServiceProps } from './service-settings';
export {
  CONFIG_FILE_NAME,
  CONFIG_HASH_ENV,
  LOG_ROUTER_CONTAINER_NAME,
  PARSERS_FILE_NAME,
} from './task-settings';
export type { FireLensTaskDefinitionOptions } from './task-settings';
export * from './fluent-bit/buffered-output';
export * from './fluent-bit/grep';
export * from './fluent-bit/partial-messages';
export * from './fluent-bit/request-time';
