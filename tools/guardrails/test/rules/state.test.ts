import {
  BackendEncryption,
  BackendNoCredentials,
  BackendStateKeyUnique,
  BackendStateLocking,
  ProviderNoHardcodedCredentials,
  runPackOnStacks,
} from '../../src';
import { check, expectEveryRuleCovered, ref, stackJson } from '../helpers';

const BE = 'terraform.backend.s3';
const backend = (s3: object, name = 'test') => stackJson({ name, terraform: { backend: { s3 } } });
const good = {
  bucket: 'icelog-state',
  key: 'dev/terraform.tfstate',
  region: 'eu-west-1',
  encrypt: true,
  use_lockfile: true,
};

describe('ICELOG_TF_1 BackendEncryption', () => {
  it('is compliant with encrypt = true', () => {
    expect(check(BackendEncryption, backend(good), BE)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant without encrypt', () => {
    expect(check(BackendEncryption, backend({ ...good, encrypt: undefined }), BE)).toEqual({
      status: 'non-compliant',
      message: 'encrypt is unset; set it to true',
    });
  });
});

describe('CKV_TF_3 BackendStateLocking', () => {
  it('is compliant with use_lockfile = true', () => {
    expect(check(BackendStateLocking, backend(good), BE)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant with the deprecated DynamoDB lock table only', () => {
    expect(
      check(BackendStateLocking, backend({ ...good, use_lockfile: undefined, dynamodb_table: 'locks' }), BE),
    ).toEqual({
      status: 'non-compliant',
      message:
        'the backend locks with dynamodb_table, which Terraform 1.11 deprecates; set use_lockfile = true',
    });
  });

  it('is non-compliant without locking', () => {
    expect(check(BackendStateLocking, backend({ ...good, use_lockfile: false }), BE)).toEqual({
      status: 'non-compliant',
      message:
        'use_lockfile is not true; set use_lockfile = true (setUnmodelledAttribute if S3Backend lacks it)',
    });
  });
});

describe('ICELOG_TF_2 BackendNoCredentials', () => {
  it('is compliant without credentials', () => {
    expect(check(BackendNoCredentials, backend(good), BE)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant naming each credential attribute', () => {
    const json = backend({ ...good, access_key: 'AKIA...', secret_key: 'x', profile: 'admin' });
    expect(check(BackendNoCredentials, json, BE)).toEqual({
      status: 'non-compliant',
      message:
        'the backend sets access_key, secret_key, profile; remove them and take credentials from the environment (AWS_PROFILE, role)',
    });
  });
});

describe('CKV_AWS_41 ProviderNoHardcodedCredentials', () => {
  const provider = (config: object) =>
    stackJson({ provider: { aws: [config, { alias: 'us', region: 'us-east-1' }] } });

  it('is compliant without credentials, for each provider configuration', () => {
    const json = provider({ region: 'eu-west-1' });
    expect(check(ProviderNoHardcodedCredentials, json, 'provider.aws')).toEqual({ status: 'compliant' });
    expect(check(ProviderNoHardcodedCredentials, json, 'provider.aws.us')).toEqual({ status: 'compliant' });
  });

  it('is non-compliant with literal keys', () => {
    const json = provider({ region: 'eu-west-1', access_key: 'AKIAIOSFODNN7EXAMPLE', secret_key: 'abc' });
    expect(check(ProviderNoHardcodedCredentials, json, 'provider.aws')).toEqual({
      status: 'non-compliant',
      message: 'the provider sets access_key, secret_key literally; take credentials from the environment',
    });
  });

  it('accepts keys passed through variables (not hard-coded)', () => {
    const json = provider({ access_key: ref('var.access_key'), secret_key: ref('var.secret_key') });
    expect(check(ProviderNoHardcodedCredentials, json, 'provider.aws').status).toBe('compliant');
  });
});

describe('ICELOG_TF_3 BackendStateKeyUnique (cross-stack)', () => {
  const keyFindings = (stacks: ReturnType<typeof backend>[]) =>
    runPackOnStacks(stacks.map((json) => ({ json }))).findings.filter(
      (f) => f.ruleId === BackendStateKeyUnique.id,
    );

  it('is compliant when each environment has its own key', () => {
    expect(
      keyFindings([backend(good, 'dev'), backend({ ...good, key: 'prod/terraform.tfstate' }, 'prod')]).map(
        (f) => [f.stack, f.status, f.message],
      ),
    ).toEqual([
      ['dev', 'compliant', 's3://icelog-state/dev/terraform.tfstate'],
      ['prod', 'compliant', 's3://icelog-state/prod/terraform.tfstate'],
    ]);
  });

  it('is compliant for the same key in different buckets or workspace prefixes', () => {
    const findings = keyFindings([
      backend(good, 'dev'),
      backend({ ...good, bucket: 'other-state' }, 'prod'),
      backend({ ...good, workspace_key_prefix: 'ws' }, 'staging'),
    ]);
    expect(findings.map((f) => f.status)).toEqual(['compliant', 'compliant', 'compliant']);
  });

  it('is non-compliant for every stack sharing a state key', () => {
    const findings = keyFindings([backend(good, 'dev'), backend(good, 'prod')]);
    expect(findings.map((f) => [f.stack, f.address, f.status, f.message])).toEqual([
      [
        'dev',
        'terraform.backend.s3',
        'non-compliant',
        'state s3://icelog-state/dev/terraform.tfstate is also used by stack "prod"; give each environment its own key',
      ],
      [
        'prod',
        'terraform.backend.s3',
        'non-compliant',
        'state s3://icelog-state/dev/terraform.tfstate is also used by stack "dev"; give each environment its own key',
      ],
    ]);
  });

  it('ignores stacks without an S3 backend', () => {
    expect(keyFindings([backend(good, 'dev'), stackJson({ name: 'local' })]).map((f) => f.stack)).toEqual([
      'dev',
    ]);
  });
});

it('covers every state rule with a compliant and a non-compliant fixture', () => {
  expectEveryRuleCovered('state');
});
