import {
  IamNoAdminPolicy,
  IamNoStarActions,
  IamNoWildcardResources,
  IamTrustNoAccountRoot,
  IamTrustNoWildcardPrincipal,
  UNSCOPABLE_ACTIONS,
} from '../../src';
import { check, expectEveryRuleCovered, modified, ref, stackJson } from '../helpers';

const P = 'aws_iam_role_policy.p';
const R = 'aws_iam_role.r';

/** A role policy rendered by a data source with the given statements. */
function permissions(statement: object[]) {
  return stackJson({
    resource: {
      aws_iam_role_policy: { p: { role: 'r', policy: ref('data.aws_iam_policy_document.p.json') } },
    },
    data: { aws_iam_policy_document: { p: { statement } } },
  });
}

/** A role whose trust policy is literal JSON. */
function trust(statement: object) {
  return stackJson({
    resource: {
      aws_iam_role: {
        r: { assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) },
      },
    },
  });
}

const scoped = permissions([
  {
    effect: 'Allow',
    actions: ['s3:GetObject', 's3:PutObject'],
    resources: [`${ref('aws_s3_bucket.b.arn')}/*`],
  },
  {
    effect: 'Allow',
    actions: ['lakeformation:GetDataAccess', 'ecr:GetAuthorizationToken'],
    resources: ['*'],
  },
  {
    effect: 'Deny',
    actions: ['*'],
    resources: ['*'],
    condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
  },
]);

describe('CKV_AWS_62 IamNoAdminPolicy', () => {
  it('is compliant with scoped statements (a Deny "*" is fine)', () => {
    expect(check(IamNoAdminPolicy, scoped, P)).toEqual({ status: 'compliant' });
  });

  it.each([['*'], ['*:*']])('is non-compliant with Action %s on Resource "*"', (action) => {
    expect(check(IamNoAdminPolicy, permissions([{ actions: [action], resources: ['*'] }]), P)).toEqual({
      status: 'non-compliant',
      message:
        'policy statement 1 allows Action "*" on Resource "*"; grant the named actions on the named resources instead',
    });
  });

  it('reads literal policy JSON of an aws_iam_policy', () => {
    const json = stackJson({
      resource: {
        aws_iam_policy: {
          admin: { policy: JSON.stringify({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }) },
        },
      },
    });
    expect(check(IamNoAdminPolicy, json, 'aws_iam_policy.admin').status).toBe('non-compliant');
  });

  it('is not applicable to a role without inline policies', () => {
    expect(
      check(IamNoAdminPolicy, trust({ Effect: 'Allow', Principal: { Service: 'x.amazonaws.com' } }), R)
        .status,
    ).toBe('not-applicable');
  });
});

describe('CKV_AWS_63 IamNoStarActions', () => {
  it('is compliant with named actions', () => {
    expect(check(IamNoStarActions, scoped, P)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant with Action "*" even on one resource', () => {
    const json = permissions([{ sid: 'All', actions: ['*'], resources: [ref('aws_s3_bucket.b.arn')] }]);
    expect(check(IamNoStarActions, json, P)).toEqual({
      status: 'non-compliant',
      message: 'policy statement "All" allows Action "*"; list the actions the principal needs',
    });
  });

  it('is non-compliant with Allow + NotAction', () => {
    const json = permissions([{ not_actions: ['iam:*'], resources: ['*'] }]);
    expect(check(IamNoStarActions, json, P)).toEqual({
      status: 'non-compliant',
      message:
        'policy statement 1 allows everything except NotAction ["iam:*"]; list the actions the principal needs',
    });
  });

  it('is non-compliant, without throwing, when the policy is an expression', () => {
    const json = stackJson({
      resource: { aws_iam_role_policy: { p: { role: 'r', policy: ref('var.policy') } } },
    });
    expect(check(IamNoStarActions, json, P)).toEqual({
      status: 'non-compliant',
      message:
        'the policy cannot be read at synth time (${var.policy}): render it with an aws_iam_policy_document data source or literal JSON so that it can be checked',
    });
  });
});

describe('CKV_AWS_355 IamNoWildcardResources', () => {
  it('is compliant with Resource "*" only for unscopable actions', () => {
    expect(check(IamNoWildcardResources, scoped, P)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant with scopable actions on Resource "*"', () => {
    const json = permissions([
      { actions: ['firehose:PutRecordBatch', 'sts:GetCallerIdentity'], resources: ['*'] },
    ]);
    expect(check(IamNoWildcardResources, json, P)).toEqual({
      status: 'non-compliant',
      message:
        'policy statement 1 grants firehose:PutRecordBatch on Resource "*"; name the resource ARNs (Resource "*" is only for actions in UNSCOPABLE_ACTIONS)',
    });
  });

  it('treats wildcard action patterns as scopable', () => {
    expect(
      check(IamNoWildcardResources, permissions([{ actions: ['ecr:Get*'], resources: ['*'] }]), P).status,
    ).toBe('non-compliant');
  });

  it('compares unscopable actions case-insensitively, as IAM does', () => {
    const json = permissions([{ actions: ['LakeFormation:getDataAccess'], resources: ['*'] }]);
    expect(check(IamNoWildcardResources, json, P).status).toBe('compliant');
  });

  it('keeps the documented unscopable actions in its list', () => {
    expect(UNSCOPABLE_ACTIONS).toEqual(
      expect.arrayContaining([
        'lakeformation:GetDataAccess',
        'ecr:GetAuthorizationToken',
        'sts:GetCallerIdentity',
      ]),
    );
  });

  it('reads statements merged through source_policy_documents', () => {
    const json = modified(scoped, (j) => {
      j.data.aws_iam_policy_document.base = {
        statement: [{ actions: ['kinesis:GetRecords'], resources: ['*'] }],
      };
      j.data.aws_iam_policy_document.p.source_policy_documents = [
        ref('data.aws_iam_policy_document.base.json'),
      ];
    });
    expect(check(IamNoWildcardResources, json, P).status).toBe('non-compliant');
  });
});

describe('CKV_AWS_60 IamTrustNoWildcardPrincipal', () => {
  it('is compliant with a service principal', () => {
    const json = trust({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
    });
    expect(check(IamTrustNoWildcardPrincipal, json, R)).toEqual({ status: 'compliant' });
  });

  it.each([['*'], [{ AWS: '*' }], [{ Service: ['*'] }]])(
    'is non-compliant with Principal %j',
    (principal) => {
      const json = trust({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal });
      expect(check(IamTrustNoWildcardPrincipal, json, R)).toEqual({
        status: 'non-compliant',
        message: 'statement 1 lets any principal assume the role; name the service or role that needs it',
      });
    },
  );

  it('ignores a Deny for everyone', () => {
    const json = trust({ Effect: 'Deny', Action: 'sts:AssumeRole', Principal: '*' });
    expect(check(IamTrustNoWildcardPrincipal, json, R).status).toBe('compliant');
  });

  it('is non-compliant without a trust policy', () => {
    const json = stackJson({ resource: { aws_iam_role: { r: {} } } });
    expect(check(IamTrustNoWildcardPrincipal, json, R)).toEqual({
      status: 'non-compliant',
      message: 'the role has no assume_role_policy',
    });
  });
});

describe('CKV_AWS_61 IamTrustNoAccountRoot', () => {
  it('is compliant with a named role principal', () => {
    const json = trust({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { AWS: 'arn:aws:iam::123456789012:role/ci' },
    });
    expect(check(IamTrustNoAccountRoot, json, R)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant with an account root ARN built from tokens', () => {
    const root = `arn:${ref('data.aws_partition.p.partition')}:iam::${ref('data.aws_caller_identity.c.account_id')}:root`;
    const json = trust({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: root } });
    expect(check(IamTrustNoAccountRoot, json, R)).toEqual({
      status: 'non-compliant',
      message: `statement 1 trusts account ${root}; trust the role or service that needs it`,
    });
  });

  it('is non-compliant with a bare account id', () => {
    const json = trust({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: ['123456789012'] } });
    expect(check(IamTrustNoAccountRoot, json, R).status).toBe('non-compliant');
  });
});

it('covers every identity rule with a compliant and a non-compliant fixture', () => {
  expectEveryRuleCovered('identity');
});
