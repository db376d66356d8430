import { blocks, text } from '../hcl';
import { StackElement, StackModel } from '../stack';
import { PolicyView, readPolicy } from './policy-document';

/** Resource types that carry identity-based (permission) policies. */
export const PERMISSION_POLICY_TYPES: readonly string[] = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
  'aws_iam_role',
];

/** A permission policy of an element, with a label for messages. */
export interface LabelledPolicy {
  /** `policy`, or `inline_policy "<name>"` for a role's inline policy block. */
  readonly label: string;
  readonly policy: PolicyView;
}

/**
 * The permission policies an element carries: `policy` of `aws_iam_policy` / `aws_iam_*_policy`,
 * and each `inline_policy` block of an `aws_iam_role`. A role's trust policy is not among them.
 */
export function permissionPolicies(stack: StackModel, element: StackElement): LabelledPolicy[] {
  if (element.type === 'aws_iam_role') {
    return blocks(element.body.inline_policy).flatMap((inline, i) => {
      const policy = readPolicy(stack, inline.policy);
      const name = text(inline.name) ?? String(i + 1);
      return policy ? [{ label: `inline_policy "${name}"`, policy }] : [];
    });
  }
  const policy = readPolicy(stack, element.body.policy);
  return policy ? [{ label: 'policy', policy }] : [];
}

/** The trust policy (`assume_role_policy`) of an `aws_iam_role`, when set. */
export function trustPolicy(stack: StackModel, role: StackElement): PolicyView | undefined {
  return readPolicy(stack, role.body.assume_role_policy);
}

/** The message for a policy that cannot be read at synth time. */
export function opaquePolicyMessage(label: string, parts: readonly string[]): string {
  return `${label} cannot be read at synth time (${parts.join(', ')}): render it with an aws_iam_policy_document data source or literal JSON so that it can be checked`;
}
