import { Testing } from 'cdktf';
import { DATA_BEARING_TYPES } from '@icelog/plan-review';
import { IcelogConfigInput, IcelogStack, parseConfig } from '@icelog/pipeline';
import {
  AWS_PROVIDER_ENDPOINTS,
  TerraformWorkspace,
  offlineStackConfig,
  primaryEndpointNames,
  runCommand,
} from '@icelog/tf-offline';
import { RoutineChange } from './routine-changes';
import { PlanJson, ResourceChange, TerraformState, stateFromPlan } from './seed-state';
import { mergeStacks } from './stack-merge';

/** Options of {@link runChangeSafety}. */
export interface ChangeSafetyOptions {
  /** Stack name, e.g. `icelog-dev`. */
  readonly stackName: string;
  /** The environment's configuration: the deployed state is seeded from it. */
  readonly config: IcelogConfigInput;
  /** The changes to plan, each against the seeded state. */
  readonly changes: readonly RoutineChange[];
  /** A Terraform workspace (one init, shared provider). */
  readonly workspace: TerraformWorkspace;
  /**
   * Most plans of the unchanged stack used to reach a state it plans no change against.
   * @default 4
   */
  readonly maxSeedRounds?: number;
}

/** A resource the plan would change. */
export interface PlannedChange {
  /** Address in the environment's own stack (without the merge prefix). */
  readonly address: string;
  readonly type: string;
  /** Terraform's actions: `create`, `update`, `delete`, or `delete`+`create` for a replacement. */
  readonly actions: readonly string[];
  /** True when a data-bearing resource would be deleted or replaced. */
  readonly losesData: boolean;
}

/** The plan of one change. */
export interface CaseResult {
  readonly id: string;
  readonly description: string;
  /** Every resource with an action other than no-op, sorted by address. */
  readonly changes: readonly PlannedChange[];
  /** The data-bearing deletions and replacements among them. */
  readonly dataLoss: readonly PlannedChange[];
}

/** What {@link runChangeSafety} found. */
export interface ChangeSafetyReport {
  readonly stackName: string;
  /** Plans of the unchanged stack it took to seed a state that plans no changes. */
  readonly seedRounds: number;
  /** The unchanged stack planned against the seeded state (expected: no changes). */
  readonly baseline: CaseResult;
  readonly cases: readonly CaseResult[];
  /** Wall time of each Terraform command, in ms, in order. */
  readonly commandMs: readonly number[];
}

const BASE = 'base';
const DATA_BEARING = new Set(Object.keys(DATA_BEARING_TYPES));

/**
 * Seeds a state from the plan of `config` (planned values, unknowns faked; planned again until the
 * unchanged stack plans no changes), then plans every change in `changes` against that state — all
 * variants merged into one configuration, so the whole matrix costs one `terraform plan` and one
 * `terraform show`.
 */
export async function runChangeSafety(options: ChangeSafetyOptions): Promise<ChangeSafetyReport> {
  const ws = options.workspace;
  const config = parseConfig(options.config);
  const commandMs: number[] = [];
  const schemaRead = ws.providerSchema();
  const synth = (input: IcelogConfigInput) =>
    JSON.parse(Testing.synth(new IcelogStack(Testing.app(), options.stackName, input)));
  const offline = (stack: Record<string, unknown>) => {
    const { config: tf } = offlineStackConfig(stack, {
      endpointUrl: ws.fake.url,
      proxyUrl: ws.fake.url,
      endpointNames: primaryEndpointNames(AWS_PROVIDER_ENDPOINTS),
    });
    // The workspace was initialized without a backend: keep the implied local one (terraform.tfstate).
    delete (tf.terraform as Record<string, unknown>).backend;
    return tf;
  };
  const planJson = async (tfConfig: Record<string, unknown>, state?: unknown): Promise<PlanJson> => {
    const planned = await ws.plan(tfConfig, { state, args: ['-out=plan.tfplan'] });
    commandMs.push(planned.durationMs);
    if (planned.exitCode !== 0) {
      throw new Error(
        `terraform plan failed (exit ${planned.exitCode}):\n${planned.stderr}${planned.stdout.slice(-4000)}`,
      );
    }
    const shown = await runCommand(ws.terraform, ['show', '-json', '-no-color', 'plan.tfplan'], {
      cwd: planned.dir,
      env: ws.env,
    });
    commandMs.push(shown.durationMs);
    if (shown.exitCode !== 0) throw new Error(`terraform show failed:\n${shown.stderr}`);
    return JSON.parse(shown.stdout) as PlanJson;
  };

  // 1. Seed: the unchanged stack, planned until its own plan is empty.
  const base = mergeStacks([{ prefix: BASE, stack: synth(options.config) }]);
  const baseConfig = offline(base.config);
  const schema = await schemaRead;
  const seed = (plan: PlanJson) =>
    stateFromPlan(plan, {
      schema,
      providerAlias: (address) => base.aliasOf[prefixOf(address)],
      accountId: '123456789012',
      region: config.region,
    });
  let state = seed(await planJson(baseConfig));
  let seedRounds = 1;
  for (; seedRounds < (options.maxSeedRounds ?? 4); seedRounds++) {
    const plan = await planJson(baseConfig, state);
    if (managedChanges(plan).every((rc) => isNoOp(rc))) break;
    state = seed(plan);
  }

  // 2. The matrix: every change (and the unchanged stack as the baseline) against the seeded state.
  const variants = [
    { id: BASE, description: 'the unchanged configuration', apply: (c: IcelogConfigInput) => c },
    ...options.changes,
  ];
  const merged = mergeStacks(variants.map((v) => ({ prefix: v.id, stack: synth(v.apply(options.config)) })));
  const matrixState = cloneState(
    state,
    variants.map((v) => v.id),
    merged.aliasOf,
  );
  const plan = await planJson(offline(merged.config), matrixState);
  const results = variants.map((v) => caseResult(v, managedChanges(plan)));
  return {
    stackName: options.stackName,
    seedRounds,
    baseline: results[0],
    cases: results.slice(1),
    commandMs,
  };
}

function prefixOf(address: string): string {
  return address.slice(address.indexOf('.') + 1).split('__')[0];
}

function managedChanges(plan: PlanJson): ResourceChange[] {
  return (plan.resource_changes ?? []).filter((rc) => rc.mode === 'managed');
}

function isNoOp(rc: ResourceChange): boolean {
  return rc.change.actions.length === 1 && rc.change.actions[0] === 'no-op';
}

/** The base state's resources copied under every variant prefix, each with its variant's provider. */
function cloneState(
  state: TerraformState,
  prefixes: readonly string[],
  aliasOf: Readonly<Record<string, string>>,
): TerraformState {
  const resources = prefixes.flatMap((prefix) =>
    state.resources.map((r) => ({
      ...r,
      name: `${prefix}__${String(r.name).slice(`${BASE}__`.length)}`,
      provider: String(r.provider).replace(/\.[^.]+$/, `.${aliasOf[prefix]}`),
    })),
  );
  return { ...state, resources };
}

function caseResult(variant: RoutineChange, all: readonly ResourceChange[]): CaseResult {
  const marker = `.${variant.id}__`;
  const changes = all
    .filter((rc) => rc.address.includes(marker) && !isNoOp(rc))
    .map((rc) => ({
      address: rc.address.replace(marker, '.'),
      type: rc.type,
      actions: [...rc.change.actions],
      losesData: DATA_BEARING.has(rc.type) && rc.change.actions.includes('delete'),
    }))
    .sort((a, b) => a.address.localeCompare(b.address));
  return {
    id: variant.id,
    description: variant.description,
    changes,
    dataLoss: changes.filter((c) => c.losesData),
  };
}

/** One line per change: `id: N create, N update, N replace, N delete`, then each data-loss address. */
export function formatReport(report: ChangeSafetyReport): string {
  const line = (r: CaseResult) => {
    const count = (pred: (a: readonly string[]) => boolean) =>
      r.changes.filter((c) => pred(c.actions)).length;
    const replace = count((a) => a.includes('delete') && a.includes('create'));
    const created = count((a) => a.length === 1 && a[0] === 'create');
    const updated = count((a) => a.length === 1 && a[0] === 'update');
    const deleted = count((a) => a.length === 1 && a[0] === 'delete');
    const details = r.changes.map(
      (c) => `    ${c.actions.join('+')} ${c.address}${c.losesData ? '  <-- DATA LOSS' : ''}`,
    );
    return [
      `${r.id} (${r.description}): ${created} create, ${updated} update, ${replace} replace, ${deleted} delete`,
      ...details,
    ].join('\n');
  };
  const seconds = (report.commandMs.reduce((a, b) => a + b, 0) / 1000).toFixed(1);
  const each = report.commandMs.map((ms) => (ms / 1000).toFixed(1)).join(', ');
  return [
    `${report.stackName}: state seeded in ${report.seedRounds} plan(s); terraform commands ${seconds} s in all (plan, show, …: ${each})`,
    line(report.baseline),
    ...report.cases.map(line),
  ].join('\n');
}
