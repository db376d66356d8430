import { Construct } from 'constructs';
import { DataAwsSubnets } from '@cdktf/provider-aws/lib/data-aws-subnets';
import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import { ValidationError, checkNonEmpty, checkUnique, isUnresolved } from '@icelog/core';

/** An explicit VPC and the subnets the tasks run in. */
export interface VpcSubnets {
  /** VPC id, e.g. `vpc-0123456789abcdef0` (may be a token). */
  readonly vpcId: string;
  /** Subnet ids in that VPC (may be tokens); at least one, two or more in different AZs for an ALB. */
  readonly subnetIds: readonly string[];
}

/** The account's default VPC and its default subnets, looked up with data sources. For dev accounts. */
export interface DefaultVpc {
  /** Use the account's default VPC in the stack's region. */
  readonly defaultVpc: true;
}

/** Where the service runs. */
export type VpcSelection = VpcSubnets | DefaultVpc;

/** Network settings of a {@link FireLensService}. */
export interface FireLensNetworkProps {
  /** Where the tasks (and the load balancer) run: `{ vpcId, subnetIds }`, or `{ defaultVpc: true }`. */
  readonly vpc: VpcSelection;
  /**
   * IPv4/IPv6 CIDRs allowed to reach the service on its container port — or, with a load balancer, the
   * load balancer's listeners (the service then admits only the load balancer's security group).
   * @default - none: nothing can connect (logs still flow out)
   */
  readonly ingressCidrs?: readonly string[];
  /**
   * Allow `0.0.0.0/0` or `::/0` in {@link ingressCidrs}.
   * @default false
   */
  readonly allowPublicIngress?: boolean;
  /**
   * Give each task a public IP (needed in public subnets without NAT to pull images and reach AWS APIs).
   * @default false
   */
  readonly assignPublicIp?: boolean;
  /**
   * CIDRs the tasks may reach on HTTPS (443): the AWS APIs (Firehose or Kinesis, S3, CloudWatch Logs, ECR)
   * and the image registries. Narrow it when VPC endpoints or a proxy serve those.
   * @default ['0.0.0.0/0']
   */
  readonly egressCidrs?: readonly string[];
}

/** A VPC id and subnet ids, resolved from a {@link VpcSelection}. */
export interface ResolvedNetwork {
  /** VPC id (may be a token). */
  readonly vpcId: string;
  /** Subnet ids (may be a list token). */
  readonly subnetIds: string[];
}

/** Throws unless the network settings are valid. Unresolved tokens are skipped. */
export function validateNetwork(field: string, network: FireLensNetworkProps): void {
  const vpc = network.vpc as Partial<VpcSubnets & DefaultVpc> | undefined;
  if (
    vpc === undefined ||
    (vpc.defaultVpc !== true && (vpc.vpcId === undefined || vpc.subnetIds === undefined))
  ) {
    throw new ValidationError(`${field}.vpc`, vpc, 'must be { vpcId, subnetIds } or { defaultVpc: true }');
  }
  if (vpc.defaultVpc === true && (vpc.vpcId !== undefined || vpc.subnetIds !== undefined)) {
    throw new ValidationError(
      `${field}.vpc`,
      vpc,
      'must not set vpcId or subnetIds together with defaultVpc',
    );
  }
  if (vpc.defaultVpc !== true) {
    if (!isUnresolved(vpc.vpcId) && !/^vpc-[0-9a-f]{8,17}$/.test(vpc.vpcId ?? '')) {
      throw new ValidationError(
        `${field}.vpc.vpcId`,
        vpc.vpcId,
        'must be a VPC id such as "vpc-0123456789abcdef0"',
      );
    }
    const subnetIds = vpc.subnetIds ?? [];
    if (!isUnresolved(subnetIds)) {
      checkNonEmpty(`${field}.vpc.subnetIds`, subnetIds);
      subnetIds.forEach((id, i) => {
        if (!isUnresolved(id) && !/^subnet-[0-9a-f]{8,17}$/.test(id)) {
          throw new ValidationError(
            `${field}.vpc.subnetIds[${i}]`,
            id,
            'must be a subnet id such as "subnet-0123456789abcdef0"',
          );
        }
      });
      checkUnique(`${field}.vpc.subnetIds`, subnetIds);
    }
  }
  validateCidrList(`${field}.ingressCidrs`, network.ingressCidrs ?? [], network.allowPublicIngress ?? false);
  if (network.egressCidrs !== undefined) {
    checkNonEmpty(`${field}.egressCidrs`, network.egressCidrs);
    validateCidrList(`${field}.egressCidrs`, network.egressCidrs, true);
  }
}

function validateCidrList(field: string, cidrs: readonly string[], allowAny: boolean): void {
  cidrs.forEach((cidr, i) => {
    const { prefixLength } = validateCidr(`${field}[${i}]`, cidr);
    if (prefixLength === 0 && !allowAny) {
      throw new ValidationError(
        `${field}[${i}]`,
        cidr,
        'opens the service to the whole internet; set network.allowPublicIngress to true if that is intended',
      );
    }
  });
  checkUnique(field, cidrs);
}

/**
 * Throws unless `cidr` is an IPv4 (`10.0.0.0/16`) or IPv6 (`2001:db8::/32`) network in CIDR notation
 * with no host bits set (EC2 rejects `10.0.0.1/16`). Returns the address family and prefix length.
 */
export function validateCidr(field: string, cidr: string): { family: 'ipv4' | 'ipv6'; prefixLength: number } {
  if (isUnresolved(cidr)) return { family: 'ipv4', prefixLength: 32 };
  const fail = (rule: string): never => {
    throw new ValidationError(field, cidr, rule);
  };
  const [address, length, extra] = typeof cidr === 'string' ? cidr.split('/') : [];
  if (address === undefined || length === undefined || extra !== undefined || !/^[0-9]{1,3}$/.test(length)) {
    fail('must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32"');
  }
  const prefixLength = Number(length);
  const ipv4 = parseIpv4(address);
  const ipv6 = ipv4 === undefined ? parseIpv6(address) : undefined;
  const bits = ipv4 !== undefined ? 32 : 128;
  const value = ipv4 ?? ipv6;
  if (value === undefined) fail('must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32"');
  if (prefixLength > bits) fail(`must have a prefix length from 0 to ${bits}`);
  const hostMask = (1n << BigInt(bits - prefixLength)) - 1n;
  if ((value! & hostMask) !== 0n)
    fail('must be a network address: the bits after the prefix length must be zero');
  return { family: ipv4 !== undefined ? 'ipv4' : 'ipv6', prefixLength };
}

function parseIpv4(address: string): bigint | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) {
    return undefined;
  }
  return parts.reduce((acc, p) => (acc << 8n) + BigInt(p), 0n);
}

function parseIpv6(address: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(address) || address.split('::').length > 2) return undefined;
  const compressed = address.includes('::');
  const [head, tail = ''] = compressed ? address.split('::') : [address];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const explicit = headGroups.length + tailGroups.length;
  if (compressed ? explicit > 7 : explicit !== 8) return undefined;
  const groups = [...headGroups, ...Array<string>(8 - explicit).fill('0'), ...tailGroups];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(`0x${g}`), 0n);
}

/**
 * Resolves a {@link VpcSelection}: explicit ids as given, or the default VPC through the `aws_vpc`
 * (`default = true`) and `aws_subnets` (filtered by `vpc-id` and `default-for-az`) data sources.
 */
export function resolveNetwork(scope: Construct, vpc: VpcSelection): ResolvedNetwork {
  if ('defaultVpc' in vpc) {
    const defaultVpc = new DataAwsVpc(scope, 'DefaultVpc', { default: true });
    const subnets = new DataAwsSubnets(scope, 'DefaultSubnets', {
      filter: [
        { name: 'vpc-id', values: [defaultVpc.id] },
        { name: 'default-for-az', values: ['true'] },
      ],
    });
    return { vpcId: defaultVpc.id, subnetIds: subnets.ids };
  }
  return { vpcId: vpc.vpcId, subnetIds: [...vpc.subnetIds] };
}
