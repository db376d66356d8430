export * from './delivery-stream-ref';
