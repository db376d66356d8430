import { Construct, IConstruct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { ValidationError, isUnresolved } from './validation';

/** One condition of a policy statement, e.g. `StringEquals sts:ExternalId [<account>]`. */
export interface PolicyCondition {
  /** Condition operator, e.g. `StringEquals`. */
  readonly test: string;
  /** Condition key, e.g. `sts:ExternalId`. */
  readonly variable: string;
  /** Values to compare with. */
  readonly values: string[];
}

/**
 * A typed IAM policy statement. icelog never concatenates policy JSON by hand: statements are rendered
 * by the `aws_iam_policy_document` data source, so the plan shows them as reviewable HCL attributes.
 */
export interface PolicyStatement {
  /**
   * Statement id; letters and digits only.
   * @default - none
   */
  readonly sid?: string;
  /**
   * @default 'Allow'
   */
  readonly effect?: 'Allow' | 'Deny';
  /** Actions, e.g. `glue:GetTable`. Never `*`. */
  readonly actions: string[];
  /** Resource ARNs. `*` only for actions that cannot be scoped (see SECURITY.md). */
  readonly resources: string[];
  /**
   * Principals; for resource policies (bucket policies) only. Trust policies use {@link trustPolicyDocument}.
   * @default - none
   */
  readonly principals?: { readonly type: string; readonly identifiers: string[] }[];
  /**
   * @default - none
   */
  readonly conditions?: PolicyCondition[];
}

/**
 * Throws on an Allow statement with a wildcard action, or on an empty statement: mistakes that a grant
 * helper must never emit. Deny statements may use wildcards (e.g. the TLS-only bucket policy).
 */
export function validateStatement(field: string, statement: PolicyStatement): void {
  if (statement.actions.length === 0)
    throw new ValidationError(`${field}.actions`, statement.actions, 'must list at least one action');
  for (const action of statement.actions) {
    if (statement.effect !== 'Deny' && !isUnresolved(action) && (action === '*' || action.endsWith(':*'))) {
      throw new ValidationError(
        `${field}.actions`,
        action,
        'must name actions; wildcards ("*", "service:*") are not allowed',
      );
    }
  }
  if (statement.resources.length === 0)
    throw new ValidationError(
      `${field}.resources`,
      statement.resources,
      'must list at least one resource ARN',
    );
}

/** Renders statements with an `aws_iam_policy_document` data source; use `.json` of the result. */
export function policyDocument(
  scope: Construct,
  id: string,
  statements: readonly PolicyStatement[],
): DataAwsIamPolicyDocument {
  statements.forEach((statement, i) => validateStatement(`${id}.statements[${i}]`, statement));
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((s) => ({
      sid: s.sid,
      effect: s.effect ?? 'Allow',
      actions: s.actions,
      resources: s.resources,
      principals: s.principals?.map((p) => ({ type: p.type, identifiers: p.identifiers })),
      condition: s.conditions?.map((c) => ({ test: c.test, variable: c.variable, values: c.values })),
    })),
  });
}

/** Renders the trust policy of a role assumed by one service principal. */
export function trustPolicyDocument(
  scope: Construct,
  id: string,
  trust: RoleTrust,
): DataAwsIamPolicyDocument {
  if (!isUnresolved(trust.service) && !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(trust.service)) {
    throw new ValidationError(
      `${id}.service`,
      trust.service,
      'must be one AWS service principal such as "firehose.amazonaws.com"',
    );
  }
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: [trust.service] }],
        condition: trust.conditions?.map((c) => ({ test: c.test, variable: c.variable, values: c.values })),
      },
    ],
  });
}

/** Something that can receive permissions: a role with a way to attach inline policies to it. */
export interface IGrantee extends IConstruct {
  /** Role name (may be a token). */
  readonly roleName: string;
  /** Role ARN (may be a token). */
  readonly roleArn: string;
  /**
   * Attaches `statements` to the role as one inline policy named `policyName`.
   * Each name may be used once per role.
   * @returns the `aws_iam_role_policy`, e.g. to depend on it or to record a guardrail suppression
   */
  addToPolicy(policyName: string, statements: readonly PolicyStatement[]): IamRolePolicy;
}

/** Who may assume a {@link Role}. */
export interface RoleTrust {
  /** Service principal, e.g. `firehose.amazonaws.com`. */
  readonly service: string;
  /**
   * Conditions on `sts:AssumeRole`, e.g. `sts:ExternalId` equal to the account id.
   * @default - none
   */
  readonly conditions?: PolicyCondition[];
}

/** Props of {@link Role}. */
export interface RoleProps {
  /** The service that assumes the role, with optional conditions. */
  readonly assumedBy: RoleTrust;
  /**
   * Role name; at most 64 characters.
   * @default - generated by Terraform from `namePrefix`
   */
  readonly roleName?: string;
  /**
   * Prefix of the generated name when `roleName` is not set; at most 38 characters.
   * @default 'icelog-'
   */
  readonly namePrefix?: string;
  /**
   * Description shown in the IAM console.
   * @default - none
   */
  readonly description?: string;
}

/**
 * An IAM role trusted by exactly one service principal, whose permissions are inline policies added
 * with {@link Role.addToPolicy}. No managed policies, no wildcards: each construct grants what it needs.
 */
export class Role extends Construct implements IGrantee {
  /** A role that exists outside this stack, to which grants can still attach inline policies. */
  static fromRoleName(scope: Construct, id: string, roleName: string, roleArn: string): IGrantee {
    return new ImportedRole(scope, id, roleName, roleArn);
  }

  readonly roleName: string;
  readonly roleArn: string;
  /** The underlying `aws_iam_role`. */
  readonly resource: IamRole;
  private readonly policyNames = new Set<string>();

  constructor(scope: Construct, id: string, props: RoleProps) {
    super(scope, id);
    if (
      props.roleName !== undefined &&
      !isUnresolved(props.roleName) &&
      !/^[\w+=,.@-]{1,64}$/.test(props.roleName)
    ) {
      throw new ValidationError(
        `${id}.roleName`,
        props.roleName,
        'must be 1–64 characters of [A-Za-z0-9+=,.@_-]',
      );
    }
    const namePrefix = props.namePrefix ?? 'icelog-';
    if (props.roleName === undefined && !isUnresolved(namePrefix) && !/^[\w+=,.@-]{1,38}$/.test(namePrefix)) {
      throw new ValidationError(
        `${id}.namePrefix`,
        namePrefix,
        'must be 1–38 characters of [A-Za-z0-9+=,.@_-]',
      );
    }
    const trust = trustPolicyDocument(this, 'TrustPolicy', props.assumedBy);
    this.resource = new IamRole(this, 'Role', {
      name: props.roleName,
      namePrefix: props.roleName === undefined ? namePrefix : undefined,
      description: props.description,
      assumeRolePolicy: trust.json,
    });
    this.roleName = this.resource.name;
    this.roleArn = this.resource.arn;
  }

  addToPolicy(policyName: string, statements: readonly PolicyStatement[]): IamRolePolicy {
    return addInlinePolicy(this, this.policyNames, this.roleName, policyName, statements);
  }
}

class ImportedRole extends Construct implements IGrantee {
  private readonly policyNames = new Set<string>();
  constructor(
    scope: Construct,
    id: string,
    readonly roleName: string,
    readonly roleArn: string,
  ) {
    super(scope, id);
  }
  addToPolicy(policyName: string, statements: readonly PolicyStatement[]): IamRolePolicy {
    return addInlinePolicy(this, this.policyNames, this.roleName, policyName, statements);
  }
}

function addInlinePolicy(
  scope: Construct,
  used: Set<string>,
  roleName: string,
  policyName: string,
  statements: readonly PolicyStatement[],
): IamRolePolicy {
  if (!/^[\w+=,.@-]{1,128}$/.test(policyName)) {
    throw new ValidationError('policyName', policyName, 'must be 1–128 characters of [A-Za-z0-9+=,.@_-]');
  }
  if (used.has(policyName)) {
    throw new ValidationError(
      'policyName',
      policyName,
      `must be unique per role; "${policyName}" is already attached`,
    );
  }
  used.add(policyName);
  const document = policyDocument(scope, `${policyName}Document`, statements);
  return new IamRolePolicy(scope, `${policyName}Policy`, {
    name: policyName,
    role: roleName,
    policy: document.json,
  });
}
