import { FirehoseServerSideEncryption } from './FirehoseServerSideEncryption';
import { FirehoseCustomerManagedKey } from './FirehoseCustomerManagedKey';
import { KinesisStreamEncryption } from './KinesisStreamEncryption';
import { KinesisStreamCustomerManagedKey } from './KinesisStreamCustomerManagedKey';
import { FirehoseErrorLogging } from './FirehoseErrorLogging';
import { FirehoseFailedRecordsKept } from './FirehoseFailedRecordsKept';
import { FirehoseRoleTrust } from './FirehoseRoleTrust';
import { GlueNoWildcardArns } from './GlueNoWildcardArns';
import { GuardrailRule } from '../../rule';

export {
  FirehoseServerSideEncryption,
  FirehoseCustomerManagedKey,
  KinesisStreamEncryption,
  KinesisStreamCustomerManagedKey,
  FirehoseErrorLogging,
  FirehoseFailedRecordsKept,
  FirehoseRoleTrust,
  GlueNoWildcardArns,
};

/** The per-stack rules of the delivery area, in report order. Add a rule here, one per line. */
export const DELIVERY_RULES: readonly GuardrailRule[] = [
  FirehoseServerSideEncryption,
  FirehoseCustomerManagedKey,
  KinesisStreamEncryption,
  KinesisStreamCustomerManagedKey,
  FirehoseErrorLogging,
  FirehoseFailedRecordsKept,
  FirehoseRoleTrust,
  GlueNoWildcardArns,
];
