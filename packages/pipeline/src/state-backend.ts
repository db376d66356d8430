import { S3Backend } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError, setUnmodelledAttribute, validateBucketName, validateRegion } from '@icelog/core';

/** Where Terraform keeps the state of one environment. */
export interface StateBackendProps {
  /** Existing S3 bucket for state (versioning on; see README "Deploy"). */
  readonly bucket: string;
  /**
   * State object key: relative, ending in `.tfstate`, no `.`/`..` segments and no `//` (S3 would keep
   * them literally, so two spellings of "the same" path would be two states).
   */
  readonly key: string;
  /** Region of the state bucket. */
  readonly region: string;
  /**
   * The environment this state belongs to; when set, the state file must sit in a folder named after it
   * (`icelog/<environment>/terraform.tfstate`), so that two environments can never share one state.
   * @default - not checked
   */
  readonly environment?: string;
}

/**
 * Throws unless `key` is a relative S3 key ending in `.tfstate` with no empty, `.` or `..` segment and,
 * when `environment` is given, in a folder named after it: two environments then never share a key.
 */
export function validateStateKey(field: string, key: string, environment?: string): void {
  if (typeof key !== 'string' || !/^[A-Za-z0-9!_.*'()/-]+\.tfstate$/.test(key) || key.startsWith('/')) {
    throw new ValidationError(field, key, 'must be a relative S3 key ending in ".tfstate"');
  }
  const segments = key.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new ValidationError(
      field,
      key,
      'must not contain "//" or "." / ".." segments: S3 keeps them literally, so the key would not be the state it looks like',
    );
  }
  if (environment !== undefined && segments[segments.length - 2] !== environment) {
    throw new ValidationError(
      field,
      key,
      `must keep the state in a folder named after the environment ("…/${environment}/<name>.tfstate"), so that no other environment can share it; set ${field} to "icelog/${environment}/terraform.tfstate" or leave it unset`,
    );
  }
}

/**
 * Configures the S3 state backend the only safe way: server-side encryption on, and S3-native state
 * locking (`use_lockfile = true`, Terraform ≥ 1.10; no DynamoDB table). cdktf 0.21's `S3Backend` has no
 * `useLockfile` field, so it is written through core's `setUnmodelledAttribute`. No credentials are ever
 * written: Terraform takes them from the environment (OIDC in CI).
 */
export function configureStateBackend(scope: Construct, props: StateBackendProps): S3Backend {
  validateBucketName('state.bucket', props.bucket);
  validateRegion('state.region', props.region);
  validateStateKey('state.key', props.key, props.environment);
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
