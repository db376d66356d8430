import { createHash } from 'node:crypto';

/**
 * Turns a plan (`terraform show -json`) into a Terraform state (format version 4) as if the plan had
 * been applied: every managed resource gets its planned values, and every value only known after
 * apply (ids, ARNs, generated names) gets a stable fake of the attribute's type, derived from the
 * resource address and attribute path, so the same plan always seeds the same state.
 */

/** A JSON value as Terraform prints it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type Json = Record<string, JsonValue | undefined>;

/** One resource of a version 4 state. */
export interface StateResource {
  readonly mode: 'managed';
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: readonly {
    readonly schema_version: number;
    readonly attributes: Json;
    readonly sensitive_attributes: readonly unknown[];
  }[];
}

/** A version 4 Terraform state. */
export interface TerraformState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, never>;
  readonly resources: readonly StateResource[];
}

interface BlockSchema {
  readonly attributes?: Record<string, { readonly type: unknown }>;
  readonly block_types?: Record<string, { readonly nesting_mode: string; readonly block: BlockSchema }>;
}

/** The parts of `terraform show -json <plan>` this module reads. */
export interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
}

/** One entry of a plan's `resource_changes`. */
export interface ResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
  };
}

/** Options of {@link stateFromPlan}. */
export interface SeedOptions {
  /** `terraform providers schema -json` of the provider. */
  readonly schema: unknown;
  /** Provider alias of each managed resource address (for the state's `provider` field). */
  readonly providerAlias: (address: string) => string;
  /** Account id used in fake ARNs. */
  readonly accountId: string;
  /** Region used in fake ARNs. */
  readonly region: string;
}

const PROVIDER_SOURCE = 'registry.terraform.io/hashicorp/aws';

/** A version 4 state holding every managed resource of `plan` as planned (see the module comment). */
export function stateFromPlan(plan: PlanJson, options: SeedOptions): TerraformState {
  const schemas = resourceSchemas(options.schema);
  const resources = (plan.resource_changes ?? [])
    .filter((rc) => rc.mode === 'managed' && rc.change.after != null)
    .map((rc): StateResource => {
      const schema = schemas[rc.type];
      if (!schema) throw new Error(`no provider schema for ${rc.type}`);
      const attributes = fill(rc.change.after, rc.change.after_unknown, schema.block, {
        address: rc.address,
        type: rc.type,
        path: '',
        options,
      });
      return {
        mode: 'managed',
        type: rc.type,
        name: rc.name,
        provider: `provider["${PROVIDER_SOURCE}"].${options.providerAlias(rc.address)}`,
        instances: [{ schema_version: schema.version ?? 0, attributes, sensitive_attributes: [] }],
      };
    });
  return {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '2a3f4b5c-0000-4000-8000-c4a17e5afe77',
    outputs: {},
    resources,
  };
}

interface Context {
  readonly address: string;
  readonly type: string;
  readonly path: string;
  readonly options: SeedOptions;
}

/** Resource schemas of the aws provider: type → `{ version, block }`. */
function resourceSchemas(schema: unknown): Record<string, { version?: number; block: BlockSchema }> {
  const providers = (schema as { provider_schemas?: Record<string, { resource_schemas?: unknown }> })
    ?.provider_schemas;
  const aws = providers?.[PROVIDER_SOURCE];
  if (!aws?.resource_schemas) throw new Error(`the provider schema has no ${PROVIDER_SOURCE}`);
  return aws.resource_schemas as Record<string, { version?: number; block: BlockSchema }>;
}

/** The value of a block: known values kept, unknown ones faked by schema type. */
function fill(value: unknown, unknown: unknown, block: BlockSchema, ctx: Context): Json {
  const known = (value ?? {}) as Record<string, unknown>;
  const unknowns = (unknown ?? {}) as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const at = { ...ctx, path: `${ctx.path}${name}` };
    result[name] = fillValue(known[name], unknowns[name], attribute.type, name, at);
  }
  for (const [name, blockType] of Object.entries(block.block_types ?? {})) {
    const at = { ...ctx, path: `${ctx.path}${name}.` };
    const nested = blockType.block;
    const single = blockType.nesting_mode === 'single' || blockType.nesting_mode === 'group';
    if (unknowns[name] === true) {
      result[name] = single ? null : [];
    } else if (single) {
      result[name] = known[name] == null ? null : fill(known[name], unknowns[name], nested, at);
    } else {
      const items: unknown[] = Array.isArray(known[name]) ? (known[name] as unknown[]) : [];
      const itemUnknowns: unknown[] = Array.isArray(unknowns[name]) ? (unknowns[name] as unknown[]) : [];
      result[name] = items.map((item, i) =>
        fill(item, itemUnknowns[i], nested, { ...at, path: `${at.path}${i}.` }),
      );
    }
  }
  return result as Json;
}

function fillValue(value: unknown, unknown: unknown, type: unknown, name: string, ctx: Context): unknown {
  if (unknown === true) return fake(type, name, ctx);
  if (value === undefined) return null;
  if (unknown && typeof unknown === 'object' && Array.isArray(type) && value !== null) {
    const [kind, inner] = type as [string, unknown];
    if ((kind === 'list' || kind === 'set') && Array.isArray(value)) {
      const u = unknown as unknown[];
      return value.map((v, i) => fillValue(v, u[i], inner, name, { ...ctx, path: `${ctx.path}.${i}` }));
    }
    if (kind === 'map' && typeof value === 'object') {
      const u = unknown as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          fillValue(v, u[k], inner, name, { ...ctx, path: `${ctx.path}.${k}` }),
        ]),
      );
    }
    if (kind === 'object' && typeof value === 'object') {
      const u = unknown as Record<string, unknown>;
      const fields = inner as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(fields).map((k) => [
          k,
          fillValue((value as Record<string, unknown>)[k], u[k], fields[k], k, {
            ...ctx,
            path: `${ctx.path}.${k}`,
          }),
        ]),
      );
    }
  }
  return value;
}

/** A stable fake of cty `type` for the attribute `name` at `ctx`. */
function fake(type: unknown, name: string, ctx: Context): unknown {
  if (type === 'number') return 1;
  if (type === 'bool') return false;
  if (Array.isArray(type)) {
    const [kind] = type as [string];
    if (kind === 'list' || kind === 'set') return [];
    if (kind === 'map' || kind === 'object') return kind === 'map' ? {} : null;
    return null;
  }
  const hash = createHash('sha256').update(`${ctx.address}#${ctx.path}`).digest('hex').slice(0, 16);
  if (name === 'arn' || name.endsWith('_arn')) {
    const service = ARN_SERVICE[ctx.type] ?? ctx.type.split('_')[1] ?? 'fake';
    return `arn:aws:${service}:${ctx.options.region}:${ctx.options.accountId}:fake/${hash}`;
  }
  return `fake-${hash}`;
}

/** ARN service of resource types whose name does not start with it. */
const ARN_SERVICE: Readonly<Record<string, string>> = {
  aws_cloudwatch_log_group: 'logs',
  aws_cloudwatch_log_stream: 'logs',
  aws_lb: 'elasticloadbalancing',
  aws_lb_listener: 'elasticloadbalancing',
  aws_lb_target_group: 'elasticloadbalancing',
  aws_kinesis_firehose_delivery_stream: 'firehose',
  aws_cloudwatch_metric_alarm: 'cloudwatch',
};
