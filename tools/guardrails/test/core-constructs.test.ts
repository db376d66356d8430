import { S3Backend, TerraformStack } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import {
  AwsContext,
  RetainedLogGroup,
  Role,
  SecureBucket,
  setUnmodelledAttribute,
  suppressGuardrail,
} from '@icelog/core';
import { newTestStack, synthesizeWithMetadata } from '@icelog/core/testing';
import { expectNoFindings, runPack } from '../src';

/** A stack of @icelog/core's secure defaults, as an app would compose them. */
function coreStack(configure?: (stack: TerraformStack) => void) {
  const stack = newTestStack();
  const backend = new S3Backend(stack, {
    bucket: 'icelog-state',
    key: 'test/terraform.tfstate',
    region: 'eu-west-1',
    encrypt: true,
  });
  setUnmodelledAttribute(backend, 'use_lockfile', true, 'S3Backend of cdktf 0.21 lacks use_lockfile');
  const ctx = AwsContext.of(stack);
  const key = new KmsKey(stack, 'Key', { enableKeyRotation: true, description: 'icelog data' });
  new SecureBucket(stack, 'Plain');
  new SecureBucket(stack, 'Warehouse', {
    encryption: { kind: 'KMS', kmsKeyArn: key.arn },
    versioned: true,
    prefixExpirations: [{ id: 'errors', prefix: 'errors/', days: 30 }],
  });
  const role = new Role(stack, 'FirehoseRole', {
    assumedBy: {
      service: 'firehose.amazonaws.com',
      conditions: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: [ctx.accountId] }],
    },
  });
  role.addToPolicy('Glue', [
    {
      actions: ['glue:GetTable', 'glue:GetDatabase', 'glue:UpdateTable'],
      resources: [
        ctx.arn({ service: 'glue', resource: 'catalog' }),
        ctx.arn({ service: 'glue', resource: 'database/icelog' }),
        ctx.arn({ service: 'glue', resource: 'table/icelog/request_200' }),
      ],
    },
  ]);
  new RetainedLogGroup(stack, 'FirehoseLogs', { logGroupName: '/aws/kinesisfirehose/icelog' });
  configure?.(stack);
  return synthesizeWithMetadata(stack);
}

describe('@icelog/core defaults under the pack', () => {
  it('pass every rule with default options', () => {
    const report = expectNoFindings(coreStack());
    expect(report.findings.filter((f) => f.status === 'compliant').length).toBeGreaterThan(30);
  });

  it('carry construct paths into findings', () => {
    const report = runPack(coreStack());
    expect(report.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'CKV2_AWS_6', path: 'test/Warehouse/Bucket', status: 'compliant' }),
    );
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'ICELOG_IAM_1',
        path: 'test/FirehoseRole/Role',
        status: 'compliant',
      }),
    );
  });

  it('meet requireCmk and requireVersioning only where configured for it', () => {
    const report = runPack(coreStack(), { requireCmk: true, requireVersioning: true });
    expect(report.failures.map((f) => [f.ruleId, f.path])).toEqual([
      ['CKV_AWS_145', 'test/Plain/Bucket'],
      ['CKV_AWS_21', 'test/Plain/Bucket'],
      ['CKV_AWS_158', 'test/FirehoseLogs/LogGroup'],
    ]);
  });

  it('read suppressions recorded with suppressGuardrail', () => {
    const json = coreStack((stack) => {
      const plain = stack.node.findChild('Plain') as SecureBucket;
      suppressGuardrail(plain.bucket, 'CKV_AWS_145', 'holds only public reference data; SSE-S3 is enough');
      suppressGuardrail(plain.bucket, 'CKV_AWS_21', 'objects are rebuilt from source on every deploy');
      const logs = stack.node.findChild('FirehoseLogs') as RetainedLogGroup;
      suppressGuardrail(logs.resource, 'CKV_AWS_158', 'delivery error messages hold no record payloads');
    });
    const report = expectNoFindings(json, { requireCmk: true, requireVersioning: true });
    expect(report.suppressed.map((f) => [f.ruleId, f.suppressionReason])).toEqual([
      ['CKV_AWS_145', 'holds only public reference data; SSE-S3 is enough'],
      ['CKV_AWS_21', 'objects are rebuilt from source on every deploy'],
      ['CKV_AWS_158', 'delivery error messages hold no record payloads'],
    ]);
  });

  it('catch a Firehose role without sts:ExternalId and a Glue wildcard', () => {
    const json = coreStack((stack) => {
      const ctx = AwsContext.of(stack);
      const role = new Role(stack, 'LooseRole', { assumedBy: { service: 'firehose.amazonaws.com' } });
      role.addToPolicy('Glue', [
        { actions: ['glue:GetTable'], resources: [ctx.arn({ service: 'glue', resource: 'table/*/*' })] },
      ]);
    });
    expect(() => expectNoFindings(json)).toThrow(
      /^guardrails failed\nguardrails \(icelog\) on test: 2 failed, /,
    );
    expect(runPack(json).failures.map((f) => [f.ruleId, f.path])).toEqual([
      ['ICELOG_IAM_1', 'test/LooseRole/Role'],
      ['ICELOG_IAM_2', 'test/LooseRole/GluePolicy'],
    ]);
  });
});
