import { ValidationError, validateKmsKeyArn, validateTags } from '@icelog/core';
import type { IcelogConfig } from './config';

/**
 * The configuration rules that span several keys, checked after the schema: KMS key ARNs against the
 * stack's region and partition, tags against the ones the stack sets, the load balancer's subnets against the
 * tasks'. Rules about one construct prop live in the construct (the stack reports them under the config
 * path); what is here needs the configuration as a whole.
 */

/** The tags the stack sets on every resource, with what each comes from. */
export function stackTagsFor(environment: string): Record<string, { value: string; from: string }> {
  return {
    project: { value: 'icelog', from: 'the stack' },
    environment: { value: environment, from: 'config environment' },
    'managed-by': { value: 'cdktf', from: 'the stack' },
  };
}

/** Every violated rule, one `Invalid config <path>: <rule>. Received: <value>` line each. */
export function checkConfigRules(config: IcelogConfig): string[] {
  const problems: string[] = [];
  const check = (rule: () => void): void => {
    try {
      rule();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(asConfigProblem(error));
    }
  };
  const region = config.region;

  check(() => validateTags('tags', config.tags, stackTagsFor(config.environment)));
  if (config.catalog.kmsKeyArn !== undefined) {
    check(() => validateKmsKeyArn('catalog.kmsKeyArn', config.catalog.kmsKeyArn!, region));
  }
  if (config.delivery.source.kmsKeyArn !== undefined) {
    check(() => validateKmsKeyArn('delivery.source.kmsKeyArn', config.delivery.source.kmsKeyArn!, region));
  }
  const lb = config.service.loadBalancer;
  const network = config.service.network;
  if (lb?.internetFacing && lb.subnetIds !== undefined && 'subnetIds' in network) {
    const shared = lb.subnetIds.filter((id) => network.subnetIds.includes(id));
    if (shared.length > 0) {
      problems.push(
        asConfigProblem(
          new ValidationError(
            'service.loadBalancer.subnetIds',
            lb.subnetIds,
            `must be public subnets of their own, not the tasks' subnets in service.network.subnetIds (${shared.join(', ')}): an internet-facing load balancer needs a route to an internet gateway, the tasks do not`,
          ),
        ),
      );
    }
  }
  return problems;
}

/** `Invalid <field>: …` as a configuration problem, `Invalid config <field>: …`. */
export function asConfigProblem(error: ValidationError): string {
  return `Invalid config ${error.message.slice('Invalid '.length)}`;
}
