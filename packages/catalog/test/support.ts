import { SynthesizedStack } from '@icelog/core/testing';

/** One rendered `aws_iam_policy_document` statement. */
export interface RenderedStatement {
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  condition?: { test: string; variable: string; values: string[] }[];
  principals?: unknown[];
}

/** `${data.aws_iam_policy_document.<id>.json}` → `<id>`. */
function documentId(reference: string): string {
  const match = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference);
  if (!match) throw new Error(`not a policy document reference: ${reference}`);
  return match[1];
}

/** The statements of the policy document a reference (e.g. an `aws_iam_role_policy.policy`) points to. */
export function statementsOf(synth: SynthesizedStack, reference: string): RenderedStatement[] {
  const doc = synth.data.aws_iam_policy_document?.[documentId(reference)];
  if (!doc) throw new Error(`no policy document for ${reference}`);
  return doc.statement;
}

/** The statements of every inline policy attached to the role whose logical id contains `roleIdPart`. */
export function rolePolicyStatements(synth: SynthesizedStack, roleIdPart: string): RenderedStatement[] {
  const policies = Object.values(synth.resource.aws_iam_role_policy ?? {}).filter((p: any) =>
    String(p.role).includes(roleIdPart),
  );
  if (policies.length === 0) throw new Error(`no inline policy on a role matching ${roleIdPart}`);
  return policies.flatMap((p: any) => statementsOf(synth, p.policy));
}

/** The statement with `sid`; throws when there is none. */
export function bySid(statements: RenderedStatement[], sid: string): RenderedStatement {
  const found = statements.find((s) => s.sid === sid);
  if (!found) throw new Error(`no statement ${sid} among ${statements.map((s) => s.sid).join(', ')}`);
  return found;
}

/** `${<type>.<logicalId>.<attribute>}` for the single resource of `type`. */
export function refOf(synth: SynthesizedStack, type: string, attribute: string): string {
  const ids = Object.keys(synth.resource[type] ?? {});
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return `\${${type}.${ids[0]}.${attribute}}`;
}

/** The references the data sources of `AwsContext` render to. */
export const ACCOUNT = /\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}/;
export const REGION = /\$\{data\.aws_region\.[\w-]+\.name\}/;
export const PARTITION = /\$\{data\.aws_partition\.[\w-]+\.partition\}/;
export const DNS_SUFFIX = /\$\{data\.aws_partition\.[\w-]+\.dns_suffix\}/;

/** Turns a regular expression into a full-match one built from literal text and the refs above. */
export function pattern(...parts: (string | RegExp)[]): RegExp {
  const source = parts
    .map((p) => (typeof p === 'string' ? p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : p.source))
    .join('');
  return new RegExp(`^${source}$`);
}
