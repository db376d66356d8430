import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attributePath, readPlanFile, summarizePlan, TerraformPlan } from '@icelog/plan-review';
import {
  AWS_PROVIDER_ENDPOINTS,
  generateEndpoints,
  offlineStackConfig,
  planOffline,
  PlannedResult,
  PlanOfflineResult,
  primaryEndpointNames,
  ProviderEndpoints,
  TerraformWorkspace,
  ValidateReport,
} from '../src';
import { FORCE_NEW_CASES, FORCE_NEW_TABLE, forceNewResources } from './support/force-new-cases';

/**
 * Everything in tf-offline that needs the real terraform binary and the real hashicorp/aws 5.100.0
 * provider from the machine's mirror. Each Terraform command costs seconds of CPU (the provider loads
 * a 13 MB schema and validates the 255-entry endpoints block), so the file runs as few commands as
 * prove the behaviour, all started at once so they share the CPUs:
 *
 * 1. one `planOffline` (init, validate, plan, show) of the small cdktf fixture with, added to it,
 *    plan-review's force-new cases (seeded in a state file) and a `check` block that reads an IAM role:
 *    Terraform reports a failed read in a check block as a warning and plans on, so the same plan
 *    shows the fake's "not implemented" answer reaching Terraform through the real provider (how
 *    planOffline reports a failing step is tested with a stub terraform in plan-offline.test.ts);
 * 2. the endpoint list: `generateEndpoints` against the provider (init, plan; the schema comes from
 *    the shared cache, read once per machine) and one `terraform validate` that rejects an unknown
 *    endpoint name in the configuration of run 1.
 *
 * Without terraform or the mirror these tests fail with the reason; they never skip.
 */

jest.setTimeout(600_000);

const fixture = join(__dirname, 'fixtures', 'small-stack');
const scratch = mkdtempSync(join(tmpdir(), 'tf-offline-e2e-'));
const cases = forceNewResources();
const replacements = FORCE_NEW_TABLE.length;
const inPlace = 0;

function stackDir(name: string, json: unknown): string {
  const dir = join(scratch, name, 'cdktf.out', 'stacks', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  return dir;
}

/** Address of the data source of the `check` block that needs a read the fake does not answer. */
const UNANSWERED_READ = 'data.aws_iam_role.existing';

/** The small fixture plus every force-new case, and a check block reading an IAM role. */
function fixtureWithForceNewCasesAndCheck(): any {
  const stack = JSON.parse(readFileSync(join(fixture, 'cdk.tf.json'), 'utf8'));
  for (const [type, byName] of Object.entries(cases.resource)) {
    stack.resource[type] = { ...stack.resource[type], ...byName };
  }
  stack.check = {
    existing_role: {
      data: { aws_iam_role: { existing: { name: 'some-existing-role' } } },
      assert: [
        { condition: '${data.aws_iam_role.existing.arn != ""}', error_message: 'the role must exist' },
      ],
    },
  };
  return stack;
}

function expectPlanned(result: PlanOfflineResult): asserts result is PlannedResult {
  if (result.status !== 'planned') {
    throw new Error(
      `expected a plan, got ${result.status}: ${JSON.stringify(result, null, 2).slice(0, 4000)}`,
    );
  }
}

/** Starts `run` now; the returned function awaits it (rethrowing its error) whenever a test needs it. */
function start<T>(run: () => Promise<T>): () => Promise<T> {
  const settled = run().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return async () => {
    const s = await settled;
    if (!s.ok) throw s.error;
    return s.value;
  };
}

const combinedStack = fixtureWithForceNewCasesAndCheck();
const combinedDir = stackDir('combined', combinedStack);
let workspace: TerraformWorkspace | undefined;
let keptWorkDir: string | undefined;

let combinedRun: () => Promise<PlanOfflineResult>;
let generatedRun: () => Promise<ProviderEndpoints>;
let unknownEndpointRun: () => Promise<ValidateReport>;

beforeAll(() => {
  combinedRun = start(() => {
    const statePath = join(scratch, 'seeded.tfstate');
    writeFileSync(
      statePath,
      JSON.stringify({
        version: 4,
        terraform_version: '1.11.4',
        serial: 1,
        lineage: '6c0b1b9e-4b1e-4c43-9a1e-0e1ce10f0ff1',
        outputs: {},
        resources: cases.stateResources,
      }),
    );
    return planOffline({
      stackDir: combinedDir,
      statePath,
      outDir: join(scratch, 'combined-out'),
      keepWorkDir: true,
    });
  });
  const ws = start(async () => (workspace = await TerraformWorkspace.create()));
  generatedRun = start(async () =>
    generateEndpoints({
      providerVersion: AWS_PROVIDER_ENDPOINTS.providerVersion,
      schema: await (await ws()).providerSchema(),
    }),
  );
  unknownEndpointRun = start(async () => {
    const w = await ws();
    const names = [...primaryEndpointNames(AWS_PROVIDER_ENDPOINTS), 'icelogfakeservice'];
    const config = offlineStackConfig(combinedStack, {
      endpointUrl: w.fake.url,
      proxyUrl: w.fake.url,
      endpointNames: names,
    }).config;
    return w.validate(config);
  });
});

afterAll(async () => {
  await workspace?.dispose();
  if (keptWorkDir) rmSync(keptWorkDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('planOffline on the small cdktf stack, force-new cases alongside (real terraform)', () => {
  let result: PlannedResult;
  let plan: TerraformPlan;
  const caseAddresses = new Set(
    Object.entries(FORCE_NEW_CASES).flatMap(([type, byPath]) =>
      Object.keys(byPath).map((path) => cases.addressOf(type, path)),
    ),
  );

  beforeAll(async () => {
    const r = await combinedRun();
    if (r.status !== 'skipped') keptWorkDir = r.workDir;
    expectPlanned(r);
    result = r;
    plan = readPlanFile(result.planJsonPath);
  });

  it('plans the managed resources as creations and defers the policy document that needs their ARNs', () => {
    const fixtureChanges = plan.resource_changes!.filter(
      (rc) => !caseAddresses.has(rc.address) && rc.address !== UNANSWERED_READ,
    );
    expect(fixtureChanges.map((rc) => [rc.address, rc.change.actions.join('+')])).toEqual([
      ['data.aws_iam_policy_document.Logs_ReadPolicy_9A1B2C3D', 'read'],
      ['aws_s3_bucket.Logs_Bucket_4F2A9C1E', 'create'],
      ['aws_s3_bucket_policy.Logs_BucketPolicy_6A7B8C9D', 'create'],
      ['aws_security_group.Network_ServiceSg_3C4D5E6F', 'create'],
    ]);
    expect(plan.resource_changes!.filter((rc) => caseAddresses.has(rc.address))).toHaveLength(
      FORCE_NEW_TABLE.length,
    );
    expect(result.counts).toEqual({
      create: 3,
      update: inPlace,
      replace: replacements,
      delete: 0,
      read: 2,
      'no-op': 0,
      forget: 0,
      'replace-forget': 0,
      unknown: 0,
    });
  });

  it('reads the STS answer of the fake through the real provider (aws_caller_identity)', () => {
    const json = JSON.parse(readFileSync(result.planJsonPath, 'utf8'));
    expect(json.planned_values.outputs.account_id.value).toBe('123456789012');
    const bucket = json.resource_changes.find(
      (rc: any) => rc.address === 'aws_s3_bucket.Logs_Bucket_4F2A9C1E',
    );
    expect(bucket.change.after.bucket).toBe('small-stack-logs-123456789012');
    expect(bucket.change.after.tags_all).toEqual({ app: 'icelog', env: 'test' });
  });

  it('resolves the default VPC lookup against the fake: one VPC, two subnets', () => {
    const json = JSON.parse(readFileSync(result.planJsonPath, 'utf8'));
    expect(json.planned_values.outputs.subnet_ids.value).toEqual([
      'subnet-0ce10f0ff11ne00a1',
      'subnet-0ce10f0ff11ne00b2',
    ]);
    const sg = json.resource_changes.find((rc: any) => rc.type === 'aws_security_group');
    expect(sg.change.after.vpc_id).toBe('vpc-0ce10f0ff11ne0001');
  });

  it('records the AWS calls planning made, all answered, and no attempt to leave the machine', () => {
    const calls = result.awsCalls.map((c) => `${c.service} ${c.action}`);
    expect(calls).toEqual(
      expect.arrayContaining(['sts GetCallerIdentity', 'ec2 DescribeVpcs', 'ec2 DescribeSubnets']),
    );
    // Unanswered, and only these: the check block's IAM read (below), and the account's shard limit,
    // which the provider asks for while planning the aws_kinesis_stream force-new case and plans on
    // without. Every call of the fixture was answered.
    expect(new Set(result.unsupportedCalls.map((c) => `${c.service} ${c.action}`))).toEqual(
      new Set(['iam GetRole', 'kinesis DescribeLimits']),
    );
    expect(result.blockedConnections).toEqual([]);
    expect(result.awsCalls.every((c) => c.region === 'eu-west-1')).toBe(true);
  });

  it('writes plan.json, plan.txt and report.json, and reports versions and timings', () => {
    expect(readFileSync(result.planTextPath, 'utf8')).toContain(
      `Plan: ${3 + replacements} to add, ${inPlace} to change, ${replacements} to destroy.`,
    );
    const report = JSON.parse(readFileSync(result.reportPath, 'utf8'));
    expect(report.status).toBe('planned');
    expect(report.counts).toEqual(result.counts);
    expect(result.terraformVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(result.providerVersion).toBe(AWS_PROVIDER_ENDPOINTS.providerVersion);
    expect(result.phases.map((p) => p.phase)).toEqual(['init', 'validate', 'plan', 'show']);
    expect(result.wallTimeMs).toBeGreaterThanOrEqual(result.phases.reduce((n, p) => n + p.durationMs, 0));
    expect(result.notes).toEqual(['backend "s3" replaced by a local backend']);
  });

  it('plans in its own working directory: the stack directory stays as it was, keepWorkDir keeps it', () => {
    expect(readdirSync(combinedDir)).toEqual(['cdk.tf.json']);
    expect(existsSync(join(fixture, '.terraform'))).toBe(false);
    expect(result.workDir).toBeDefined();
    expect(existsSync(join(result.workDir!, 'plan.tfplan'))).toBe(true);
  });
});

describe('force-new table against hashicorp/aws (real terraform plan with a seeded state)', () => {
  let changes: Map<string, any>;
  let plan: TerraformPlan;

  beforeAll(async () => {
    const r = await combinedRun();
    expectPlanned(r);
    plan = readPlanFile(r.planJsonPath);
    changes = new Map(plan.resource_changes!.map((rc) => [rc.address, rc]));
  });

  it('has a case for every entry of the force-new table', () => {
    const caseKeys = Object.entries(FORCE_NEW_CASES).flatMap(([type, byPath]) =>
      Object.keys(byPath).map((p) => `${type} ${p}`),
    );
    expect(caseKeys.sort()).toEqual(FORCE_NEW_TABLE.map(([type, path]) => `${type} ${path}`).sort());
  });

  it.each(FORCE_NEW_TABLE.map(([type, path]) => [type, path] as const))('%s %s', (type, path) => {
    const rc = changes.get(cases.addressOf(type, path));
    expect(rc.change.actions).toEqual(['delete', 'create']);
    const forced = (rc.change.replace_paths as (string | number)[][]).map(attributePath);
    expect(forced.some((p) => p === path || p.startsWith(`${path}.`))).toBe(true);
  });

  it('plan-review raises a danger for every replacement in the real plan, naming the forcing attribute', () => {
    const summary = summarizePlan(plan, { label: 'seeded' });
    for (const [type, path] of FORCE_NEW_TABLE) {
      const address = cases.addressOf(type, path);
      const danger = summary.warnings.find((w) => w.address === address);
      expect(danger).toMatchObject({ severity: 'danger', kind: 'replace', type });
      expect(danger!.attributes!.some((a) => a === path || a.startsWith(`${path}.`))).toBe(true);
    }
  });
});

describe('an AWS read the fake does not implement (real terraform)', () => {
  let result: PlannedResult;
  beforeAll(async () => {
    const r = await combinedRun();
    expectPlanned(r);
    result = r;
  });

  it('reaches Terraform through the real provider as an error naming the call, and is listed', () => {
    expect(result.unsupportedCalls.filter((c) => c.service === 'iam')).toEqual([
      { service: 'iam', action: 'GetRole', region: 'eu-west-1', protocol: 'query', answered: false },
    ]);
    const json = JSON.parse(readFileSync(result.planJsonPath, 'utf8'));
    const problems = json.checks.flatMap((c: any) =>
      c.instances.flatMap((i: any) => i.problems.map((p: any) => p.message)),
    );
    expect(problems).toEqual([
      expect.stringContaining(
        'api error IcelogOfflineNotImplemented: icelog-tf-offline fake AWS does not implement iam GetRole',
      ),
    ]);
    expect(readFileSync(result.planTextPath, 'utf8')).toContain(
      'Warning: reading IAM Role (some-existing-role): operation error IAM: GetRole',
    );
    expect(result.blockedConnections).toEqual([]);
  });
});

describe('the endpoint list against hashicorp/aws (real terraform)', () => {
  it('matches the endpoint names and aliases of the mirrored hashicorp/aws 5.100.0', async () => {
    const live = await generatedRun();
    expect(live.providerVersion).toBe(AWS_PROVIDER_ENDPOINTS.providerVersion);
    expect(live.names).toEqual(AWS_PROVIDER_ENDPOINTS.names);
    expect(live.aliases).toEqual(AWS_PROVIDER_ENDPOINTS.aliases);
  });

  it('terraform validate rejects an endpoint name the provider does not have (so the list must be exact)', async () => {
    // The control: the same configuration with the generated names passed `terraform validate`
    // inside planOffline (the validate phase of the plan above).
    const planned = await combinedRun();
    expectPlanned(planned);
    expect(planned.phases.map((p) => p.phase)).toContain('validate');
    const bad = await unknownEndpointRun();
    expect(bad.valid).toBe(false);
    expect(bad.diagnostics.map((d) => [d.severity, d.summary, d.detail, d.snippet?.context])).toEqual([
      [
        'error',
        'Extraneous JSON object property',
        'No argument or block type is named "icelogfakeservice".',
        'provider.aws[0].endpoints[0]',
      ],
    ]);
  });
});
