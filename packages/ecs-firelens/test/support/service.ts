import { TerraformStack } from 'cdktf';
import type { ProducerTarget } from '@icelog/delivery';
import { SynthesizedStack, newTestStack, synthesize } from '@icelog/core/testing';
import { FireLensService, FireLensServiceProps } from '../../src';
import { DeliveryStreamDouble } from './delivery-double';

export interface Built {
  readonly stack: TerraformStack;
  readonly service: FireLensService;
  readonly deliveryStream: DeliveryStreamDouble;
  readonly json: SynthesizedStack;
}

/** A FireLensService with the smallest valid props (default VPC, Direct PUT), plus `overrides`. */
export function build(overrides: Partial<FireLensServiceProps> = {}, target?: ProducerTarget): Built {
  const stack = newTestStack();
  const deliveryStream = new DeliveryStreamDouble(stack, 'Delivery', target);
  const service = new FireLensService(stack, 'Web', {
    deliveryStream,
    serviceName: 'icelog-dev-web',
    network: { vpc: { defaultVpc: true } },
    ...overrides,
  });
  return { stack, service, deliveryStream, json: synthesize(stack) };
}

/** The logical id of the one block of `type` whose id starts with `prefix`. */
export function idOf(group: Record<string, Record<string, unknown>>, type: string, prefix: string): string {
  const ids = Object.keys(group[type] ?? {}).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ')}`);
  return ids[0];
}

/** The one block of `type` whose logical id starts with `prefix`. */
export function blockOf(group: Record<string, Record<string, any>>, type: string, prefix: string): any {
  return group[type][idOf(group, type, prefix)];
}

/** The parsed container definitions of the only task definition. */
export function containersOf(json: SynthesizedStack): any[] {
  const definitions = Object.values(json.resource.aws_ecs_task_definition ?? {});
  if (definitions.length !== 1) throw new Error(`expected one task definition, found ${definitions.length}`);
  return JSON.parse(definitions[0].container_definitions);
}

/** The statements of the policy document attached by the role policy named `policyName` of `rolePrefix`. */
export function statementsOf(json: SynthesizedStack, rolePrefix: string, policyName: string): any[] {
  const policy = blockOf(json.resource, 'aws_iam_role_policy', `${rolePrefix}_${policyName}Policy_`);
  const documentId = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policy.policy)?.[1];
  if (!documentId) throw new Error(`policy ${policyName} does not reference a policy document`);
  return json.data.aws_iam_policy_document[documentId].statement;
}

/** Names of the inline policies attached to the role whose logical id starts with `rolePrefix`. */
export function policyNamesOf(json: SynthesizedStack, rolePrefix: string): string[] {
  const roleId = idOf(json.resource, 'aws_iam_role', `${rolePrefix}_`);
  return Object.values(json.resource.aws_iam_role_policy ?? {})
    .filter((p: any) => p.role === `\${aws_iam_role.${roleId}.name}`)
    .map((p: any) => p.name)
    .sort();
}
