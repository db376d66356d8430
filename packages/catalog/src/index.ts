export * from './grants';
export * from './warehouse-bucket';
export * from './iceberg-database';
export * from './iceberg-table';
export * from './table-maintenance-options';
export * from './table-maintenance';
export * from './iceberg-catalog';
export * from './athena-workgroup';
