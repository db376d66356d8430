/**
 * Puts several synthesized stacks into one Terraform configuration, so that one `terraform plan`
 * (one provider start, one schema load) covers a whole matrix of variants. Each stack's resources,
 * data sources and outputs get the stack's prefix (`<prefix>__<logical id>`), every reference inside
 * the stack is rewritten to the prefixed address, and every resource and data source names the
 * provider configuration of its stack (an alias per distinct `provider.aws` block).
 */

type Json = Record<string, unknown>;

/** One stack to merge. */
export interface MergeInput {
  /** Prefix of the stack's addresses: `^[a-z][a-z0-9_]*$`, unique among the inputs. */
  readonly prefix: string;
  /** The synthesized `cdk.tf.json`. */
  readonly stack: Json;
}

/** The merged configuration and where each stack went. */
export interface MergedStacks {
  /** Terraform JSON: the first stack's `terraform` block, one `provider.aws` entry per alias. */
  readonly config: Json;
  /** Provider alias of each prefix. */
  readonly aliasOf: Readonly<Record<string, string>>;
}

const PREFIX = /^[a-z][a-z0-9_]*$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Address of a logical id of `prefix`. */
export function prefixedName(prefix: string, name: string): string {
  return `${prefix}__${name}`;
}

/** Merges `inputs` into one configuration (see the module comment). */
export function mergeStacks(inputs: readonly MergeInput[]): MergedStacks {
  if (inputs.length === 0) throw new Error('mergeStacks needs at least one stack');
  const seen = new Set<string>();
  for (const { prefix } of inputs) {
    if (!PREFIX.test(prefix) || seen.has(prefix)) {
      throw new Error(`prefix ${JSON.stringify(prefix)} must match ${PREFIX} and be unique`);
    }
    seen.add(prefix);
  }
  const providers: Json[] = [];
  const providerKeys: string[] = [];
  const aliasOf: Record<string, string> = {};
  const resource: Record<string, Json> = {};
  const data: Record<string, Json> = {};
  const output: Json = {};

  for (const { prefix, stack } of inputs) {
    const provider = providerBlock(stack);
    const key = JSON.stringify(provider);
    let index = providerKeys.indexOf(key);
    if (index === -1) {
      index = providerKeys.push(key) - 1;
      providers.push({ ...provider, alias: `p${index}` });
    }
    const alias = `p${index}`;
    aliasOf[prefix] = alias;

    const rename = renamer(stack, prefix);
    for (const [kind, target] of [
      ['resource', resource],
      ['data', data],
    ] as const) {
      const group = isObject(stack[kind]) ? stack[kind] : {};
      for (const [type, blocks] of Object.entries(group)) {
        if (!isObject(blocks)) continue;
        for (const [name, body] of Object.entries(blocks)) {
          if (name === '//') continue;
          const renamed = rename(body) as Json;
          delete renamed['//'];
          (target[type] ??= {})[prefixedName(prefix, name)] = { ...renamed, provider: `aws.${alias}` };
        }
      }
    }
    for (const [name, body] of Object.entries(isObject(stack.output) ? stack.output : {})) {
      output[prefixedName(prefix, name)] = rename(body);
    }
  }

  const terraform = isObject(inputs[0].stack.terraform) ? { ...inputs[0].stack.terraform } : {};
  delete terraform.backend;
  delete terraform.cloud;
  return {
    config: { terraform, provider: { aws: providers }, resource, data, output },
    aliasOf,
  };
}

/** The stack's single `aws` provider block, without alias and cdktf metadata. */
function providerBlock(stack: Json): Json {
  const aws = isObject(stack.provider) ? stack.provider.aws : undefined;
  const blocks = aws === undefined ? [{}] : Array.isArray(aws) ? aws : [aws];
  if (blocks.length !== 1 || !isObject(blocks[0])) {
    throw new Error('each merged stack must configure exactly one aws provider block');
  }
  const { alias: _alias, '//': _meta, ...rest } = blocks[0];
  return rest;
}

/**
 * A deep copy function that rewrites every reference to one of the stack's own resources or data
 * sources (`type.name`, `data.type.name`, inside `${…}` or as a `depends_on` entry).
 */
function renamer(stack: Json, prefix: string): (value: unknown) => unknown {
  const known = new Set<string>();
  for (const kind of ['resource', 'data'] as const) {
    const group = isObject(stack[kind]) ? stack[kind] : {};
    for (const [type, blocks] of Object.entries(group)) {
      for (const name of Object.keys(isObject(blocks) ? blocks : {})) {
        known.add(`${kind === 'data' ? 'data.' : ''}${type}.${name}`);
      }
    }
  }
  const reference = /(?<![A-Za-z0-9_.-])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;
  const rewrite = (text: string): string =>
    text.replace(reference, (match, data: string | undefined, type: string, name: string) =>
      known.has(`${data ?? ''}${type}.${name}`)
        ? `${data ?? ''}${type}.${prefixedName(prefix, name)}`
        : match,
    );
  const copy = (value: unknown): unknown => {
    if (typeof value === 'string') return rewrite(value);
    if (Array.isArray(value)) return value.map(copy);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
    return value;
  };
  return copy;
}
