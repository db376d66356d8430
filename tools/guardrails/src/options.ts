import { parseCidr } from './net/cidr';

/**
 * Environment-dependent requirements. Rules gated by an option return `not-applicable` while the
 * option is off, so the same pack serves a dev stack (SSE-S3, no CMKs) and a prod stack (CMKs).
 */
export interface GuardrailOptions {
  /**
   * Require customer-managed KMS keys: S3 default encryption with a CMK (CKV_AWS_145), Firehose SSE
   * with a CMK (CKV_AWS_241), Kinesis streams with a CMK (CKV_AWS_185) and log groups encrypted with
   * a KMS key (CKV_AWS_158).
   * @default false
   */
  readonly requireCmk?: boolean;
  /**
   * Require versioning on every S3 bucket (CKV_AWS_21).
   * @default false
   */
  readonly requireVersioning?: boolean;
  /**
   * Allow ECS services to assign public IPs to tasks (CKV_AWS_333 becomes not-applicable), e.g. in a
   * dev VPC without NAT gateways.
   * @default false
   */
  readonly allowPublicIp?: boolean;
  /**
   * Require deletion protection on load balancers (CKV_AWS_150).
   * @default false
   */
  readonly requireDeletionProtection?: boolean;
  /**
   * The CIDRs security-group ingress may come from (AVD-AWS-0107): every ingress CIDR must lie inside
   * one of them. List `0.0.0.0/0` to allow a public listener knowingly.
   * @default - no list: AVD-AWS-0107 flags ingress from anywhere (`0.0.0.0/0`, `::/0`) only
   */
  readonly allowedIngressCidrs?: readonly string[];
  /**
   * Require every CloudWatch alarm to notify on ALARM and OK (ICELOG_ALARM_ACTIONS), e.g. in production.
   * @default false
   */
  readonly requireAlarmActions?: boolean;
}

/** {@link GuardrailOptions} with every default applied. */
export interface ResolvedGuardrailOptions {
  readonly requireCmk: boolean;
  readonly requireVersioning: boolean;
  readonly allowPublicIp: boolean;
  readonly requireDeletionProtection: boolean;
  /** `undefined` when no list was given. */
  readonly allowedIngressCidrs: readonly string[] | undefined;
  readonly requireAlarmActions: boolean;
}

/**
 * Bad pack options. Same message shape as `@icelog/core`'s ValidationError
 * (`Invalid <field>: <rule>. Received: <value>`); defined here so that the pack reads JSON without
 * loading cdktf.
 */
export class GuardrailOptionsError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly rule: string,
  ) {
    super(
      `Invalid ${field}: ${rule}. Received: ${value === undefined ? 'undefined' : JSON.stringify(value)}`,
    );
    this.name = 'GuardrailOptionsError';
  }
}

const BOOLEAN_OPTIONS = [
  'requireCmk',
  'requireVersioning',
  'allowPublicIp',
  'requireDeletionProtection',
  'requireAlarmActions',
] as const;
const KNOWN_OPTIONS = new Set<string>([...BOOLEAN_OPTIONS, 'allowedIngressCidrs']);

/** Validates options (also when they come from untyped JavaScript or JSON) and applies defaults. */
export function resolveOptions(options: GuardrailOptions = {}): ResolvedGuardrailOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new GuardrailOptionsError('options', options, 'must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new GuardrailOptionsError(
        key,
        (options as Record<string, unknown>)[key],
        `is not an option; known options are ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  for (const key of BOOLEAN_OPTIONS) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new GuardrailOptionsError(key, value, 'must be true or false');
    }
  }
  const cidrs = options.allowedIngressCidrs;
  if (cidrs !== undefined) {
    if (!Array.isArray(cidrs) || cidrs.length === 0) {
      throw new GuardrailOptionsError('allowedIngressCidrs', cidrs, 'must be a non-empty list of CIDRs');
    }
    cidrs.forEach((cidr, i) => {
      if (typeof cidr !== 'string' || parseCidr(cidr) === undefined) {
        throw new GuardrailOptionsError(
          `allowedIngressCidrs[${i}]`,
          cidr,
          'must be an IPv4 or IPv6 CIDR such as 10.0.0.0/16 or 2001:db8::/32',
        );
      }
    });
  }
  return {
    requireCmk: options.requireCmk ?? false,
    requireVersioning: options.requireVersioning ?? false,
    allowPublicIp: options.allowPublicIp ?? false,
    requireDeletionProtection: options.requireDeletionProtection ?? false,
    allowedIngressCidrs: cidrs === undefined ? undefined : [...cidrs],
    requireAlarmActions: options.requireAlarmActions ?? false,
  };
}
