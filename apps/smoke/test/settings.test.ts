import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { UsageError } from '../src/errors';
import { type SettingsInput, findWorkspaceRoot, loadSettings, synthPathForApp } from '../src/settings';
import { isTerraformExpression, readOutputsFile, readSynthesizedStack } from '../src/stack-files';
import { devStack, makeWorkspace } from './harness';

const FIXTURES = join(__dirname, 'fixtures');
const REQUIRED = ['database', 'workgroup', 'statuses'] as const;

/** A workspace whose apps/dev holds the static fixture cdk.tf.json, plus the outputs fixtures. */
function fixtureWorkspace(): string {
  const root = makeWorkspace('dev', {});
  copyFileSync(join(FIXTURES, 'icelog-dev.cdk.tf.json'), synthPathForApp(root, 'dev'));
  copyFileSync(join(FIXTURES, 'terraform-output.json'), join(root, 'terraform-output.json'));
  copyFileSync(join(FIXTURES, 'cdktf-outputs.json'), join(root, 'cdktf-outputs.json'));
  return root;
}

function load(root: string, input: Partial<SettingsInput> = {}) {
  return loadSettings({ root, cwd: root, flags: {}, required: [], ...input });
}

describe('settings from the synthesized stack (fixture cdk.tf.json)', () => {
  test('literal outputs are read; the defaults fill the rest', () => {
    const root = fixtureWorkspace();
    const settings = load(root, { app: 'dev', required: ['database', 'statuses'] });
    expect(settings).toMatchObject({
      region: 'eu-west-1',
      database: 'icelog_dev',
      tablePrefix: 'request_',
      statuses: [200, 301, 404, 500],
      fallbackTable: 'request_other',
      unparsedTable: 'request_unparsed',
      stackFile: synthPathForApp(root, 'dev'),
    });
    expect(settings.workgroup).toBeUndefined();
    expect(settings.endpointUrl).toBeUndefined();
    expect(settings.sources.database).toBe(
      'output "glue_database" in apps/dev/cdktf.out/stacks/icelog-dev/cdk.tf.json',
    );
    expect(settings.unresolved).toEqual({
      workgroup: '${aws_athena_workgroup.pipeline_catalog_workgroup_6B0D2A11.name}',
      endpointUrl: 'http://${aws_lb.pipeline_service_lb_5A1F2C3D.dns_name}',
      ecsClusterName: '${aws_ecs_cluster.pipeline_service_cluster_0B7E41A2.name}',
      ecsServiceName: '${aws_ecs_service.pipeline_service_nginx_C55D1E07.name}',
    });
  });

  test('a value that is only known after deploy asks for an outputs file', () => {
    const root = fixtureWorkspace();
    expect(() => load(root, { app: 'dev', required: REQUIRED })).toThrow(
      'Invalid settings:\n  - Missing workgroup: output "athena_workgroup" is only known after deploy (apps/dev/cdktf.out/stacks/icelog-dev/cdk.tf.json has "${aws_athena_workgroup.pipeline_catalog_workgroup_6B0D2A11.name}"); deploy with "npx nx run dev:deploy" (it writes apps/dev/cdktf.out/outputs.json, read automatically), or pass --outputs <file> (written by "cdktf deploy --outputs-file <file>" or "terraform output -json") or --workgroup',
    );
  });

  test('with --app, the outputs the deploy target wrote (apps/<app>/cdktf.out/outputs.json) are read automatically', () => {
    const root = fixtureWorkspace();
    copyFileSync(
      join(FIXTURES, 'cdktf-outputs.json'),
      join(root, 'apps', 'dev', 'cdktf.out', 'outputs.json'),
    );
    const settings = load(root, { app: 'dev', required: REQUIRED });
    expect(settings.workgroup).toBe('icelog_dev_wg');
    expect(settings.sources.workgroup).toBe('output "athena_workgroup" in apps/dev/cdktf.out/outputs.json');
    expect(settings.outputsFile).toBe(join(root, 'apps', 'dev', 'cdktf.out', 'outputs.json'));
    // An explicit --outputs replaces it.
    expect(load(root, { app: 'dev', outputsFile: 'terraform-output.json' }).outputsFile).toBe(
      join(root, 'terraform-output.json'),
    );
  });

  test('`terraform output -json` fills in the values known only after deploy', () => {
    const root = fixtureWorkspace();
    const settings = load(root, { app: 'dev', outputsFile: 'terraform-output.json', required: REQUIRED });
    expect(settings).toMatchObject({
      workgroup: 'icelog_dev_wg',
      endpointUrl: 'http://icelog-dev-1234567890.eu-west-1.elb.amazonaws.com',
      ecsClusterName: 'icelog-dev',
      ecsServiceName: 'nginx',
      database: 'icelog_dev',
      tablePrefix: 'request_',
    });
    expect(settings.sources.workgroup).toBe('output "athena_workgroup" in terraform-output.json');
    expect(settings.sources.tablePrefix).toBe(
      'output "table_prefix" in apps/dev/cdktf.out/stacks/icelog-dev/cdk.tf.json',
    );
    expect(settings.outputsFile).toBe(join(root, 'terraform-output.json'));
  });

  test('`cdktf deploy --outputs-file` output is read for the stack icelog-<app>', () => {
    const root = fixtureWorkspace();
    const settings = load(root, { app: 'dev', outputsFile: 'cdktf-outputs.json', required: REQUIRED });
    expect(settings).toMatchObject({
      workgroup: 'icelog_dev_wg',
      database: 'icelog_dev',
      statuses: [200, 301, 404, 500],
    });
    expect(() => load(root, { outputsFile: 'cdktf-outputs.json', required: REQUIRED })).toThrow(
      'The outputs file ' +
        join(root, 'cdktf-outputs.json') +
        ' has no outputs for stack "(unspecified)"; stacks in the file: "icelog-dev", "icelog-prod"',
    );
    expect(
      load(root, { outputsFile: 'cdktf-outputs.json', stack: 'icelog-prod', required: [] }).database,
    ).toBe('icelog_prod');
  });

  test('flags win over the outputs file and the synthesized stack', () => {
    const root = fixtureWorkspace();
    const settings = load(root, {
      app: 'dev',
      outputsFile: 'terraform-output.json',
      flags: { database: 'icelog_qa', statuses: '200,404', tablePrefix: 'req_', region: 'us-east-1' },
      required: REQUIRED,
    });
    expect(settings).toMatchObject({
      database: 'icelog_qa',
      statuses: [200, 404],
      tablePrefix: 'req_',
      region: 'us-east-1',
      fallbackTable: 'request_other',
    });
    expect(settings.sources).toMatchObject({
      database: '--database',
      statuses: '--statuses',
      region: '--region',
    });
  });

  test('the region falls back to the aws provider block', () => {
    const root = makeWorkspace('dev', devStack({ region: undefined }));
    const settings = load(root, { app: 'dev' });
    expect(settings.region).toBe('eu-west-1');
    expect(settings.sources.region).toBe(
      'provider "aws" in apps/dev/cdktf.out/stacks/icelog-dev/cdk.tf.json',
    );
  });

  test('a custom prefix moves the default fallback and unparsed tables with it', () => {
    const root = makeWorkspace(
      'dev',
      devStack({ fallback_table: undefined, unparsed_table: undefined, table_prefix: 'nginx_' }),
    );
    expect(load(root, { app: 'dev' })).toMatchObject({
      fallbackTable: 'nginx_other',
      unparsedTable: 'nginx_unparsed',
    });
  });
});

describe('invalid and missing settings (exit code 2)', () => {
  test('every problem is listed with the value received and where it came from', () => {
    const root = makeWorkspace(
      'dev',
      devStack({
        glue_database: 'Icelog-Dev',
        routed_statuses: [200, 200],
        region: 'Europe',
        athena_workgroup: 'wg',
      }),
    );
    let error: unknown;
    try {
      load(root, { app: 'dev', flags: { endpointUrl: 'ftp://example.com' }, required: REQUIRED });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    const stack = 'apps/dev/cdktf.out/stacks/icelog-dev/cdk.tf.json';
    expect((error as Error).message).toBe(
      [
        'Invalid settings:',
        `  - Invalid region (from output "region" in ${stack}): must be a known AWS region such as "eu-west-1" (the list is AWS_REGIONS in @icelog/core). Received: "Europe"`,
        `  - Invalid database (from output "glue_database" in ${stack}): must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires). Received: "Icelog-Dev"`,
        `  - Invalid statuses (from output "routed_statuses" in ${stack}): must not contain duplicates. Received: [200,200]`,
        '  - Invalid endpointUrl (from --endpoint): must be an http:// or https:// URL. Received: "ftp://example.com"',
      ].join('\n'),
    );
  });

  test.each([
    ['200,abc', 'must be a list of HTTP status codes, e.g. 200,404', '"200,abc"'],
    ['200,700', 'must hold integers from 100 to 599', '"200,700"'],
    ['', 'must be a list of HTTP status codes, e.g. 200,404', '""'],
  ])('--statuses %j is rejected', (statuses, rule, received) => {
    expect(() => load(tmpdir(), { flags: { statuses } })).toThrow(
      `Invalid settings:\n  - Invalid statuses (from --statuses): ${rule}. Received: ${received}`,
    );
  });

  test('a workgroup name outside Athena rules and a table prefix outside Glue rules', () => {
    expect(() => load(tmpdir(), { flags: { workgroup: 'my workgroup', tablePrefix: 'Req-' } })).toThrow(
      'Invalid settings:\n' +
        '  - Invalid workgroup (from --workgroup): must be 1–128 characters of [a-zA-Z0-9._-] (an Athena workgroup name). Received: "my workgroup"\n' +
        '  - Invalid tablePrefix (from --table-prefix): must be at most 252 characters of [a-z0-9_] (it prefixes a Glue table name). Received: "Req-"',
    );
  });

  test('with no source at all, each required setting names its flag', () => {
    expect(() => load(tmpdir(), { required: REQUIRED })).toThrow(
      'Invalid settings:\n' +
        '  - Missing database: no --app, --synth or --outputs given; pass --database\n' +
        '  - Missing workgroup: no --app, --synth or --outputs given; pass --workgroup\n' +
        '  - Missing statuses: no --app, --synth or --outputs given; pass --statuses',
    );
  });

  test('an output the stack does not declare', () => {
    const root = makeWorkspace('dev', devStack({ routed_statuses: undefined }));
    expect(() => load(root, { app: 'dev', required: ['statuses'] })).toThrow(
      'Invalid settings:\n  - Missing statuses: apps/dev/cdktf.out/stacks/icelog-dev/cdk.tf.json has no output "routed_statuses"; pass --statuses',
    );
  });

  test('--app must be a plain app name', () => {
    expect(() => load(tmpdir(), { app: '../../etc' })).toThrow(
      'Invalid --app: must be a lower-case app name such as dev or prod (^[a-z0-9][a-z0-9-]{0,62}$). Received: "../../etc"',
    );
  });

  test('a missing synthesized stack says how to synthesize it', () => {
    const root = makeWorkspace('dev', devStack());
    let error: UsageError | undefined;
    try {
      load(root, { app: 'prod' });
    } catch (e) {
      error = e as UsageError;
    }
    expect(error?.message).toBe(
      `Cannot read the synthesized stack ${synthPathForApp(root, 'prod')}: no such file`,
    );
    expect(error?.hint).toBe(
      'Synthesize the app first: "npx nx run prod:synth" (or "npx cdktf synth" in apps/prod), or pass --synth <cdk.tf.json>.',
    );
  });

  test('with --outputs, a missing synthesized stack is not needed', () => {
    const root = fixtureWorkspace();
    const settings = load(root, {
      app: 'prod',
      outputsFile: 'cdktf-outputs.json',
      stack: 'icelog-dev',
      required: REQUIRED,
    });
    expect(settings.database).toBe('icelog_dev');
    expect(settings.stackFile).toBeUndefined();
  });

  test('files that are not JSON, or not the expected shape', () => {
    const root = makeWorkspace('dev', devStack(), { 'broken.json': '{ "a": ', 'list.json': '[1]' });
    expect(() => load(root, { synthFile: 'broken.json' })).toThrow(
      /^The synthesized stack .*broken\.json is not valid JSON: /,
    );
    expect(() => load(root, { synthFile: 'list.json' })).toThrow(
      /^The synthesized stack .*list\.json is not a JSON object$/,
    );
    expect(() => load(root, { outputsFile: 'list.json' })).toThrow(
      /^The outputs file .*list\.json is not a JSON object$/,
    );
  });
});

describe('stack files', () => {
  test('isTerraformExpression finds ${…} anywhere in a value', () => {
    expect(isTerraformExpression('http://${aws_lb.x.dns_name}')).toBe(true);
    expect(isTerraformExpression(['a', { b: '${x.y}' }])).toBe(true);
    expect(isTerraformExpression([200, 404])).toBe(false);
    expect(isTerraformExpression('request_')).toBe(false);
  });

  test('a stack synthesized by the real cdktf: outputs, nested construct ids and the outputs-file mapping', () => {
    const root = mkdtempSync(join(tmpdir(), 'icelog-smoke-cdktf-'));
    writeFileSync(join(root, 'nx.json'), '{}');
    mkdirSync(join(root, 'apps', 'dev'), { recursive: true });
    const app = new App({ outdir: join(root, 'apps', 'dev', 'cdktf.out') });
    const stack = new TerraformStack(app, 'icelog-dev');
    new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
    const lb = new Lb(stack, 'lb', { name: 'icelog-dev', loadBalancerType: 'application' });
    new TerraformOutput(stack, 'glue_database', { value: 'icelog_dev' });
    new TerraformOutput(stack, 'athena_workgroup', { value: 'icelog_dev' });
    new TerraformOutput(stack, 'routed_statuses', { value: [200, 404] });
    const pipeline = new Construct(stack, 'pipeline');
    const endpoint = new TerraformOutput(pipeline, 'endpoint', { value: `http://${lb.dnsName}` });
    endpoint.overrideLogicalId('endpoint_url');
    app.synth();

    const synthesized = readSynthesizedStack(synthPathForApp(root, 'dev'));
    expect(synthesized.stackName).toBe('icelog-dev');
    expect(synthesized.providerRegion).toBe('eu-central-1');
    expect(synthesized.outputs).toEqual({
      glue_database: 'icelog_dev',
      athena_workgroup: 'icelog_dev',
      routed_statuses: [200, 404],
      endpoint_url: 'http://${aws_lb.lb.dns_name}',
    });
    expect(synthesized.outputIds).toEqual({
      athena_workgroup: 'athena_workgroup',
      glue_database: 'glue_database',
      routed_statuses: 'routed_statuses',
      pipeline: { endpoint: 'endpoint_url' },
    });

    // `cdktf deploy --outputs-file` keys values by construct id: pipeline.endpoint, not endpoint_url.
    writeFileSync(
      join(root, 'outputs.json'),
      JSON.stringify({
        'icelog-dev': { glue_database: 'icelog_dev', pipeline: { endpoint: 'http://lb.example' } },
      }),
    );
    const settings = loadSettings({
      app: 'dev',
      root,
      cwd: root,
      outputsFile: 'outputs.json',
      flags: {},
      required: [...REQUIRED, 'endpointUrl'],
    });
    expect(settings).toMatchObject({
      region: 'eu-central-1',
      database: 'icelog_dev',
      workgroup: 'icelog_dev',
      statuses: [200, 404],
      endpointUrl: 'http://lb.example',
    });
    expect(settings.sources.endpointUrl).toBe('output "endpoint_url" in outputs.json');
    expect(readOutputsFile(join(root, 'outputs.json'), 'icelog-dev').values).toEqual({
      glue_database: 'icelog_dev',
      pipeline: { endpoint: 'http://lb.example' },
    });
  });

  test('the terraform format is recognised by its value/type entries', () => {
    const file = readOutputsFile(join(FIXTURES, 'terraform-output.json'));
    expect(file.format).toBe('terraform output -json');
    expect(file.values.routed_statuses).toEqual([200, 301, 404, 500]);
    const cdktf = readOutputsFile(join(FIXTURES, 'cdktf-outputs.json'), 'icelog-dev');
    expect(cdktf.format).toBe('cdktf --outputs-file');
    expect(JSON.parse(readFileSync(join(FIXTURES, 'cdktf-outputs.json'), 'utf8'))['icelog-dev']).toEqual(
      cdktf.values,
    );
  });

  test('findWorkspaceRoot walks up to nx.json', () => {
    const root = makeWorkspace('dev', devStack());
    const deep = join(root, 'apps', 'dev', 'src');
    mkdirSync(deep, { recursive: true });
    expect(findWorkspaceRoot(deep)).toBe(root);
  });
});
