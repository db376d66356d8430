import { S3Backend } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError, setUnmodelledAttribute, validateBucketName } from '@icelog/core';

/** Where Terraform keeps the state of one environment. */
export interface StateBackendProps {
  /** Existing S3 bucket for state (versioning on; see README "Deploy"). */
  readonly bucket: string;
  /** State object key; unique per environment. */
  readonly key: string;
  /** Region of the state bucket. */
  readonly region: string;
}

/**
 * Configures the S3 state backend the only safe way: server-side encryption on, and S3-native state
 * locking (`use_lockfile = true`, Terraform ≥ 1.10; no DynamoDB table). cdktf 0.21's `S3Backend` has no
 * `useLockfile` field, so it is written through core's `setUnmodelledAttribute`. No credentials are ever
 * written: Terraform takes them from the environment (OIDC in CI).
 */
export function configureStateBackend(scope: Construct, props: StateBackendProps): S3Backend {
  validateBucketName('state.bucket', props.bucket);
  if (!/^[A-Za-z0-9!_.*'()/-]+\.tfstate$/.test(props.key) || props.key.startsWith('/')) {
    throw new ValidationError('state.key', props.key, 'must be a relative S3 key ending in ".tfstate"');
  }
  const backend = new S3Backend(scope, {
    bucket: props.bucket,
    key: props.key,
    region: props.region,
    encrypt: true,
  });
  setUnmodelledAttribute(
    backend,
    'use_lockfile',
    true,
    'cdktf 0.21 S3Backend predates S3-native locking (Terraform 1.10); the field is plain HCL backend config',
  );
  return backend;
}
