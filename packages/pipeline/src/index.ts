export * from './config';
export * from './config-mapping';
export * from './state-backend';
export * from './icelog-stack';
export * from './app';
