import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { allowStatements, statementLabel } from '../../iam/policy-document';
import { opaquePolicyMessage, trustPolicy } from '../../iam/policy-sources';
import { isUnresolved, refersTo, soleReference } from '../../references';
import { StackModel } from '../../stack';

const FIREHOSE = 'firehose.amazonaws.com';

/** ICELOG_IAM_1: the Firehose role trusts firehose.amazonaws.com only, with sts:ExternalId = the account. */
export const FirehoseRoleTrust = defineRule({
  id: 'ICELOG_IAM_1',
  title: 'Firehose role trusts firehose.amazonaws.com only, with sts:ExternalId',
  severity: 'high',
  area: 'delivery',
  docs: 'A role trusted by Firehose (or used by a delivery stream) has only the firehose.amazonaws.com principal, with a StringEquals sts:ExternalId condition equal to the account id (Firehose developer guide), against the confused deputy.',
  resourceTypes: ['aws_iam_role'],
  evaluate(role, { stack }) {
    const trust = trustPolicy(stack, role);
    const usedByStream = stack
      .ofType('aws_kinesis_firehose_delivery_stream')
      .some((s) => refersTo(s.body, 'resource', 'aws_iam_role', role.name));
    const trustsFirehose = trust?.statements.some((s) =>
      s.principals.some((p) => p.type === 'Service' && p.identifiers.includes(FIREHOSE)),
    );
    if (!usedByStream && !trustsFirehose) {
      return notApplicable('neither trusted by firehose.amazonaws.com nor used by a delivery stream');
    }
    if (!trust) return nonCompliant('the role has no assume_role_policy');
    const problems: string[] = [];
    const allows = allowStatements(trust);
    allows.forEach((s) => {
      const label = statementLabel(s, trust.statements.indexOf(s));
      const others = s.principals.flatMap((p) =>
        p.type === 'Service'
          ? p.identifiers.filter((id) => id !== FIREHOSE).map((id) => `Service ${id}`)
          : p.identifiers.map((id) => `${p.type} ${id}`),
      );
      if (others.length > 0) problems.push(`${label} also trusts ${others.join(', ')}`);
      if (!s.principals.some((p) => p.type === 'Service' && p.identifiers.includes(FIREHOSE))) {
        problems.push(`${label} does not name the principal ${FIREHOSE}`);
      }
      const externalId = s.conditions.filter(
        (c) => c.test === 'StringEquals' && c.variable.toLowerCase() === 'sts:externalid',
      );
      if (externalId.length === 0) {
        problems.push(`${label} has no StringEquals sts:ExternalId condition`);
      } else {
        const bad = externalId.flatMap((c) => c.values).filter((v) => !isAccountId(stack, v));
        if (bad.length > 0 || externalId.every((c) => c.values.length === 0)) {
          problems.push(
            `${label} sets sts:ExternalId to ${JSON.stringify(bad)}; use the account id (aws_caller_identity.account_id)`,
          );
        }
      }
    });
    if (allows.length === 0 && trust.opaque.length === 0)
      problems.push('the trust policy has no Allow statement');
    if (problems.length > 0) return nonCompliant(problems.join('; '));
    if (trust.opaque.length > 0) return nonCompliant(opaquePolicyMessage('assume_role_policy', trust.opaque));
    return compliant();
  },
});

/** A 12-digit account id, a reference to aws_caller_identity's account_id, or an opaque expression. */
function isAccountId(stack: StackModel, value: string): boolean {
  if (/^\d{12}$/.test(value)) return true;
  const ref = soleReference(value);
  if (ref) {
    if (ref.kind === 'data' && ref.type === 'aws_caller_identity') return ref.attribute === 'account_id';
    return stack.elementOf(ref) === undefined;
  }
  return isUnresolved(value);
}
