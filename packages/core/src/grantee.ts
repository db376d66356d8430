import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct, IConstruct } from 'constructs';
import { AwsContext } from './aws-context';
import { IGrantee, PolicyStatement, Role } from './iam';
import { ValidationError, isUnresolved } from './validation';

/**
 * A provider `aws_iam_role` resource or `aws_iam_role` data source: anything with the role's `name` and
 * `arn` attributes (the provider classes `IamRole` and `DataAwsIamRole`).
 */
export interface IamRoleAttributes extends IConstruct {
  /** Role name (may be a token). */
  readonly name: string;
  /** Role ARN (may be a token). */
  readonly arn: string;
}

/**
 * A role a grant can attach to: an icelog `Role` or any other {@link IGrantee}; a provider `IamRole`
 * resource or `DataAwsIamRole` data source; or a literal role name (`web-task`) or role ARN
 * (`arn:<partition>:iam::<account>:role/<path/>web-task`). A role known only at apply time (a token)
 * must be passed as a provider resource/data source or as `Role.fromRoleName(scope, id, name, arn)`.
 */
export type RoleReference = IGrantee | IamRoleAttributes | string;

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;

function isGrantee(role: RoleReference): role is IGrantee {
  return typeof role === 'object' && role !== null && typeof (role as IGrantee).addToPolicy === 'function';
}

/**
 * The {@link IGrantee} for `role`. An {@link IGrantee} is returned as is (its policies live under it);
 * for anything else an adapter construct `id` is created in `scope` to hold the inline policies.
 * Throws a `ValidationError` naming `field` for a malformed name or ARN, or an unresolved string.
 */
export function granteeFor(scope: Construct, id: string, role: RoleReference, field = 'grantee'): IGrantee {
  if (isGrantee(role)) return role;
  if (typeof role === 'string') {
    if (isUnresolved(role)) {
      throw new ValidationError(
        field,
        role,
        'must be a literal role name or ARN; for a role known only at apply time pass the IamRole / DataAwsIamRole, or Role.fromRoleName(scope, id, name, arn)',
      );
    }
    const fromArn = ROLE_ARN.exec(role);
    if (fromArn) return Role.fromRoleName(scope, id, fromArn[1], role);
    if (!ROLE_NAME.test(role)) {
      throw new ValidationError(
        field,
        role,
        'must be a role name (1–64 characters of [A-Za-z0-9+=,.@_-]) or a role ARN (arn:<partition>:iam::<account>:role/<name>)',
      );
    }
    const arn = AwsContext.of(scope).arn({ service: 'iam', region: '', resource: `role/${role}` });
    return Role.fromRoleName(scope, id, role, arn);
  }
  if (
    typeof role === 'object' &&
    role !== null &&
    typeof role.name === 'string' &&
    typeof role.arn === 'string'
  ) {
    return Role.fromRoleName(scope, id, role.name, role.arn);
  }
  throw new ValidationError(
    field,
    String(role),
    'must be a Role, an IGrantee, an IamRole, a role name or a role ARN',
  );
}

/**
 * Attaches `statements` to `role` as one inline policy named `policyName` and returns it, so callers can
 * depend on it. The policy lives under the role when it is an {@link IGrantee}, otherwise under an
 * adapter `Grant-<policyName>-<role>` in `scope`.
 */
export function grantTo(
  scope: Construct,
  role: RoleReference,
  policyName: string,
  statements: readonly PolicyStatement[],
): IamRolePolicy {
  return granteeFor(scope, `Grant-${policyName}-${roleKey(role)}`, role).addToPolicy(policyName, statements);
}

/** A construct-id-safe key per role, so one construct can grant the same policy to several roles. */
function roleKey(role: RoleReference): string {
  if (typeof role === 'string') return isUnresolved(role) ? 'token' : (ROLE_ARN.exec(role)?.[1] ?? role);
  return role.node.addr;
}
