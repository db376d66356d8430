import {
  describeWildcard,
  findPolicyDocumentBlockWildcards,
  findPolicyWildcards,
  newWildcards,
} from '../src';

describe('findPolicyWildcards', () => {
  it('finds wildcard actions, NotAction, wildcard resources and principals in Allow statements', () => {
    const policy = {
      Statement: [
        { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:*'], Resource: '*' },
        { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b' },
        { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } },
        { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' },
      ],
    };
    expect(findPolicyWildcards(JSON.stringify(policy)).map(describeWildcard)).toEqual([
      'Action "s3:*" (sid A)',
      'Resource "*" (sid A)',
      'NotAction "iam:*"',
      'Principal "*"',
      'Action "*"',
    ]);
  });

  it('ignores Deny statements (a TLS-only bucket policy denies s3:* to *)', () => {
    const deny = { Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Principal: '*' }] };
    expect(findPolicyWildcards(deny)).toEqual([]);
  });

  it('returns nothing for values that are not policies', () => {
    expect(findPolicyWildcards('${data.aws_iam_policy_document.x.json}')).toEqual([]);
    expect(findPolicyWildcards(undefined)).toEqual([]);
    expect(findPolicyWildcards(42)).toEqual([]);
  });
});

describe('findPolicyDocumentBlockWildcards', () => {
  it('reads the synthesized aws_iam_policy_document statement blocks', () => {
    const block = {
      statement: [
        { sid: 'Glue', actions: ['glue:GetTable'], resources: ['*'] },
        { effect: 'Allow', not_actions: ['kms:Decrypt'], resources: ['arn:aws:kms:eu-west-1:1:key/k'] },
        { actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['*'] }] },
        { effect: 'Deny', actions: ['*'], resources: ['*'] },
      ],
    };
    expect(findPolicyDocumentBlockWildcards(block).map(describeWildcard)).toEqual([
      'Resource "*" (sid Glue)',
      'NotAction "kms:Decrypt"',
      'Principal "*"',
    ]);
  });
});

describe('newWildcards', () => {
  it('keeps only wildcards the change introduces', () => {
    const before = [{ element: 'Resource' as const, value: '*' }];
    const after = [...before, { element: 'Action' as const, value: 'glue:*' }];
    expect(newWildcards(after, before)).toEqual([{ element: 'Action', value: 'glue:*' }]);
  });
});
