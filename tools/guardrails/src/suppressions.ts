import { block } from './hcl';
import { StackElement } from './stack';

/** Shortest accepted reason, in characters (same bar as `suppressGuardrail` in `@icelog/core`). */
export const MIN_REASON_LENGTH = 20;

/** The suppressions recorded on one element, checked. */
export interface ElementSuppressions {
  /** Valid suppressions: rule id → reason. */
  readonly valid: ReadonlyMap<string, string>;
  /** What is wrong with the others (each one an error of the run). */
  readonly problems: readonly { readonly ruleId: string; readonly message: string }[];
}

/**
 * Reads `"//": { "guardrails": { "suppressions": [{ "id", "reason" }] } }` from an element (written
 * by `suppressGuardrail` of `@icelog/core`). A suppression needs a known rule id and a reason of at
 * least {@link MIN_REASON_LENGTH} characters; one that lacks either suppresses nothing and is reported.
 */
export function readSuppressions(
  element: StackElement,
  knownRuleIds: ReadonlySet<string>,
): ElementSuppressions {
  const valid = new Map<string, string>();
  const problems: { ruleId: string; message: string }[] = [];
  const raw = block(block(element.body['//'])?.guardrails)?.suppressions;
  if (raw === undefined) return { valid, problems };
  if (!Array.isArray(raw)) {
    problems.push({
      ruleId: '?',
      message: `"//".guardrails.suppressions must be a list; got ${JSON.stringify(raw)}`,
    });
    return { valid, problems };
  }
  for (const entry of raw) {
    const id = block(entry)?.id;
    const reason = block(entry)?.reason;
    if (typeof id !== 'string' || id === '') {
      problems.push({ ruleId: '?', message: `a suppression has no rule id: ${JSON.stringify(entry)}` });
      continue;
    }
    if (!knownRuleIds.has(id)) {
      problems.push({ ruleId: id, message: `suppression names unknown rule id ${JSON.stringify(id)}` });
      continue;
    }
    if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
      problems.push({
        ruleId: id,
        message: `suppression of ${id} needs a reason of at least ${MIN_REASON_LENGTH} characters; got ${JSON.stringify(reason ?? null)}`,
      });
      continue;
    }
    if (valid.has(id)) {
      problems.push({ ruleId: id, message: `${id} is suppressed twice on this resource` });
      continue;
    }
    valid.set(id, reason.trim());
  }
  return { valid, problems };
}
