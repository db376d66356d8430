export { FirehoseServerSideEncryption } from './FirehoseServerSideEncryption';
export { FirehoseCustomerManagedKey } from './FirehoseCustomerManagedKey';
export { KinesisStreamEncryption } from './KinesisStreamEncryption';
export { KinesisStreamCustomerManagedKey } from './KinesisStreamCustomerManagedKey';
export { FirehoseErrorLogging } from './FirehoseErrorLogging';
export { FirehoseFailedRecordsKept } from './FirehoseFailedRecordsKept';
export { FirehoseRoleTrust } from './FirehoseRoleTrust';
export { GlueNoWildcardArns } from './GlueNoWildcardArns';
