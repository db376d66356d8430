import { defineCrossStackRule } from '../../rule';
import { text } from '../../hcl';
import { StackElement } from '../../stack';

/** ICELOG_TF_3 (cross-stack): each stack keeps its state under its own bucket/key. */
export const BackendStateKeyUnique = defineCrossStackRule({
  id: 'ICELOG_TF_3',
  title: 'Each stack has its own state key',
  severity: 'critical',
  area: 'state',
  docs: "No two stacks checked together (e.g. dev and prod) use the same S3 backend bucket, workspace_key_prefix and key: a shared state would make one environment's apply destroy the other's resources.",
  evaluate(stacks) {
    const backends = stacks.flatMap(({ stack }) =>
      stack
        .ofType('terraform.backend.s3')
        .map((element) => ({ stackName: stack.name, element, location: location(element) })),
    );
    return backends.map(({ stackName, element, location: where }) => {
      const others = backends
        .filter((b) => b.element !== element && b.location === where)
        .map((b) => b.stackName);
      if (others.length === 0) return { stackName, element, status: 'compliant' as const, message: where };
      return {
        stackName,
        element,
        status: 'non-compliant' as const,
        message: `state ${where} is also used by stack ${others.map((o) => JSON.stringify(o)).join(', ')}; give each environment its own key`,
      };
    });
  },
});

function location(backend: StackElement): string {
  const { bucket, key, workspace_key_prefix: prefix } = backend.body;
  return `s3://${text(bucket) ?? '?'}/${prefix === undefined ? '' : `${text(prefix)}/`}${text(key) ?? '?'}`;
}
