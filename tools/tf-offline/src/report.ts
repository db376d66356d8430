import { OPTIONAL_ACTIONS, PLAN_ACTIONS } from '@icelog/plan-review';
import { summarizeCalls } from './fake-aws/server';
import { PlanOfflineResult } from './plan-offline';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The lines the CLI prints for a result. */
export function formatResult(result: PlanOfflineResult): string[] {
  if (result.status === 'skipped') return [`skipped: ${result.reason}`];
  const lines: string[] = [];
  const phases = result.phases.map((p) => `${p.phase} ${seconds(p.durationMs)}`).join(', ');
  if (result.status === 'planned') {
    lines.push(`planned ${result.stackDir} in ${seconds(result.wallTimeMs)} (${phases})`);
    lines.push(
      `  terraform ${result.terraformVersion}, hashicorp/aws ${result.providerVersion} from ${result.mirror}`,
    );
    lines.push(
      `  resources: ${PLAN_ACTIONS.filter((a) => !OPTIONAL_ACTIONS.has(a) || result.counts[a] > 0)
        .map((a) => `${result.counts[a]} ${a}`)
        .join(', ')}`,
    );
  } else {
    lines.push(
      `failed: ${result.message}${phases ? ` (after ${seconds(result.wallTimeMs)}: ${phases})` : ''}`,
    );
  }
  for (const note of result.notes) lines.push(`  offline rewrite: ${note}`);
  if (result.awsCalls.length > 0) lines.push(`  fake AWS calls: ${summarizeCalls(result.awsCalls)}`);
  if (result.unsupportedCalls.length > 0) {
    lines.push(`  calls the fake AWS does not implement: ${summarizeCalls(result.unsupportedCalls)}`);
  }
  if (result.blockedConnections.length > 0) {
    lines.push(`  blocked network access: ${[...new Set(result.blockedConnections)].join(', ')}`);
  }
  if (result.status === 'planned') {
    lines.push(`  wrote ${result.planJsonPath}, ${result.planTextPath}, ${result.reportPath}`);
  } else {
    const output = [result.stderr.trim(), result.stdout.trim()].filter(Boolean).join('\n');
    if (output) lines.push('', output);
  }
  if (result.workDir) lines.push(`  working directory kept: ${result.workDir}`);
  return lines;
}
