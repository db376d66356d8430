import { TerraformOutput, Token } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Role } from '@icelog/core';
import { newTestStack, synthesize } from '@icelog/core/testing';
import { IcebergDeliveryStream } from '../src';
import { KEY_ARN, newStream, policyStatements, ref } from './fixtures';

const STREAM_ARN = 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/icelog-prod';
const KINESIS_ARN = 'arn:aws:kinesis:eu-west-1:111122223333:stream/icelog-prod-source';

function taskRole(stack: Parameters<typeof Role.fromRoleName>[0]) {
  return new Role(stack, 'TaskRole', { assumedBy: { service: 'ecs-tasks.amazonaws.com' } });
}

describe('grantPutRecords on a Direct PUT stream', () => {
  test('PutRecord and PutRecordBatch on this stream, in a policy named after it', () => {
    const { stack, stream } = newStream();
    stream.grantPutRecords(taskRole(stack));
    const json = synthesize(stack);
    expect(policyStatements(json, 'PutRecords-icelog-dev')).toEqual([
      {
        sid: 'PutRecordsToDeliveryStream',
        effect: 'Allow',
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [ref(json, 'aws_kinesis_firehose_delivery_stream', 'arn')],
      },
    ]);
    const policy = Object.values(json.resource.aws_iam_role_policy).find(
      (p: any) => p.name === 'PutRecords-icelog-dev',
    );
    expect((policy as any).role).toMatch(/^\$\{aws_iam_role\.TaskRole_\w+\.name\}$/);
  });

  test('a role imported by name gets the same grant', () => {
    const { stack, stream } = newStream();
    stream.grantPutRecords(
      Role.fromRoleName(stack, 'Existing', 'nginx-task', 'arn:aws:iam::111122223333:role/nginx-task'),
    );
    const json = synthesize(stack);
    const policy = Object.values(json.resource.aws_iam_role_policy).find(
      (p: any) => p.name === 'PutRecords-icelog-dev',
    );
    expect((policy as any).role).toBe('nginx-task');
  });

  test('granting the same role twice is refused by the role', () => {
    const { stack, stream } = newStream();
    const role = taskRole(stack);
    stream.grantPutRecords(role);
    expect(() => stream.grantPutRecords(role)).toThrow(
      'Invalid policyName: must be unique per role; "PutRecords-icelog-dev" is already attached. Received: "PutRecords-icelog-dev"',
    );
  });
});

describe('grantPutRecords with a Kinesis source', () => {
  test('Kinesis writes on the created source stream; no Firehose action; no KMS with the AWS-managed key', () => {
    const { stack, stream } = newStream({ source: { kind: 'kinesis' } });
    stream.grantPutRecords(taskRole(stack));
    const json = synthesize(stack);
    const statements = policyStatements(json, 'PutRecords-icelog-dev-source');
    expect(statements).toEqual([
      {
        sid: 'PutRecordsToSourceStream',
        effect: 'Allow',
        actions: [
          'kinesis:PutRecord',
          'kinesis:PutRecords',
          'kinesis:DescribeStream',
          'kinesis:DescribeStreamSummary',
          'kinesis:ListShards',
        ],
        resources: [ref(json, 'aws_kinesis_stream', 'arn')],
      },
    ]);
    expect(JSON.stringify(statements)).not.toContain('firehose:');
  });

  test('with a CMK, producers may generate data keys with it, through Kinesis only', () => {
    const { stack, stream } = newStream({ source: { kind: 'kinesis', encryptionKeyArn: KEY_ARN } });
    stream.grantPutRecords(taskRole(stack));
    const [, kms] = policyStatements(synthesize(stack), 'PutRecords-icelog-dev-source');
    expect(kms).toEqual({
      sid: 'EncryptWithSourceStreamKey',
      effect: 'Allow',
      actions: ['kms:GenerateDataKey'],
      resources: [KEY_ARN],
      condition: [
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: [
            expect.stringMatching(
              /^kinesis\.\$\{data\.aws_region\.\w+\.name\}\.\$\{data\.aws_partition\.\w+\.dns_suffix\}$/,
            ),
          ],
        },
      ],
    });
  });

  test('an existing source stream is granted by its ARN', () => {
    const { stack, stream } = newStream({
      source: { kind: 'existing-kinesis', streamArn: KINESIS_ARN, encryptionKeyArn: KEY_ARN },
    });
    stream.grantPutRecords(taskRole(stack));
    const statements = policyStatements(synthesize(stack), 'PutRecords-icelog-prod-source');
    expect(statements.map((s) => [s.sid, s.resources])).toEqual([
      ['PutRecordsToSourceStream', [KINESIS_ARN]],
      ['EncryptWithSourceStreamKey', [KEY_ARN]],
    ]);
  });
});

describe('fromDeliveryStreamArn', () => {
  test('derives the name from the ARN and grants Direct PUT on it', () => {
    const stack = newTestStack();
    const imported = IcebergDeliveryStream.fromDeliveryStreamArn(stack, 'Imported', STREAM_ARN);
    expect(imported.deliveryStreamName).toBe('icelog-prod');
    expect(imported.deliveryStreamArn).toBe(STREAM_ARN);
    expect(imported.producerTarget).toEqual({ kind: 'firehose', deliveryStreamName: 'icelog-prod' });
    imported.grantPutRecords(taskRole(stack));
    const json = synthesize(stack);
    expect(policyStatements(json, 'PutRecords-icelog-prod')).toEqual([
      {
        sid: 'PutRecordsToDeliveryStream',
        effect: 'Allow',
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [STREAM_ARN],
      },
    ]);
    expect(json.resource.aws_kinesis_firehose_delivery_stream).toBeUndefined();
  });

  test('with a Kinesis producer target, grants Kinesis writes on that stream', () => {
    const stack = newTestStack();
    const imported = IcebergDeliveryStream.fromDeliveryStreamArn(stack, 'Imported', STREAM_ARN, {
      kind: 'kinesis',
      streamName: 'icelog-prod-source',
      streamArn: KINESIS_ARN,
      encryptionKeyArn: KEY_ARN,
    });
    imported.grantPutRecords(taskRole(stack));
    const statements = policyStatements(synthesize(stack), 'PutRecords-icelog-prod-source');
    expect(statements.map((s) => [s.sid, s.actions[0], s.resources])).toEqual([
      ['PutRecordsToSourceStream', 'kinesis:PutRecord', [KINESIS_ARN]],
      ['EncryptWithSourceStreamKey', 'kms:GenerateDataKey', [KEY_ARN]],
    ]);
  });

  test('an ARN known only at apply time: the name comes from Terraform functions, the policy from the construct address', () => {
    const stack = newTestStack();
    const arn = Token.asString({ Ref: 'arn' });
    const imported = IcebergDeliveryStream.fromDeliveryStreamArn(stack, 'Imported', arn);
    new TerraformOutput(stack, 'name', { value: imported.deliveryStreamName });
    imported.grantPutRecords(taskRole(stack));
    const json = synthesize(stack);
    expect(json.output.name.value).toMatch(/^\$\{element\(split\("\/", .+\), 1\)\}$/);
    const names = Object.values(json.resource.aws_iam_role_policy).map((p: any) => p.name);
    expect(names).toEqual([`PutRecords-${imported.node.addr}`]);
  });

  test('rejects a malformed ARN and inconsistent producer targets', () => {
    const stack = newTestStack();
    expect(() => IcebergDeliveryStream.fromDeliveryStreamArn(stack, 'A', 'icelog-prod')).toThrow(
      'Invalid A.deliveryStreamArn: must be a Firehose delivery stream ARN (arn:<partition>:firehose:<region>:<account>:deliverystream/<name>). Received: "icelog-prod"',
    );
    expect(() =>
      IcebergDeliveryStream.fromDeliveryStreamArn(stack, 'B', STREAM_ARN, {
        kind: 'firehose',
        deliveryStreamName: 'icelog-dev',
      }),
    ).toThrow(
      'Invalid B.producerTarget.deliveryStreamName: must be the imported stream "icelog-prod" (a Direct PUT producer writes to the delivery stream itself). Received: "icelog-dev"',
    );
    expect(() =>
      IcebergDeliveryStream.fromDeliveryStreamArn(stack, 'C', STREAM_ARN, {
        kind: 'kinesis',
        streamName: 's',
        streamArn: 'stream/s',
      }),
    ).toThrow(
      'Invalid C.producerTarget.streamArn: must be a Kinesis data stream ARN (arn:<partition>:kinesis:<region>:<account>:stream/<name>). Received: "stream/s"',
    );
    expect(() =>
      IcebergDeliveryStream.fromDeliveryStreamArn(stack, 'D', STREAM_ARN, {
        kind: 'kinesis',
        streamName: 'icelog-prod-source',
        streamArn: KINESIS_ARN,
        encryptionKeyArn: 'alias/k',
      }),
    ).toThrow(
      'Invalid D.producerTarget.encryptionKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "alias/k"',
    );
  });
});

describe('grantPutRecords accepts any role reference and returns the policy', () => {
  const policyFor = (json: any, name: string) =>
    Object.values(json.resource.aws_iam_role_policy).filter((p: any) => p.name === name) as any[];

  test('a provider IamRole', () => {
    const { stack, stream } = newStream();
    const role = new IamRole(stack, 'ProducerRole', { name: 'producer', assumeRolePolicy: '{}' });
    const policy = stream.grantPutRecords(role);
    const json = synthesize(stack);
    const [attached] = policyFor(json, 'PutRecords-icelog-dev');
    expect(attached.role).toMatch(/^\$\{aws_iam_role\.ProducerRole\.name\}$/);
    expect(policy).toBeInstanceOf(IamRolePolicy);
  });

  test('a role name and a role ARN (with a path) of roles the team already has', () => {
    const { stack, stream } = newStream();
    stream.grantPutRecords('nginx-task');
    stream.grantPutRecords('arn:aws:iam::111122223333:role/teams/web/api-task');
    const json = synthesize(stack);
    expect(
      policyFor(json, 'PutRecords-icelog-dev')
        .map((p) => p.role)
        .sort(),
    ).toEqual(['api-task', 'nginx-task']);
  });

  test('the returned policy is the one a resource can depend on', () => {
    const { stack, stream } = newStream();
    const policy = stream.grantPutRecords('nginx-task');
    new TerraformOutput(stack, 'Granted', { value: policy.id, dependsOn: [policy] });
    const json = synthesize(stack);
    const [id] = Object.keys(json.resource.aws_iam_role_policy).filter((key) =>
      key.startsWith('Delivery_Grant-PutRecords-icelog-dev-nginx-task'),
    );
    expect((json.output.Granted as { depends_on?: string[] }).depends_on).toEqual([
      `\${aws_iam_role_policy.${id}}`,
    ]);
  });

  test('a malformed name or a token is refused with the field named', () => {
    const { stream } = newStream();
    expect(() => stream.grantPutRecords('not a role')).toThrow(
      'Invalid grantee: must be a role name (1–64 characters of [A-Za-z0-9+=,.@_-]) or a role ARN (arn:<partition>:iam::<account>:role/<name>). Received: "not a role"',
    );
    expect(() => stream.grantPutRecords(Token.asString({ Ref: 'role' }))).toThrow(
      /^Invalid grantee: must be a literal role name or ARN; for a role known only at apply time pass the IamRole \/ DataAwsIamRole, or Role.fromRoleName\(scope, id, name, arn\)/,
    );
  });
});
