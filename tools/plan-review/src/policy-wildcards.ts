/**
 * Finds wildcards in IAM policies: `Action: "*"` / `"service:*"`, `NotAction`, `Resource: "*"` in Allow
 * statements, and `Principal: "*"`. The guardrails rule pack judges a whole stack; the review only
 * points at wildcards a change introduces, so a reviewer sees them in the PR.
 */

/** One wildcard in one policy statement. */
export interface PolicyWildcard {
  /** Which element holds it. */
  readonly element: 'Action' | 'NotAction' | 'Resource' | 'Principal';
  /** The wildcard value, e.g. `s3:*`. */
  readonly value: string;
  /**
   * Statement id, when the statement has one.
   * @default - none
   */
  readonly sid?: string;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isWildcardAction(value: string): boolean {
  return value === '*' || value.endsWith(':*');
}

function principalValues(principal: unknown): string[] {
  if (typeof principal === 'string') return [principal];
  if (typeof principal === 'object' && principal !== null) {
    return Object.values(principal).flatMap((v) =>
      asList(v).filter((x): x is string => typeof x === 'string'),
    );
  }
  return [];
}

/** Wildcards in a policy document given as JSON text or parsed; `[]` when it is not a policy. */
export function findPolicyWildcards(policy: unknown): PolicyWildcard[] {
  let doc = policy;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return [];
    }
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const found: PolicyWildcard[] = [];
  for (const raw of asList((doc as Record<string, unknown>).Statement)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const st = raw as Record<string, unknown>;
    const sid = typeof st.Sid === 'string' && st.Sid !== '' ? st.Sid : undefined;
    const allow = st.Effect !== 'Deny';
    const add = (element: PolicyWildcard['element'], value: string) =>
      found.push(sid === undefined ? { element, value } : { element, value, sid });
    if (allow) {
      for (const a of asList(st.Action)) if (typeof a === 'string' && isWildcardAction(a)) add('Action', a);
      for (const a of asList(st.NotAction)) if (typeof a === 'string') add('NotAction', a);
      for (const r of asList(st.Resource)) if (r === '*') add('Resource', '*');
      for (const p of principalValues(st.Principal)) if (p === '*') add('Principal', '*');
    }
  }
  return found;
}

/**
 * Wildcards in an `aws_iam_policy_document` data source block as synthesized (`statement[].actions`,
 * `not_actions`, `resources`, `principals[].identifiers`).
 */
export function findPolicyDocumentBlockWildcards(block: unknown): PolicyWildcard[] {
  if (typeof block !== 'object' || block === null) return [];
  const found: PolicyWildcard[] = [];
  for (const raw of asList((block as Record<string, unknown>).statement)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const st = raw as Record<string, unknown>;
    if (st.effect === 'Deny') continue;
    const sid = typeof st.sid === 'string' && st.sid !== '' ? st.sid : undefined;
    const add = (element: PolicyWildcard['element'], value: string) =>
      found.push(sid === undefined ? { element, value } : { element, value, sid });
    for (const a of asList(st.actions)) if (typeof a === 'string' && isWildcardAction(a)) add('Action', a);
    for (const a of asList(st.not_actions)) if (typeof a === 'string') add('NotAction', a);
    for (const r of asList(st.resources)) if (r === '*') add('Resource', '*');
    for (const p of asList(st.principals)) {
      if (typeof p !== 'object' || p === null) continue;
      for (const id of asList((p as Record<string, unknown>).identifiers))
        if (id === '*') add('Principal', '*');
    }
  }
  return found;
}

/** `a` minus the wildcards already in `b` (same element, value and sid). */
export function newWildcards(after: PolicyWildcard[], before: PolicyWildcard[]): PolicyWildcard[] {
  const key = (w: PolicyWildcard) => `${w.element}|${w.value}|${w.sid ?? ''}`;
  const old = new Set(before.map(key));
  return after.filter((w) => !old.has(key(w)));
}

/** `Action "s3:*" (sid Foo)`. */
export function describeWildcard(w: PolicyWildcard): string {
  return `${w.element} "${w.value}"${w.sid === undefined ? '' : ` (sid ${w.sid})`}`;
}

/** Attributes that hold policy JSON, per resource type. */
export const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ['assume_role_policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_s3_bucket_policy: ['policy'],
  aws_kms_key: ['policy'],
  aws_kinesis_stream_resource_policy: ['policy'],
  aws_glue_resource_policy: ['policy'],
};
