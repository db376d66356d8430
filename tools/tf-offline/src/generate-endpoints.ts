import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProviderEndpoints, aliasesFromDiagnostics, endpointNamesFromSchema } from './endpoints';
import { FakeAwsServer } from './fake-aws/server';
import { findProviderMirror } from './mirror';
import { offlineStackConfig } from './offline-config';
import { terraformEnv } from './plan-offline';
import { cliConfig, findTerraform, runCommand } from './terraform';

/** Options of {@link generateEndpoints}. */
export interface GenerateEndpointsOptions {
  /**
   * hashicorp/aws version to read.
   * @default - the highest version in the mirror
   */
  readonly providerVersion?: string;
  /**
   * Provider mirror.
   * @default - found like {@link planOffline} finds it
   */
  readonly mirror?: string;
  /**
   * Terraform binary.
   * @default - the first `terraform` on `PATH`
   */
  readonly terraformBinary?: string;
  /**
   * Environment (PATH, ICELOG_TF_PLUGIN_MIRROR).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The provider's schema (`terraform providers schema -json` output, parsed) to read the names from,
   * e.g. from {@link TerraformWorkspace.providerSchema}'s cache; it must be the schema of
   * `providerVersion`.
   * @default - read from the provider with `terraform providers schema -json`
   */
  readonly schema?: unknown;
}

/**
 * Reads the endpoint names of hashicorp/aws from its schema (`terraform providers schema -json`, or
 * {@link GenerateEndpointsOptions.schema}), then
 * plans an empty stack with every name set and collects the provider's alias warnings. The result
 * feeds `aws-provider-endpoints.generated.ts` (see {@link renderEndpointsModule}).
 */
export async function generateEndpoints(options: GenerateEndpointsOptions = {}): Promise<ProviderEndpoints> {
  const env = options.env ?? process.env;
  const terraform = options.terraformBinary ?? findTerraform(env.PATH);
  if (!terraform) throw new Error('terraform not found on PATH');
  const lookup = findProviderMirror({ explicit: options.mirror, env });
  if (!lookup.found) throw new Error(lookup.reason);
  const providerVersion = options.providerVersion ?? lookup.mirror.awsVersions[0];
  const workDir = mkdtempSync(join(env.TMPDIR ?? tmpdir(), 'icelog-tf-endpoints-'));
  const fake = await FakeAwsServer.start();
  try {
    mkdirSync(join(workDir, 'home'));
    const cliConfigPath = join(workDir, 'terraform.rc');
    writeFileSync(cliConfigPath, cliConfig(lookup.mirror.path));
    const tfEnv = terraformEnv({ parentEnv: env, workDir, cliConfigPath, proxyUrl: fake.url });
    const stack = (names: readonly string[]) =>
      offlineStackConfig(
        {
          terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: providerVersion } } },
          provider: { aws: [{ region: 'us-east-1' }] },
          data: { aws_partition: { current: {} } },
        },
        { endpointUrl: fake.url, proxyUrl: fake.url, endpointNames: names },
      ).config;
    const write = (names: readonly string[]) =>
      writeFileSync(join(workDir, 'main.tf.json'), JSON.stringify(stack(names), null, 2));
    const step = async (args: string[]) => {
      const r = await runCommand(terraform, args, { cwd: workDir, env: tfEnv });
      if (r.exitCode !== 0)
        throw new Error(`terraform ${args[0]} failed (exit ${r.exitCode}):\n${r.stderr}${r.stdout}`);
      return r;
    };
    write([]);
    await step(['init', '-input=false', '-no-color']);
    const names = endpointNamesFromSchema(
      options.schema ?? JSON.parse((await step(['providers', 'schema', '-json'])).stdout),
    );
    write(names);
    const plan = await step(['plan', '-refresh=false', '-input=false', '-lock=false', '-json']);
    const details = plan.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type?: string; diagnostic?: { detail?: string } })
      .filter((m) => m.type === 'diagnostic')
      .map((m) => m.diagnostic?.detail ?? '');
    return { providerVersion, names, aliases: aliasesFromDiagnostics(details) };
  } finally {
    await fake.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
