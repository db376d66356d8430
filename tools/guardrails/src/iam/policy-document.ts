import { Body, blocks, strings, text } from '../hcl';
import { isUnresolved, soleReference } from '../references';
import { StackModel } from '../stack';

/** A principal of a statement. JSON `"Principal": "*"` reads as `{ type: '*', identifiers: ['*'] }`. */
export interface PolicyPrincipal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser` or `*`. */
  readonly type: string;
  readonly identifiers: readonly string[];
}

/** One condition of a statement, e.g. `StringEquals sts:ExternalId [<account>]`. */
export interface PolicyConditionView {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/** A statement in one shape, whether it came from an `aws_iam_policy_document` or from policy JSON. */
export interface PolicyStatementView {
  readonly sid?: string;
  /** `Allow`, `Deny`, or an unresolved expression. */
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principals: readonly PolicyPrincipal[];
  readonly notPrincipals: readonly PolicyPrincipal[];
  readonly conditions: readonly PolicyConditionView[];
}

/** A policy as far as it can be read at synth time. */
export interface PolicyView {
  readonly statements: readonly PolicyStatementView[];
  /**
   * Parts that cannot be read at synth time (`${jsonencode(…)}`, `${var.policy}`, text that is not
   * JSON), as written. Empty when every statement was read.
   */
  readonly opaque: readonly string[];
}

/**
 * Reads the policy held by an attribute such as `policy` or `assume_role_policy`: a reference to an
 * `aws_iam_policy_document` data source (`${data.aws_iam_policy_document.X.json}`, including its
 * `source_policy_documents` / `override_policy_documents`), a reference to another block's literal
 * policy, or literal policy JSON. Returns `undefined` when the attribute is unset or empty.
 */
export function readPolicy(stack: StackModel, value: unknown): PolicyView | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return read(stack, value, 0);
}

/** The statements that grant (`Effect: Allow`, the default). */
export function allowStatements(policy: PolicyView): PolicyStatementView[] {
  return policy.statements.filter((s) => s.effect === 'Allow');
}

/** True when a principal is the wildcard: `"*"`, or any type with identifier `*`. */
export function isWildcardPrincipal(principal: PolicyPrincipal): boolean {
  return principal.type === '*' || principal.identifiers.includes('*');
}

/** Renders a statement briefly for messages: its sid, or its index. */
export function statementLabel(statement: PolicyStatementView, index: number): string {
  return statement.sid ? `statement "${statement.sid}"` : `statement ${index + 1}`;
}

const MAX_DEPTH = 8;

function read(stack: StackModel, value: unknown, depth: number): PolicyView {
  if (depth > MAX_DEPTH) return opaque(value);
  if (typeof value === 'string') {
    const ref = soleReference(value);
    if (ref) {
      const target = stack.elementOf(ref);
      if (
        target?.type === 'data.aws_iam_policy_document' &&
        ['json', 'minified_json'].includes(ref.attribute)
      ) {
        return readDocumentDataSource(stack, target.body, depth);
      }
      const resolved = stack.resolve(value);
      return resolved === value ? opaque(value) : read(stack, resolved, depth + 1);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return opaque(value);
    }
    return readJsonPolicy(parsed, value);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return readJsonPolicy(value, value);
  return opaque(value);
}

function readDocumentDataSource(stack: StackModel, body: Body, depth: number): PolicyView {
  const statements: PolicyStatementView[] = [];
  const opaqueParts: string[] = [];
  const include = (view: PolicyView): void => {
    statements.push(...view.statements);
    opaqueParts.push(...view.opaque);
  };
  for (const key of ['source_policy_documents', 'override_policy_documents']) {
    const documents = body[key];
    if (isUnresolved(documents)) opaqueParts.push(documents);
    else for (const doc of strings(documents)) include(read(stack, doc, depth + 1));
  }
  for (const key of ['source_json', 'override_json']) {
    if (body[key] !== undefined) include(read(stack, body[key], depth + 1));
  }
  if (isUnresolved(body.statement)) opaqueParts.push(body.statement);
  for (const s of blocks(body.statement)) {
    statements.push({
      ...(text(s.sid) ? { sid: text(s.sid) } : {}),
      effect: text(s.effect) ?? 'Allow',
      actions: strings(s.actions),
      notActions: strings(s.not_actions),
      resources: strings(s.resources),
      notResources: strings(s.not_resources),
      principals: hclPrincipals(s.principals),
      notPrincipals: hclPrincipals(s.not_principals),
      conditions: blocks(s.condition).map((c) => ({
        test: text(c.test) ?? '',
        variable: text(c.variable) ?? '',
        values: strings(c.values),
      })),
    });
  }
  return { statements, opaque: opaqueParts };
}

function hclPrincipals(value: unknown): PolicyPrincipal[] {
  return blocks(value).map((p) => ({ type: text(p.type) ?? '', identifiers: strings(p.identifiers) }));
}

function readJsonPolicy(parsed: unknown, original: unknown): PolicyView {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return opaque(original);
  const raw = (parsed as Body).Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements: PolicyStatementView[] = [];
  const opaqueParts: string[] = [];
  for (const s of list) {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) {
      opaqueParts.push(JSON.stringify(s));
      continue;
    }
    const st = s as Body;
    statements.push({
      ...(text(st.Sid) ? { sid: text(st.Sid) } : {}),
      effect: text(st.Effect) ?? 'Allow',
      actions: strings(st.Action),
      notActions: strings(st.NotAction),
      resources: strings(st.Resource),
      notResources: strings(st.NotResource),
      principals: jsonPrincipals(st.Principal),
      notPrincipals: jsonPrincipals(st.NotPrincipal),
      conditions: jsonConditions(st.Condition),
    });
  }
  return { statements, opaque: opaqueParts };
}

function jsonPrincipals(value: unknown): PolicyPrincipal[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [{ type: value === '*' ? '*' : value, identifiers: [value] }];
  if (typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Body).map(([type, ids]) => ({ type, identifiers: strings(ids) }));
}

function jsonConditions(value: unknown): PolicyConditionView[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const out: PolicyConditionView[] = [];
  for (const [test, byKey] of Object.entries(value as Body)) {
    if (byKey === null || typeof byKey !== 'object' || Array.isArray(byKey)) continue;
    for (const [variable, values] of Object.entries(byKey as Body))
      out.push({ test, variable, values: strings(values) });
  }
  return out;
}

function opaque(value: unknown): PolicyView {
  return { statements: [], opaque: [typeof value === 'string' ? value : JSON.stringify(value)] };
}
