import {
  GuardrailOptions,
  GuardrailRule,
  ICELOG_RULES,
  RuleArea,
  RuleResult,
  RuleStatus,
  StackModel,
  TerraformJson,
  resolveOptions,
} from '../src';

/** `${expr}`, the way cdktf writes a token into the JSON. */
export function ref(expression: string): string {
  return '${' + expression + '}';
}

/** A stack JSON with the given resources / data sources / terraform block / providers. */
export function stackJson(parts: {
  resource?: Record<string, Record<string, object>>;
  data?: Record<string, Record<string, object>>;
  terraform?: object;
  provider?: Record<string, unknown>;
  name?: string;
}): TerraformJson {
  return {
    resource: parts.resource ?? {},
    data: parts.data ?? {},
    terraform: parts.terraform ?? {},
    provider: parts.provider ?? {},
    '//': { metadata: { stackName: parts.name ?? 'test' } },
  } as TerraformJson;
}

/** A deep copy of `json` changed by `change` (fixtures stay untouched). */
export function modified(json: TerraformJson, change: (copy: any) => void): TerraformJson {
  const copy = structuredClone(json) as any;
  change(copy);
  return copy as TerraformJson;
}

/** Every (rule id → statuses) outcome produced through {@link check} in this test file. */
const seen = new Map<string, Set<RuleStatus>>();

/** Evaluates one rule on the element at `address` of `json`, and records the outcome. */
export function check(
  rule: GuardrailRule,
  json: TerraformJson,
  address: string,
  options: GuardrailOptions = {},
): RuleResult {
  const stack = StackModel.of(json);
  const element = stack.get(address);
  if (!element) throw new Error(`fixture has no element ${address}`);
  if (!rule.resourceTypes.includes(element.type)) {
    throw new Error(`${rule.id} does not inspect ${element.type}`);
  }
  const result = rule.evaluate(element, { stack, options: resolveOptions(options) });
  const statuses = seen.get(rule.id) ?? new Set<RuleStatus>();
  statuses.add(result.status);
  seen.set(rule.id, statuses);
  return result;
}

/**
 * Asserts that every rule of `area` produced both a compliant and a non-compliant outcome in this
 * file: each rule has a passing and a failing fixture. Call last in the file.
 */
export function expectEveryRuleCovered(area: RuleArea): void {
  const missing = ICELOG_RULES.filter((r) => r.area === area).flatMap((r) => {
    const statuses = seen.get(r.id) ?? new Set();
    return (['compliant', 'non-compliant'] as const)
      .filter((s) => !statuses.has(s))
      .map((s) => `${r.id} ${s}`);
  });
  expect(missing).toEqual([]);
}
