import { formatText } from './format';
import { loadStacks } from './load';
import { GuardrailOptions } from './options';
import { GuardrailReport, StackInput, runPackOnStacks } from './runner';
import { TerraformJson } from './stack';

/**
 * Throws, with the report as the message, unless the stacks pass the icelog pack: no unsuppressed
 * non-compliant finding and no invalid suppression. Returns the report otherwise. For tests:
 *
 * ```ts
 * it('dev passes the guardrails', () => {
 *   expectNoFindings('apps/dev/cdktf.out/stacks/dev');
 * });
 * ```
 *
 * @param stacks a path (see {@link loadStacks}), one stack's JSON, or several stacks (cross-stack rules run when there are several)
 */
export function expectNoFindings(
  stacks: string | TerraformJson | readonly StackInput[],
  options: GuardrailOptions = {},
): GuardrailReport {
  const inputs: readonly StackInput[] =
    typeof stacks === 'string'
      ? loadStacks([stacks])
      : Array.isArray(stacks)
        ? stacks
        : [{ json: stacks as TerraformJson }];
  const report = runPackOnStacks(inputs, options);
  if (!report.passed) throw new Error(`guardrails failed\n${formatText(report)}`);
  return report;
}
