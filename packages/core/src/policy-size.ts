import {
  DefaultTokenResolver,
  StringConcat,
  TerraformDataSource,
  TerraformResource,
  TerraformStack,
  Tokenization,
} from 'cdktf';
import { partitionOf } from './regions';

/**
 * The size IAM gives the inline policies of each role, computed from a stack's synthesized Terraform
 * JSON: every `aws_iam_role_policy` document is rendered the way `aws_iam_policy_document` renders it,
 * with each reference replaced by the value Terraform will put there (names are literals in icelog's
 * stacks; generated parts and account ids are counted at their maximum length).
 *
 * IAM quotas ("IAM and AWS STS quotas"): the inline policies of one role may total 10,240 characters,
 * not counting white space.
 */

/** The aggregate size limit of a role's inline policies, in characters without white space. */
export const IAM_ROLE_INLINE_POLICY_CHARS = 10240;

/** The rendered size of one role's inline policies. */
export interface RoleInlinePolicySize {
  /** Terraform address of the role, e.g. `aws_iam_role.Delivery_Role_ABC`. */
  readonly role: string;
  /** Total characters without white space. */
  readonly chars: number;
  /** Each inline policy's address, size and rendered JSON (references replaced). */
  readonly policies: readonly { readonly address: string; readonly chars: number; readonly json: string }[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const ACCOUNT = '123456789012';
/** Terraform appends 26 characters to a `name_prefix` / `bucket_prefix`. */
const GENERATED_SUFFIX = 'x'.repeat(26);
/** Count for a reference whose value this module does not model (none in icelog's stacks). */
const UNKNOWN_REFERENCE = 'x'.repeat(256);

/** Read access to the blocks of a synthesized stack. */
export interface TerraformBlocks {
  /** The blocks of one resource type (or data source type), by logical id. */
  all(kind: 'resource' | 'data', type: string): Record<string, Json>;
  /** One block, or `undefined`. */
  get(kind: 'resource' | 'data', type: string, id: string): Json | undefined;
}

/** {@link TerraformBlocks} over synthesized JSON (`cdk.tf.json`). */
export function blocksOfJson(json: Json): TerraformBlocks {
  return {
    all: (kind, type) => json[kind]?.[type] ?? {},
    get: (kind, type, id) => json[kind]?.[type]?.[id],
  };
}

/**
 * {@link TerraformBlocks} over a stack that is built but not synthesized: only the blocks that are asked
 * for are resolved (a policy check resolves the policies and what they reference, not the whole stack).
 */
export function blocksOfStack(stack: TerraformStack): TerraformBlocks {
  const elements = new Map<string, TerraformResource | TerraformDataSource>();
  for (const c of stack.node.findAll()) {
    if (c instanceof TerraformResource)
      elements.set(`resource.${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    if (c instanceof TerraformDataSource)
      elements.set(`data.${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
  }
  const cache = new Map<string, Json>();
  const resolver = new DefaultTokenResolver(new StringConcat());
  const get = (kind: 'resource' | 'data', type: string, id: string): Json | undefined => {
    const key = `${kind}.${type}.${id}`;
    const element = elements.get(key);
    if (element === undefined) return undefined;
    if (!cache.has(key))
      cache.set(key, Tokenization.resolve(element.toTerraform(), { scope: stack, resolver })[kind][type][id]);
    return cache.get(key);
  };
  return {
    get,
    all: (kind, type) => {
      const prefix = `${kind}.${type}.`;
      const ids = [...elements.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
      return Object.fromEntries(ids.map((id) => [id, get(kind, type, id)!]));
    },
  };
}

/**
 * Sizes of the inline policies of every role of a stack in `region`: give the synthesized JSON, or the
 * stack itself (see {@link blocksOfStack}).
 */
export function roleInlinePolicySizes(stack: Json | TerraformStack, region: string): RoleInlinePolicySize[] {
  const blocks = stack instanceof TerraformStack ? blocksOfStack(stack) : blocksOfJson(stack);
  const resolve = referenceResolver(blocks, region);
  const byRole = new Map<string, { address: string; chars: number; json: string }[]>();
  for (const [id, policy] of Object.entries<Json>(blocks.all('resource', 'aws_iam_role_policy'))) {
    const role =
      /^\$\{(aws_iam_role\.[\w-]+)\.(?:name|id)\}$/.exec(String(policy.role))?.[1] ?? String(policy.role);
    const text = renderPolicy(blocks, String(policy.policy));
    const json = resolve(text);
    const chars = json.replace(/\s/g, '').length;
    byRole.set(role, [...(byRole.get(role) ?? []), { address: `aws_iam_role_policy.${id}`, chars, json }]);
  }
  return [...byRole].map(([role, policies]) => ({
    role,
    chars: policies.reduce((sum, p) => sum + p.chars, 0),
    policies,
  }));
}

/** The JSON IAM stores for a `${data.aws_iam_policy_document.X.json}` reference (or a literal policy). */
function renderPolicy(blocks: TerraformBlocks, policy: string): string {
  const ref = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(policy);
  const doc = ref ? blocks.get('data', 'aws_iam_policy_document', ref[1]) : undefined;
  if (!doc) return policy;
  const one = (values: string[] | undefined) => (values && values.length === 1 ? values[0] : values);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: (doc.statement ?? []).map((s: Json) => ({
      Sid: s.sid,
      Effect: s.effect ?? 'Allow',
      Action: one(s.actions),
      Resource: one(s.resources),
      Principal: s.principals
        ? Object.fromEntries(s.principals.map((p: Json) => [p.type, one(p.identifiers)]))
        : undefined,
      Condition: s.condition
        ? s.condition.reduce((acc: Json, c: Json) => {
            acc[c.test] = { ...(acc[c.test] ?? {}), [c.variable]: one(c.values) };
            return acc;
          }, {})
        : undefined,
    })),
  });
}

/** Replaces every `${…}` reference in a string by the value Terraform will put there (or its maximum). */
function referenceResolver(blocks: TerraformBlocks, region: string): (text: string) => string {
  const partition = partitionOf(region) ?? { id: 'aws-us-gov', dnsSuffix: 'amazonaws.com.cn' };
  const arn = (service: string, resource: string, withRegion = true, withAccount = true) =>
    `arn:${partition.id}:${service}:${withRegion ? region : ''}:${withAccount ? ACCOUNT : ''}:${resource}`;

  const resolve = (text: string): string =>
    text.replace(/\$\{([^}]+)\}/g, (_, expression: string) => value(expression.trim()));

  const attribute = (config: Json, name: string, prefix?: string): string => {
    if (config[name] !== undefined) return resolve(String(config[name]));
    if (prefix && config[prefix] !== undefined) return resolve(String(config[prefix])) + GENERATED_SUFFIX;
    return UNKNOWN_REFERENCE;
  };

  const value = (expression: string): string => {
    const data = /^data\.(\w+)\.[\w-]+\.(\w+)$/.exec(expression);
    if (data) {
      const [, type, attr] = data;
      if (type === 'aws_partition') return attr === 'dns_suffix' ? partition.dnsSuffix : partition.id;
      if (type === 'aws_region') return region;
      if (type === 'aws_caller_identity') return ACCOUNT;
      return UNKNOWN_REFERENCE;
    }
    const ref = /^(\w+)\.([\w-]+)\.(\w+)$/.exec(expression);
    const config: Json | undefined = ref ? blocks.get('resource', ref[1], ref[2]) : undefined;
    if (!ref || config === undefined) return UNKNOWN_REFERENCE;
    const [, type, , attr] = ref;
    if (attr !== 'arn') {
      const field = { bucket: 'bucket', name: 'name', id: 'name' }[attr] ?? attr;
      return attribute(config, field, type === 'aws_s3_bucket' ? 'bucket_prefix' : 'name_prefix');
    }
    switch (type) {
      case 'aws_s3_bucket':
        return arn('s3', attribute(config, 'bucket', 'bucket_prefix'), false, false);
      case 'aws_s3_object':
        return arn('s3', `${attribute(config, 'bucket')}/${attribute(config, 'key')}`, false, false);
      case 'aws_glue_catalog_database':
        return arn('glue', `database/${attribute(config, 'name')}`);
      case 'aws_glue_catalog_table':
        return arn('glue', `table/${attribute(config, 'database_name')}/${attribute(config, 'name')}`);
      case 'aws_cloudwatch_log_group':
        return arn('logs', `log-group:${attribute(config, 'name', 'name_prefix')}`);
      case 'aws_cloudwatch_log_stream':
        return arn(
          'logs',
          `log-group:${attribute(config, 'log_group_name')}:log-stream:${attribute(config, 'name')}`,
        );
      case 'aws_kinesis_stream':
        return arn('kinesis', `stream/${attribute(config, 'name')}`);
      case 'aws_kinesis_firehose_delivery_stream':
        return arn('firehose', `deliverystream/${attribute(config, 'name')}`);
      case 'aws_kms_key':
        return arn('kms', `key/${'x'.repeat(36)}`);
      case 'aws_iam_role':
        return arn('iam', `role/${attribute(config, 'name', 'name_prefix')}`, false);
      case 'aws_athena_workgroup':
        return arn('athena', `workgroup/${attribute(config, 'name')}`);
      case 'aws_sns_topic':
        return arn('sns', attribute(config, 'name', 'name_prefix'));
      default:
        return UNKNOWN_REFERENCE;
    }
  };
  return resolve;
}
