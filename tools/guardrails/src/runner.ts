import { GuardrailOptions, ResolvedGuardrailOptions, resolveOptions } from './options';
import { GuardrailPack, ICELOG_PACK } from './pack';
import { GuardrailRule, RuleMetadata, RuleResult, RuleStatus, Severity } from './rule';
import { StackElement, StackModel, TerraformJson } from './stack';
import { ElementSuppressions, readSuppressions } from './suppressions';

/** A finding's status: a rule outcome, or `error` when the rule itself threw (a bug in the rule). */
export type FindingStatus = RuleStatus | 'error';

/** The outcome of one rule on one element. */
export interface Finding {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  /** Stack name (cdktf's stackName, or the name given to the runner). */
  readonly stack: string;
  /** Terraform address, e.g. `aws_s3_bucket.Warehouse_Bucket_927FAB1A`. */
  readonly address: string;
  /** Construct path from `//.metadata.path`, when the JSON has it. */
  readonly path?: string;
  readonly status: FindingStatus;
  readonly message?: string;
  /** True when a valid suppression on the element covers this non-compliant finding. */
  readonly suppressed: boolean;
  /** The suppression's reason, when suppressed. */
  readonly suppressionReason?: string;
}

/** A suppression that is itself wrong (unknown rule id, reason too short, …): an error of the run. */
export interface SuppressionError {
  readonly stack: string;
  readonly address: string;
  readonly path?: string;
  readonly ruleId: string;
  readonly message: string;
}

/** A valid suppression that matched no non-compliant finding (a warning, not an error). */
export interface UnusedSuppression {
  readonly stack: string;
  readonly address: string;
  readonly ruleId: string;
  readonly message: string;
}

/** Everything one run found. */
export interface GuardrailReport {
  readonly pack: string;
  readonly stacks: readonly string[];
  /** All findings, compliant and not-applicable ones included. */
  readonly findings: readonly Finding[];
  /** Non-compliant and unsuppressed, or `error`: what makes the run fail. */
  readonly failures: readonly Finding[];
  /** Non-compliant but suppressed with a reason. */
  readonly suppressed: readonly Finding[];
  readonly suppressionErrors: readonly SuppressionError[];
  readonly unusedSuppressions: readonly UnusedSuppression[];
  /** True when there are no failures and no suppression errors. */
  readonly passed: boolean;
}

/** One stack to check, with its own options when stacks differ (dev without CMKs, prod with). */
export interface StackInput {
  /** @default - cdktf's `//.metadata.stackName`, else `stack` */
  readonly name?: string;
  readonly json: TerraformJson;
  /** @default - the options passed to the runner */
  readonly options?: GuardrailOptions;
}

/** Runs `pack` over one stack's synthesized JSON. Cross-stack rules need {@link runPackOnStacks}. */
export function runPack(
  stackJson: TerraformJson,
  options: GuardrailOptions = {},
  pack: GuardrailPack = ICELOG_PACK,
): GuardrailReport {
  return run([{ json: stackJson }], options, pack, false);
}

/**
 * Runs `pack` over several stacks checked together (e.g. dev and prod): each stack's rules with its
 * options, then the cross-stack rules (each environment has its own state key, …).
 */
export function runPackOnStacks(
  stacks: readonly StackInput[],
  options: GuardrailOptions = {},
  pack: GuardrailPack = ICELOG_PACK,
): GuardrailReport {
  return run(stacks, options, pack, true);
}

interface Checked {
  readonly stack: StackModel;
  readonly options: ResolvedGuardrailOptions;
}

function run(
  inputs: readonly StackInput[],
  defaults: GuardrailOptions,
  pack: GuardrailPack,
  crossStack: boolean,
): GuardrailReport {
  const defaultOptions = resolveOptions(defaults);
  const checked: Checked[] = inputs.map((input) => ({
    stack: StackModel.of(input.json, input.name),
    options: input.options === undefined ? defaultOptions : resolveOptions({ ...defaults, ...input.options }),
  }));
  const knownIds = new Set([...pack.rules, ...pack.crossStackRules].map((r) => r.id));
  const findings: Finding[] = [];
  const suppressionErrors: SuppressionError[] = [];
  const suppressionsOf = new Map<StackElement, ElementSuppressions>();
  const suppressionsFor = (stackName: string, element: StackElement): ElementSuppressions => {
    let found = suppressionsOf.get(element);
    if (!found) {
      found = readSuppressions(element, knownIds);
      suppressionsOf.set(element, found);
      for (const problem of found.problems) {
        suppressionErrors.push({
          stack: stackName,
          address: element.address,
          ...pathOf(element),
          ...problem,
        });
      }
    }
    return found;
  };

  for (const { stack, options } of checked) {
    stack.elements.forEach((element) => suppressionsFor(stack.name, element));
    for (const rule of pack.rules) {
      for (const type of rule.resourceTypes) {
        for (const element of stack.ofType(type)) {
          const result = evaluate(rule, element, stack, options);
          findings.push(finding(rule, stack.name, element, result, suppressionsFor(stack.name, element)));
        }
      }
    }
  }
  if (crossStack) {
    for (const rule of pack.crossStackRules) {
      let results;
      try {
        results = rule.evaluate(checked);
      } catch (error) {
        results = checked.map(({ stack }) => ({
          stackName: stack.name,
          element: {
            kind: 'backend',
            type: 'stack',
            name: stack.name,
            address: 'stack',
            body: {},
          } as StackElement,
          status: 'error' as const,
          message: `rule threw: ${describeError(error)}`,
        }));
      }
      for (const r of results) {
        findings.push(finding(rule, r.stackName, r.element, r, suppressionsFor(r.stackName, r.element)));
      }
    }
  }

  const unusedSuppressions: UnusedSuppression[] = [];
  for (const { stack } of checked) {
    for (const element of stack.elements) {
      for (const [ruleId] of suppressionsFor(stack.name, element).valid) {
        const own = findings.filter(
          (f) => f.stack === stack.name && f.address === element.address && f.ruleId === ruleId,
        );
        if (own.length === 0) {
          const ruleIsCrossStack = pack.crossStackRules.some((r) => r.id === ruleId);
          if (!ruleIsCrossStack || crossStack) {
            unusedSuppressions.push({
              stack: stack.name,
              address: element.address,
              ruleId,
              message: `${ruleId} does not inspect ${element.type}; the suppression has no effect`,
            });
          }
        } else if (own.every((f) => f.status === 'compliant')) {
          unusedSuppressions.push({
            stack: stack.name,
            address: element.address,
            ruleId,
            message: `${ruleId} is compliant here; remove the suppression`,
          });
        }
      }
    }
  }

  const failures = findings.filter(
    (f) => f.status === 'error' || (f.status === 'non-compliant' && !f.suppressed),
  );
  return {
    pack: pack.name,
    stacks: checked.map((c) => c.stack.name),
    findings,
    failures,
    suppressed: findings.filter((f) => f.suppressed),
    suppressionErrors,
    unusedSuppressions,
    passed: failures.length === 0 && suppressionErrors.length === 0,
  };
}

function evaluate(
  rule: GuardrailRule,
  element: StackElement,
  stack: StackModel,
  options: ResolvedGuardrailOptions,
): RuleResult | { status: 'error'; message: string } {
  try {
    return rule.evaluate(element, { stack, options });
  } catch (error) {
    return { status: 'error', message: `rule threw: ${describeError(error)}` };
  }
}

function finding(
  rule: RuleMetadata,
  stackName: string,
  element: StackElement,
  result: { status: FindingStatus; message?: string },
  suppressions: ElementSuppressions,
): Finding {
  const reason = result.status === 'non-compliant' ? suppressions.valid.get(rule.id) : undefined;
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    stack: stackName,
    address: element.address,
    ...pathOf(element),
    status: result.status,
    ...(result.message === undefined ? {} : { message: result.message }),
    suppressed: reason !== undefined,
    ...(reason === undefined ? {} : { suppressionReason: reason }),
  };
}

function pathOf(element: StackElement): { path?: string } {
  return element.path === undefined ? {} : { path: element.path };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
