export * from './schema';
export * from './grants';
