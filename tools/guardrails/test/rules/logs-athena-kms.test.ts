import {
  AthenaWorkgroupEncryptedResults,
  AthenaWorkgroupEnforceConfiguration,
  KmsKeyRotation,
  LogGroupKmsEncryption,
  LogGroupRetention,
} from '../../src';
import { check, expectEveryRuleCovered, ref, stackJson } from '../helpers';

const logGroup = (body: object) =>
  stackJson({ resource: { aws_cloudwatch_log_group: { lg: { name: '/x', ...body } } } });
const LG = 'aws_cloudwatch_log_group.lg';

describe('CKV_AWS_66 LogGroupRetention', () => {
  it('is compliant with a retention', () => {
    expect(check(LogGroupRetention, logGroup({ retention_in_days: 30 }), LG)).toEqual({
      status: 'compliant',
      message: '30 days',
    });
  });

  it('is non-compliant without a retention (never expire)', () => {
    expect(check(LogGroupRetention, logGroup({}), LG)).toEqual({
      status: 'non-compliant',
      message: 'retention_in_days is unset (never expire); set a retention such as 30',
    });
  });

  it('is non-compliant with 0 (never expire)', () => {
    expect(check(LogGroupRetention, logGroup({ retention_in_days: 0 }), LG).status).toBe('non-compliant');
  });

  it('is non-compliant with an unresolved retention', () => {
    expect(check(LogGroupRetention, logGroup({ retention_in_days: ref('var.days') }), LG)).toEqual({
      status: 'non-compliant',
      message: 'retention_in_days is an unresolved expression (${var.days}); use a literal number of days',
    });
  });
});

describe('CKV_AWS_158 LogGroupKmsEncryption', () => {
  it('is not applicable unless requireCmk', () => {
    expect(check(LogGroupKmsEncryption, logGroup({}), LG).status).toBe('not-applicable');
  });

  it('is compliant with a KMS key', () => {
    const json = logGroup({ kms_key_id: ref('aws_kms_key.logs.arn') });
    expect(check(LogGroupKmsEncryption, json, LG, { requireCmk: true })).toEqual({ status: 'compliant' });
  });

  it('is non-compliant without one', () => {
    expect(check(LogGroupKmsEncryption, logGroup({}), LG, { requireCmk: true })).toEqual({
      status: 'non-compliant',
      message: 'kms_key_id is not set; encrypt the log group with a customer-managed key',
    });
  });
});

const workgroup = (configuration?: object) =>
  stackJson({
    resource: {
      aws_athena_workgroup: { wg: configuration ? { name: 'wg', configuration } : { name: 'wg' } },
    },
  });
const WG = 'aws_athena_workgroup.wg';
const encrypted = {
  enforce_workgroup_configuration: true,
  result_configuration: {
    output_location: 's3://b/results/',
    encryption_configuration: { encryption_option: 'SSE_S3' },
  },
};

describe('CKV_AWS_82 AthenaWorkgroupEnforceConfiguration', () => {
  it('is compliant when enforced', () => {
    expect(check(AthenaWorkgroupEnforceConfiguration, workgroup(encrypted), WG)).toEqual({
      status: 'compliant',
    });
  });

  it('is compliant when unset (provider default true)', () => {
    expect(check(AthenaWorkgroupEnforceConfiguration, workgroup(), WG)).toEqual({
      status: 'compliant',
      message: 'provider default true',
    });
  });

  it('is non-compliant when disabled', () => {
    const json = workgroup({ ...encrypted, enforce_workgroup_configuration: false });
    expect(check(AthenaWorkgroupEnforceConfiguration, json, WG)).toEqual({
      status: 'non-compliant',
      message: 'configuration.enforce_workgroup_configuration is false; set it to true',
    });
  });

  it('is non-compliant when unresolved', () => {
    const json = workgroup({ ...encrypted, enforce_workgroup_configuration: ref('var.enforce') });
    expect(check(AthenaWorkgroupEnforceConfiguration, json, WG).status).toBe('non-compliant');
  });
});

describe('CKV_AWS_159 AthenaWorkgroupEncryptedResults', () => {
  it('is compliant with SSE_S3 results', () => {
    expect(check(AthenaWorkgroupEncryptedResults, workgroup(encrypted), WG)).toEqual({
      status: 'compliant',
      message: 'SSE_S3',
    });
  });

  it('is compliant with the blocks written as lists', () => {
    const json = workgroup([
      { result_configuration: [{ encryption_configuration: [{ encryption_option: 'SSE_KMS' }] }] },
    ]);
    expect(check(AthenaWorkgroupEncryptedResults, json, WG).status).toBe('compliant');
  });

  it('is non-compliant without encryption_configuration', () => {
    const json = workgroup({ result_configuration: { output_location: 's3://b/results/' } });
    expect(check(AthenaWorkgroupEncryptedResults, json, WG)).toEqual({
      status: 'non-compliant',
      message:
        'configuration.result_configuration.encryption_configuration.encryption_option is unset; set one of SSE_S3, SSE_KMS, CSE_KMS',
    });
  });
});

describe('CKV_AWS_7 KmsKeyRotation', () => {
  const key = (body: object) => stackJson({ resource: { aws_kms_key: { k: body } } });

  it('is compliant with rotation on', () => {
    expect(check(KmsKeyRotation, key({ enable_key_rotation: true }), 'aws_kms_key.k')).toEqual({
      status: 'compliant',
    });
  });

  it('is non-compliant with rotation off', () => {
    expect(check(KmsKeyRotation, key({}), 'aws_kms_key.k')).toEqual({
      status: 'non-compliant',
      message: 'enable_key_rotation is unset; set it to true',
    });
  });

  it('is not applicable to asymmetric keys', () => {
    const json = key({ customer_master_key_spec: 'RSA_4096', key_usage: 'SIGN_VERIFY' });
    expect(check(KmsKeyRotation, json, 'aws_kms_key.k')).toEqual({
      status: 'not-applicable',
      message: 'key spec "RSA_4096", usage "SIGN_VERIFY" cannot rotate automatically',
    });
  });
});

it('covers every logs, athena and kms rule with a compliant and a non-compliant fixture', () => {
  expectEveryRuleCovered('logs');
  expectEveryRuleCovered('athena');
  expectEveryRuleCovered('kms');
});
