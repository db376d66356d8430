import { Body, block, blocks, text } from './hcl';
import { Reference, soleReference, refersTo } from './references';

/**
 * The synthesized Terraform JSON of one stack (`cdk.tf.json`), as read from disk or from
 * `synthesizeWithMetadata` of `@icelog/core/testing`. Only the parts the pack reads are typed.
 */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, object>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, object>>>>;
  readonly terraform?: object;
  readonly provider?: Readonly<Record<string, unknown>>;
}

/** What kind of block an element is. */
export type ElementKind = 'resource' | 'data' | 'backend' | 'provider';

/**
 * One block of the stack that rules can inspect: a resource, a data source, the backend or a
 * provider configuration.
 */
export interface StackElement {
  readonly kind: ElementKind;
  /**
   * The selector rules list in `resourceTypes`: the resource type (`aws_s3_bucket`), `data.<type>`
   * for a data source, `terraform.backend.<type>` for the backend, `provider.<name>` for a provider.
   */
  readonly type: string;
  /** Logical id; the backend type for a backend; the alias (or `default`) for a provider. */
  readonly name: string;
  /** Terraform address: `aws_s3_bucket.Logs_Bucket_1A2B`, `data.aws_iam_policy_document.X`, `terraform.backend.s3`, `provider.aws`. */
  readonly address: string;
  /** The block as synthesized, including its `//` comment key. */
  readonly body: Body;
  /** Construct path from cdktf's `//.metadata.path`, when present. */
  readonly path?: string;
}

/** Read-only view of one stack's JSON with lookups across its blocks. */
export class StackModel {
  /** Builds the model of `json`; `name` defaults to cdktf's `//.metadata.stackName`, else `stack`. */
  static of(json: TerraformJson, name?: string): StackModel {
    return new StackModel(json, name);
  }

  readonly name: string;
  readonly elements: readonly StackElement[];
  private readonly byAddress = new Map<string, StackElement>();
  private readonly byType = new Map<string, StackElement[]>();

  private constructor(
    readonly json: TerraformJson,
    name?: string,
  ) {
    const meta = block(block((json as Body)['//'])?.metadata);
    this.name = name ?? text(meta?.stackName) ?? 'stack';
    const elements: StackElement[] = [];
    for (const [type, blocksByName] of entries(json.resource)) {
      for (const [logicalId, body] of bodies(blocksByName)) {
        elements.push(element('resource', type, logicalId, `${type}.${logicalId}`, body));
      }
    }
    for (const [type, blocksByName] of entries(json.data)) {
      for (const [logicalId, body] of bodies(blocksByName)) {
        elements.push(element('data', `data.${type}`, logicalId, `data.${type}.${logicalId}`, body));
      }
    }
    for (const [backendType, body] of bodies(block(json.terraform)?.backend)) {
      const address = `terraform.backend.${backendType}`;
      elements.push(element('backend', address, backendType, address, body));
    }
    for (const [providerName, configs] of entries(json.provider)) {
      for (const body of blocks(configs)) {
        const alias = text(body.alias);
        const address = alias ? `provider.${providerName}.${alias}` : `provider.${providerName}`;
        elements.push(element('provider', `provider.${providerName}`, alias ?? 'default', address, body));
      }
    }
    this.elements = elements;
    for (const e of elements) {
      this.byAddress.set(e.address, e);
      this.byType.set(e.type, [...(this.byType.get(e.type) ?? []), e]);
    }
  }

  /** All elements of one selector (`aws_s3_bucket`, `data.aws_iam_policy_document`, …). */
  ofType(type: string): readonly StackElement[] {
    return this.byType.get(type) ?? [];
  }

  /** The element at an address, e.g. `aws_iam_role.Role_1234`. */
  get(address: string): StackElement | undefined {
    return this.byAddress.get(address);
  }

  /** The element a parsed reference names, when it exists in this stack. */
  elementOf(reference: Reference): StackElement | undefined {
    if (reference.kind === 'resource') return this.get(`${reference.type}.${reference.name}`);
    if (reference.kind === 'data') return this.get(`data.${reference.type}.${reference.name}`);
    return undefined;
  }

  /**
   * The element a value points at when the value is exactly one reference to a resource or data
   * source of this stack (`${aws_iam_role.R.arn}` → `aws_iam_role.R`); otherwise `undefined`.
   */
  target(value: unknown): StackElement | undefined {
    const ref = soleReference(value);
    return ref ? this.elementOf(ref) : undefined;
  }

  /**
   * Follows a reference to a literal: `${aws_s3_bucket.B.bucket}` → the bucket's literal `bucket`
   * attribute. Attributes that Terraform computes (`id`, `arn`) and expressions stay as they are.
   */
  resolve(value: unknown): unknown {
    let current = value;
    for (let depth = 0; depth < 8; depth++) {
      const ref = soleReference(current);
      const target = ref ? this.elementOf(ref) : undefined;
      if (!ref || !target || ref.attribute === '') return current;
      let next: unknown = target.body;
      for (const segment of ref.attribute.split('.')) {
        if (next === null || typeof next !== 'object') return current;
        next = Array.isArray(next)
          ? /^\d+$/.test(segment)
            ? next[Number(segment)]
            : block(next)?.[segment]
          : (next as Body)[segment];
      }
      if (next === undefined || next === null || typeof next === 'object') return current;
      current = next;
    }
    return current;
  }

  /**
   * Elements of `type` whose `attribute` designates `owner`: by a reference to it, or by a literal
   * equal to one of the owner's literal `ownerKeys` (for a bucket: its `bucket` name). This is how
   * rules find an S3 bucket's companion resources (public access block, encryption, policy, …).
   */
  referrers(
    owner: StackElement,
    type: string,
    attribute: string,
    ownerKeys: readonly string[],
  ): StackElement[] {
    const ownerLiterals = ownerKeys
      .map((key) => owner.body[key])
      .filter((v): v is string => typeof v === 'string' && v !== '' && soleReference(v) === undefined);
    return this.ofType(type).filter((candidate) => {
      const value = candidate.body[attribute];
      if (owner.kind === 'resource' || owner.kind === 'data') {
        const ownerType = owner.kind === 'data' ? owner.type.slice('data.'.length) : owner.type;
        if (refersTo(value, owner.kind, ownerType, owner.name)) return true;
      }
      const literal = this.resolve(value);
      return typeof literal === 'string' && ownerLiterals.includes(literal);
    });
  }
}

function element(kind: ElementKind, type: string, name: string, address: string, body: Body): StackElement {
  const path = text(block(block(body['//'])?.metadata)?.path);
  return path === undefined ? { kind, type, name, address, body } : { kind, type, name, address, body, path };
}

/** The keyed entries of an object section, without its `//` comment key. */
function entries(value: unknown): [string, unknown][] {
  const body = block(value);
  return body ? Object.entries(body).filter(([key]) => key !== '//') : [];
}

/** The keyed blocks of an object section; a key whose value is not a block is skipped. */
function bodies(value: unknown): [string, Body][] {
  return entries(value)
    .map(([key, v]): [string, Body | undefined] => [key, block(v)])
    .filter((e): e is [string, Body] => e[1] !== undefined);
}
