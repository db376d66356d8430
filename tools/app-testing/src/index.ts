import { Testing } from 'cdktf';
import { SynthesizedStack, synthesizeWithMetadata } from '@icelog/core/testing';
import { GuardrailOptions, expectNoFindings } from '@icelog/guardrails';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  IcelogConfig,
  IcelogConfigInput,
  IcelogStack,
  parseConfig,
  validateStateKey,
} from '@icelog/pipeline';

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
    requireAlarmActions: config.monitoring.enabled && config.monitoring.requireNotifications,
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

    test('no two apps of the workspace can share a state', () => {
      const apps = workspaceEnvironments();
      expect(apps.map((app) => app.environment)).toContain(config.environment);
      // Environments are distinct, and each key sits in a folder named after its environment (enforced
      // at synth by the state backend), so no two apps can name the same state object.
      expect(new Set(apps.map((app) => app.environment)).size).toBe(apps.length);
      for (const app of apps)
        expect(() => validateStateKey('state.key', app.key, app.environment)).not.toThrow();
      expect(new Set(apps.map((app) => `${app.bucket}/${app.key}`)).size).toBe(apps.length);
      // And pointing this app at another app's state is refused at synth.
      for (const other of apps.filter((app) => app.environment !== config.environment)) {
        expect(() => validateStateKey('state.key', other.key, config.environment)).toThrow(
          /named after the environment/,
        );
      }
    });

    test('creates exactly the tables its routing can produce, and one delivery stream', () => {
      const tables = Object.values(json.resource.aws_glue_catalog_table).map((t) => t.name);
      expect(tables.sort()).toEqual(stack.routing.tables.map((t) => t.tableName).sort());
      expect(Object.keys(json.resource.aws_kinesis_firehose_delivery_stream)).toHaveLength(1);
    });
  });
}

/**
 * The environment of every app in the workspace (each `apps/<app>/src/config.ts` exporting an icelog
 * configuration), with the state bucket and key it would synthesize.
 */
export function workspaceEnvironments(): { app: string; environment: string; bucket: string; key: string }[] {
  let root = process.cwd();
  while (!existsSync(join(root, 'apps')) || !existsSync(join(root, 'nx.json'))) {
    if (dirname(root) === root) throw new Error(`no workspace root above ${process.cwd()}`);
    root = dirname(root);
  }
  const found: { app: string; environment: string; bucket: string; key: string }[] = [];
  for (const app of readdirSync(join(root, 'apps'))) {
    const file = join(root, 'apps', app, 'src', 'config.ts');
    if (!existsSync(file)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const value of Object.values(require(file) as Record<string, unknown>)) {
      const candidate = value as Partial<IcelogConfigInput> | undefined;
      if (typeof candidate?.environment !== 'string' || candidate.state === undefined) continue;
      const config = parseConfig(candidate as IcelogConfigInput);
      const key = config.state.key ?? `icelog/${config.environment}/terraform.tfstate`;
      found.push({ app, environment: config.environment, bucket: config.state.bucket, key });
    }
  }
  return found;
}
