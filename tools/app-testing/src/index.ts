import { Testing } from 'cdktf';
import { SynthesizedStack, synthesizeWithMetadata } from '@icelog/core/testing';
import { GuardrailOptions, expectNoFindings } from '@icelog/guardrails';
import { IcelogConfig, IcelogConfigInput, IcelogStack, parseConfig } from '@icelog/pipeline';

/**
 * The checks every environment app runs on its own configuration, so that apps/dev and apps/prod stay
 * configuration only: `describeEnvironment('icelog-dev', devConfig)` is their whole test file.
 */

/** What the environment declares, translated into the guardrail pack's options. */
export function guardrailOptionsFor(config: IcelogConfig): GuardrailOptions {
  return {
    allowPublicIp: config.service.assignPublicIp,
    requireVersioning: config.catalog.versioned,
    requireDeletionProtection: config.service.loadBalancer?.deletionProtection ?? false,
    allowedIngressCidrs: config.service.ingressCidrs,
  };
}

/** `<type>.<logicalId>` of every resource and data source, sorted: the contract a rename would break. */
export function addressesOf(json: SynthesizedStack): string[] {
  const addresses: string[] = [];
  for (const [kind, group] of [
    ['resource', json.resource],
    ['data', json.data],
  ] as const) {
    for (const [type, blocks] of Object.entries(group)) {
      for (const id of Object.keys(blocks)) addresses.push(`${kind === 'data' ? 'data.' : ''}${type}.${id}`);
    }
  }
  return addresses.sort();
}

/** Registers the environment's tests in the calling jest test file. */
export function describeEnvironment(stackName: string, input: IcelogConfigInput): void {
  const config = parseConfig(input);
  const stack = new IcelogStack(Testing.app(), stackName, input);
  const json = synthesizeWithMetadata(stack);

  describe(stackName, () => {
    test('every logical id is unchanged (a renamed construct replaces its Terraform resource)', () => {
      expect(addressesOf(json)).toMatchSnapshot();
    });

    test('passes the guardrail pack with the options the environment declares', () => {
      const report = expectNoFindings(json, guardrailOptionsFor(config));
      expect(report.passed).toBe(true);
    });

    test('keeps its state under its own key, encrypted and locked', () => {
      expect(json.terraform.backend.s3).toMatchObject({
        key: `icelog/${config.environment}/terraform.tfstate`,
        encrypt: true,
        use_lockfile: true,
      });
    });

    test('creates exactly the tables its routing can produce, and one delivery stream', () => {
      const tables = Object.values(json.resource.aws_glue_catalog_table).map((t) => t.name);
      expect(tables.sort()).toEqual(stack.routing.tables.map((t) => t.tableName).sort());
      expect(Object.keys(json.resource.aws_kinesis_firehose_delivery_stream)).toHaveLength(1);
    });
  });
}
