import { TerraformStack } from 'cdktf';
import { IAM_ROLE_INLINE_POLICY_CHARS, ValidationError, roleInlinePolicySizes } from '@icelog/core';
import type { StatusRouting } from '@icelog/routing';
import { IcelogConfigError } from './config';
import { asConfigProblem } from './config-rules';

/**
 * The limit that bounds `routing.statuses`: every routed status adds a table, and the roles that write
 * or maintain the tables (the Firehose role, the table-maintenance role) name each table ARN exactly —
 * no wildcard — in their inline policies, which IAM caps at 10,240 characters per role (white space not
 * counted). The JQ routing query has its own limit (5,120 characters, checked by the routing package),
 * which 500 statuses fit; the IAM limit binds first, at about 130 statuses with the default names.
 *
 * Throws an {@link IcelogConfigError} on `routing.statuses` naming the largest number of statuses that
 * fits, or a {@link ValidationError} naming the role when a role is over the limit for another reason.
 */
export function checkInlinePolicyLimits(stack: TerraformStack, region: string, routing: StatusRouting): void {
  const statuses = [...routing.routedStatuses];
  let tightest: { role: string; chars: number; perStatus: number; fits: number } | undefined;
  for (const role of roleInlinePolicySizes(stack, region)) {
    if (role.chars <= IAM_ROLE_INLINE_POLICY_CHARS) continue;
    const json = role.policies.map((p) => p.json).join('');
    const perStatus = statuses.length > 0 ? charsOfTable(json, routing, statuses[0]) : 0;
    if (perStatus === 0) {
      throw new ValidationError(
        role.role,
        `${role.chars} characters`,
        `inline policies must total at most ${IAM_ROLE_INLINE_POLICY_CHARS.toLocaleString('en-US')} characters (IAM limit per role, white space not counted)`,
      );
    }
    const fits = statuses.length - Math.ceil((role.chars - IAM_ROLE_INLINE_POLICY_CHARS) / perStatus);
    if (tightest === undefined || fits < tightest.fits)
      tightest = { role: role.role, chars: role.chars, perStatus, fits };
  }
  if (tightest === undefined) return;
  throw new IcelogConfigError([
    asConfigProblem(
      new ValidationError(
        'routing.statuses',
        statuses,
        `must route at most ${tightest.fits} statuses with these names: with ${statuses.length}, the inline policies of ${tightest.role} render to ${tightest.chars.toLocaleString('en-US')} characters, over IAM's limit of ${IAM_ROLE_INLINE_POLICY_CHARS.toLocaleString('en-US')} per role (each routed status adds ${tightest.perStatus} characters: its table's ARN, named exactly)`,
      ),
    ),
  ]);
}

/** Characters one routed status adds to a rendered policy: its table ARN with quotes and comma, per use. */
function charsOfTable(json: string, routing: StatusRouting, status: number): number {
  const tableArnEnd = `:table/${routing.databaseName}/${routing.tablePrefix}${status}"`;
  const uses = json.split(tableArnEnd).length - 1;
  if (uses === 0) return 0;
  const start = json.lastIndexOf('"', json.indexOf(tableArnEnd) - 1);
  const arnLength = json.indexOf(tableArnEnd) + tableArnEnd.length - start - 2;
  return uses * (arnLength + 3);
}
