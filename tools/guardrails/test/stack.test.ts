import { StackModel, readContainerDefinitions, readPolicy } from '../src';
import { ref, stackJson } from './helpers';

const json = stackJson({
  name: 'dev',
  resource: {
    aws_s3_bucket: {
      b: { '//': { metadata: { path: 'dev/Data/Bucket' } }, bucket: 'my-bucket' },
      other: { bucket: 'other-bucket' },
    },
    aws_s3_bucket_policy: {
      byRef: { bucket: ref('aws_s3_bucket.b.id') },
      byName: { bucket: 'my-bucket' },
      byBucketAttr: { bucket: ref('aws_s3_bucket.b.bucket') },
      byOther: { bucket: ref('aws_s3_bucket.other.id') },
    },
  },
  data: { aws_iam_policy_document: { p: { statement: [] } } },
  terraform: { backend: { s3: { bucket: 'state', key: 'dev' } } },
  provider: { aws: [{ region: 'eu-west-1' }, { alias: 'use1', region: 'us-east-1' }], random: {} },
});

describe('StackModel', () => {
  const stack = StackModel.of(json);

  it('names the stack from cdktf metadata, or as given', () => {
    expect(stack.name).toBe('dev');
    expect(StackModel.of(json, 'other').name).toBe('other');
    expect(StackModel.of({}).name).toBe('stack');
  });

  it('lists resources, data sources, the backend and providers with Terraform addresses', () => {
    expect(stack.elements.map((e) => [e.type, e.address])).toEqual([
      ['aws_s3_bucket', 'aws_s3_bucket.b'],
      ['aws_s3_bucket', 'aws_s3_bucket.other'],
      ['aws_s3_bucket_policy', 'aws_s3_bucket_policy.byRef'],
      ['aws_s3_bucket_policy', 'aws_s3_bucket_policy.byName'],
      ['aws_s3_bucket_policy', 'aws_s3_bucket_policy.byBucketAttr'],
      ['aws_s3_bucket_policy', 'aws_s3_bucket_policy.byOther'],
      ['data.aws_iam_policy_document', 'data.aws_iam_policy_document.p'],
      ['terraform.backend.s3', 'terraform.backend.s3'],
      ['provider.aws', 'provider.aws'],
      ['provider.aws', 'provider.aws.use1'],
      ['provider.random', 'provider.random'],
    ]);
  });

  it('carries the construct path from //.metadata.path', () => {
    expect(stack.get('aws_s3_bucket.b')?.path).toBe('dev/Data/Bucket');
    expect(stack.get('aws_s3_bucket.other')?.path).toBeUndefined();
  });

  it('finds companions by reference or by literal bucket name', () => {
    const bucket = stack.get('aws_s3_bucket.b')!;
    expect(stack.referrers(bucket, 'aws_s3_bucket_policy', 'bucket', ['bucket']).map((e) => e.name)).toEqual([
      'byRef',
      'byName',
      'byBucketAttr',
    ]);
  });

  it('resolves references to literal attributes, and leaves computed ones', () => {
    expect(stack.resolve(ref('aws_s3_bucket.b.bucket'))).toBe('my-bucket');
    expect(stack.resolve(ref('aws_s3_bucket.b.arn'))).toBe(ref('aws_s3_bucket.b.arn'));
    expect(stack.resolve(ref('aws_s3_bucket.missing.bucket'))).toBe(ref('aws_s3_bucket.missing.bucket'));
    expect(stack.resolve('literal')).toBe('literal');
    expect(stack.target(ref('data.aws_iam_policy_document.p.json'))?.address).toBe(
      'data.aws_iam_policy_document.p',
    );
  });

  it('survives malformed sections without throwing', () => {
    const odd = StackModel.of({
      resource: { aws_s3_bucket: 'nonsense' },
      provider: { aws: 'x' },
      terraform: [],
    } as any);
    expect(odd.elements).toEqual([]);
  });
});

describe('readPolicy', () => {
  const stack = StackModel.of(
    stackJson({
      data: {
        aws_iam_policy_document: {
          loop: { source_policy_documents: [ref('data.aws_iam_policy_document.loop.json')] },
          opaqueSources: { source_policy_documents: ref('var.docs') },
        },
      },
    }),
  );

  it('reads JSON statements in every shape IAM allows', () => {
    const policy = readPolicy(
      stack,
      JSON.stringify({
        Statement: {
          Sid: 'A',
          Effect: 'Deny',
          NotAction: 's3:GetObject',
          NotResource: ['arn:x'],
          Principal: { AWS: ['arn:aws:iam::1:root'], Service: 'x.amazonaws.com' },
          NotPrincipal: '*',
          Condition: {
            Bool: { 'aws:SecureTransport': false },
            StringEquals: { 'sts:ExternalId': ['1', '2'] },
          },
        },
      }),
    );
    expect(policy).toEqual({
      opaque: [],
      statements: [
        {
          sid: 'A',
          effect: 'Deny',
          actions: [],
          notActions: ['s3:GetObject'],
          resources: [],
          notResources: ['arn:x'],
          principals: [
            { type: 'AWS', identifiers: ['arn:aws:iam::1:root'] },
            { type: 'Service', identifiers: ['x.amazonaws.com'] },
          ],
          notPrincipals: [{ type: '*', identifiers: ['*'] }],
          conditions: [
            { test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] },
            { test: 'StringEquals', variable: 'sts:ExternalId', values: ['1', '2'] },
          ],
        },
      ],
    });
  });

  it('is undefined for an unset policy and opaque for text that is not JSON', () => {
    expect(readPolicy(stack, undefined)).toBeUndefined();
    expect(readPolicy(stack, '{not json')).toEqual({ statements: [], opaque: ['{not json'] });
    expect(readPolicy(stack, 42)).toEqual({ statements: [], opaque: ['42'] });
  });

  it('stops on a document that includes itself', () => {
    expect(readPolicy(stack, ref('data.aws_iam_policy_document.loop.json'))?.opaque).toHaveLength(1);
  });

  it('marks source documents given as an expression opaque', () => {
    expect(readPolicy(stack, ref('data.aws_iam_policy_document.opaqueSources.json'))).toEqual({
      statements: [],
      opaque: ['${var.docs}'],
    });
  });
});

describe('readContainerDefinitions', () => {
  const stack = StackModel.of(stackJson({}));

  it('reads the JSON array, naming unnamed containers by index', () => {
    const read = readContainerDefinitions(stack, JSON.stringify([{ name: 'app' }, { image: 'x' }]));
    expect(read).toEqual({
      kind: 'containers',
      containers: [
        { name: 'app', body: { name: 'app' } },
        { name: '#1', body: { image: 'x' } },
      ],
    });
  });

  it('is opaque for an expression, an object, or a missing value', () => {
    expect(readContainerDefinitions(stack, ref('jsonencode(local.c)')).kind).toBe('opaque');
    expect(readContainerDefinitions(stack, '{"name":"x"}').kind).toBe('opaque');
    expect(readContainerDefinitions(stack, undefined)).toEqual({ kind: 'opaque', expression: 'unset' });
  });
});
