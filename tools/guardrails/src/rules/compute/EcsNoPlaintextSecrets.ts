import { defineRule, compliant, nonCompliant } from '../../rule';
import { opaqueContainersMessage, readContainerDefinitions } from '../../ecs/container-definitions';
import { blocks, text } from '../../hcl';
import { literalSkeleton, soleReference } from '../../references';

/** Environment variable names that announce a secret. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|CREDENTIAL)/i;
/** AWS access key id (long-term AKIA or temporary ASIA). */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
/** A 40-character secret access key: base64 alphabet, mixed case and digits, not hex. */
const SECRET_ACCESS_KEY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/;

/** AVD-AWS-0036: no secrets in plain container environment variables. */
export const EcsNoPlaintextSecrets = defineRule({
  id: 'AVD-AWS-0036',
  title: 'ECS container environment holds no plaintext secrets',
  severity: 'critical',
  area: 'compute',
  docs: 'No environment entry is named like a secret (*PASSWORD*, *SECRET*, *TOKEN*, AWS_SECRET_ACCESS_KEY, …) or holds a value shaped like an AWS key; pass secrets with the container\'s "secrets" (valueFrom) instead.',
  resourceTypes: ['aws_ecs_task_definition'],
  evaluate(task, { stack }) {
    const definitions = readContainerDefinitions(stack, task.body.container_definitions);
    if (definitions.kind === 'opaque') return nonCompliant(opaqueContainersMessage(definitions.expression));
    const found: string[] = [];
    for (const container of definitions.containers) {
      for (const entry of blocks(container.body.environment)) {
        const name = text(entry.name) ?? '';
        const value = text(entry.value) ?? '';
        if (SECRET_NAME.test(name) && !isArn(value))
          found.push(`${container.name}: ${name} is named like a secret`);
        else if (looksLikeAwsKey(value))
          found.push(`${container.name}: ${name} holds a value shaped like an AWS key`);
      }
    }
    if (found.length === 0) return compliant();
    return nonCompliant(`${found.join('; ')}; move it to "secrets" with valueFrom (Secrets Manager or SSM)`);
  },
});

/** The value names a secret (its ARN) rather than holding it. */
function isArn(value: string): boolean {
  if (value.startsWith('arn:')) return true;
  const ref = soleReference(value);
  return ref !== undefined && ref.attribute === 'arn';
}

function looksLikeAwsKey(value: string): boolean {
  const literal = literalSkeleton(value, ' ');
  if (ACCESS_KEY_ID.test(literal)) return true;
  const candidate = SECRET_ACCESS_KEY.exec(literal)?.[0];
  return (
    candidate !== undefined &&
    /[a-z]/.test(candidate) &&
    /[A-Z]/.test(candidate) &&
    /\d/.test(candidate) &&
    !/^[0-9a-fA-F]+$/.test(candidate)
  );
}
