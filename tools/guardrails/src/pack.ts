import { CrossStackRule, GuardrailRule } from './rule';
import {
  STORAGE_RULES,
  DELIVERY_RULES,
  COMPUTE_RULES,
  ALB_RULES,
  IDENTITY_RULES,
  LOGS_RULES,
  ATHENA_RULES,
  KMS_RULES,
  MONITORING_RULES,
  STATE_RULES,
  BackendStateKeyUnique,
} from './rules';

/** A named set of rules run together (cdk-nag's NagPack). */
export interface GuardrailPack {
  readonly name: string;
  /** Rules evaluated on each element of each stack. */
  readonly rules: readonly GuardrailRule[];
  /** Rules evaluated once over all stacks checked together. */
  readonly crossStackRules: readonly CrossStackRule[];
}

/**
 * Every per-stack rule of icelog, in report order: one list per area (`src/rules/<area>/index.ts`);
 * a new area adds one line here.
 */
export const ICELOG_RULES: readonly GuardrailRule[] = [
  ...STORAGE_RULES,
  ...DELIVERY_RULES,
  ...COMPUTE_RULES,
  ...ALB_RULES,
  ...IDENTITY_RULES,
  ...LOGS_RULES,
  ...ATHENA_RULES,
  ...KMS_RULES,
  ...MONITORING_RULES,
  ...STATE_RULES,
];

/** The cross-stack rules of icelog. */
export const ICELOG_CROSS_STACK_RULES: readonly CrossStackRule[] = [BackendStateKeyUnique];

/** The icelog pack: SECURITY.md as rules. */
export const ICELOG_PACK: GuardrailPack = definePack({
  name: 'icelog',
  rules: ICELOG_RULES,
  crossStackRules: ICELOG_CROSS_STACK_RULES,
});

/** Builds a pack; throws when two rules share an id (suppressions name rules by id). */
export function definePack(pack: GuardrailPack): GuardrailPack {
  const seen = new Set<string>();
  for (const rule of [...pack.rules, ...pack.crossStackRules]) {
    if (seen.has(rule.id)) throw new Error(`pack "${pack.name}": rule id ${rule.id} is used twice`);
    seen.add(rule.id);
  }
  return pack;
}
