import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import {
  ArnRule,
  ValidationError,
  checkPattern,
  checkUnique,
  isUnresolved,
  suppressGuardrail,
  validateArn,
} from '@icelog/core';
import { cidrRule, ruleIdSuffix } from './security-group-rules';

/** An Application Load Balancer in front of a {@link FireLensService}. */
export interface FireLensLoadBalancerProps {
  /**
   * Internet-facing rather than internal. An internet-facing load balancer needs its own public
   * `subnetIds`, and a `certificateArn` unless `allowPlainHttp` is set.
   * @default false
   */
  readonly internetFacing?: boolean;
  /**
   * ACM (or IAM server) certificate ARN. With it, the load balancer serves HTTPS on 443 and its HTTP
   * listener on 80 only redirects to HTTPS; without it, HTTP on 80 forwards to the service.
   * @default - no HTTPS listener
   */
  readonly certificateArn?: string;
  /**
   * Accept an internet-facing load balancer without a certificate: plain HTTP from the internet.
   * @default false
   */
  readonly allowPlainHttp?: boolean;
  /**
   * TLS policy of the HTTPS listener.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly sslPolicy?: string;
  /**
   * Protect the load balancer from deletion (set false before destroying the environment).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Load balancer name: 1–32 characters of `[A-Za-z0-9-]`, not starting or ending with `-`.
   * @default - the service name
   */
  readonly name?: string;
  /**
   * Subnets of the load balancer: two or more, in different Availability Zones. Required when
   * `internetFacing` (public subnets with a route to an internet gateway; the tasks stay in theirs).
   * @default - the service's subnets (internal load balancers only)
   */
  readonly subnetIds?: readonly string[];
  /**
   * Path of the target group's HTTP health check.
   * @default '/'
   */
  readonly healthCheckPath?: string;
}

/** Default TLS policy: TLS 1.3 and 1.2 only. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

const LB_NAME = /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;

/** A listener certificate: an ACM certificate, or an IAM server certificate. */
export const CERTIFICATE_ARN_RULE: ArnRule = {
  services: ['acm', 'iam'],
  resource: /^(certificate\/[A-Za-z0-9-]+|server-certificate\/.+)$/,
  description:
    'an ACM certificate ARN (arn:<partition>:acm:<region>:<account>:certificate/<id>) or an IAM server certificate ARN',
};

/** Why an ACM certificate must be in the load balancer's region (ACM User Guide, "Supported Regions"). */
export const CERTIFICATE_SAME_REGION_REASON =
  'ACM certificates are regional and a load balancer can only use a certificate of its own region (request or import it there)';

/** Throws unless `arn` is a certificate ARN (ACM or IAM), in `region` and its partition when given. */
export function validateCertificateArn(field: string, arn: string, region?: string): void {
  const parsed = validateArn(
    field,
    arn,
    CERTIFICATE_ARN_RULE,
    region === undefined ? undefined : { region, sameRegionReason: CERTIFICATE_SAME_REGION_REASON },
  );
  if (parsed && (parsed.service === 'acm') !== parsed.resource.startsWith('certificate/')) {
    throw new ValidationError(field, arn, `must be ${CERTIFICATE_ARN_RULE.description}`);
  }
}

/** Throws unless the load balancer settings are valid; `defaultName` is used when `name` is not set. */
export function validateLoadBalancer(
  field: string,
  props: FireLensLoadBalancerProps,
  defaultName: string,
  context: LoadBalancerContext = {},
): void {
  const rule =
    'must be 1–32 characters of [A-Za-z0-9-], not start or end with "-" and not start with "internal-"';
  if (props.name !== undefined) {
    checkPattern(`${field}.name`, props.name, LB_NAME, rule);
  } else {
    checkPattern(
      'serviceName',
      defaultName,
      LB_NAME,
      `${rule} to name the load balancer (or set ${field}.name)`,
    );
  }
  if (props.certificateArn !== undefined) {
    validateCertificateArn(
      `${field}.certificateArn`,
      props.certificateArn,
      context.region !== undefined && !isUnresolved(context.region) ? context.region : undefined,
    );
  } else if (props.internetFacing === true && props.allowPlainHttp !== true) {
    throw new ValidationError(
      `${field}.certificateArn`,
      props.certificateArn,
      `is required for an internet-facing load balancer, or it serves plain HTTP to the internet; set ${field}.allowPlainHttp to true if that is intended`,
    );
  }
  if (
    props.allowPlainHttp === true &&
    (props.certificateArn !== undefined || props.internetFacing !== true)
  ) {
    throw new ValidationError(
      `${field}.allowPlainHttp`,
      props.allowPlainHttp,
      'must only be set for an internet-facing load balancer without certificateArn',
    );
  }
  if (props.sslPolicy !== undefined && props.certificateArn === undefined) {
    throw new ValidationError(
      `${field}.sslPolicy`,
      props.sslPolicy,
      'must only be set together with certificateArn',
    );
  }
  if (props.sslPolicy !== undefined) {
    checkPattern(
      `${field}.sslPolicy`,
      props.sslPolicy,
      /^ELBSecurityPolicy-[A-Za-z0-9-]+$/,
      'must be an ELB security policy name such as "ELBSecurityPolicy-TLS13-1-2-2021-06"',
    );
  }
  if (props.subnetIds === undefined && props.internetFacing === true) {
    throw new ValidationError(
      `${field}.subnetIds`,
      props.subnetIds,
      "is required for an internet-facing load balancer: list two or more public subnets in different Availability Zones (the tasks' subnets are not used for it)",
    );
  }
  if (props.subnetIds !== undefined) {
    validateLoadBalancerSubnets(`${field}.subnetIds`, props.subnetIds);
  } else if (context.taskSubnetIds !== undefined && !isUnresolved(context.taskSubnetIds)) {
    // The subnets the load balancer will use are the tasks': check those.
    if (context.taskSubnetIds.length < 2) {
      throw new ValidationError(
        context.taskSubnetsField ?? 'network.vpc.subnetIds',
        context.taskSubnetIds,
        `must list at least two subnets in different Availability Zones when the load balancer uses them (an Application Load Balancer needs two), or set ${field}.subnetIds`,
      );
    }
  }
  if (props.healthCheckPath !== undefined) {
    checkPattern(
      `${field}.healthCheckPath`,
      props.healthCheckPath,
      /^\/[A-Za-z0-9/._~%!$&'()*+,;=:@-]{0,1023}$/,
      'must be an absolute URL path starting with "/"',
    );
  }
}

/** Throws unless `subnetIds` are two or more distinct subnet ids (an ALB spans two Availability Zones). */
export function validateLoadBalancerSubnets(field: string, subnetIds: readonly string[]): void {
  if (isUnresolved(subnetIds)) return;
  if (subnetIds.length < 2) {
    throw new ValidationError(
      field,
      subnetIds,
      'must list at least two subnets in different Availability Zones (an Application Load Balancer needs two)',
    );
  }
  subnetIds.forEach((id, i) =>
    checkPattern(`${field}[${i}]`, id, SUBNET_ID, 'must be a subnet id such as "subnet-0123456789abcdef0"'),
  );
  checkUnique(field, subnetIds);
}

/** What {@link validateLoadBalancer} checks the load balancer against. */
export interface LoadBalancerContext {
  /**
   * The stack's literal region: an ACM certificate must be in it.
   * @default - the certificate's region is not checked
   */
  readonly region?: string;
  /**
   * The tasks' subnets, which an internal load balancer without `subnetIds` uses.
   * @default - not checked
   */
  readonly taskSubnetIds?: readonly string[];
  /**
   * Field path of {@link taskSubnetIds} in messages.
   * @default 'network.vpc.subnetIds'
   */
  readonly taskSubnetsField?: string;
}

/** The subnets the load balancer is placed in: its own, or (internal only) the tasks'. */
export function loadBalancerSubnets(
  props: FireLensLoadBalancerProps,
  taskSubnetIds: readonly string[],
): readonly string[] {
  return props.subnetIds ?? taskSubnetIds;
}

/** Props of {@link ServiceLoadBalancer}. */
export interface ServiceLoadBalancerProps extends FireLensLoadBalancerProps {
  /** Load balancer name (validated by {@link validateLoadBalancer}). */
  readonly name: string;
  /** VPC of the target group and the security group. */
  readonly vpcId: string;
  /** Subnets of the load balancer. */
  readonly subnetIds: readonly string[];
  /** CIDRs admitted on the listener ports. */
  readonly ingressCidrs: readonly string[];
  /** The service's security group; the load balancer may only send to it, on {@link targetPort}. */
  readonly serviceSecurityGroupId: string;
  /** The app port the target group forwards to. */
  readonly targetPort: number;
}

/**
 * The Application Load Balancer, its security group, an IP target group and the listeners. Validated by
 * {@link validateLoadBalancer} before it is created.
 */
export class ServiceLoadBalancer extends Construct {
  /** The `aws_lb`. */
  readonly loadBalancer: Lb;
  /** The IP target group the service registers its tasks in. */
  readonly targetGroup: LbTargetGroup;
  /** The load balancer's security group. */
  readonly securityGroup: SecurityGroup;
  /** The HTTP listener, and the HTTPS listener when there is a certificate. */
  readonly listeners: LbListener[] = [];
  /** `https://<dns>` with a certificate, `http://<dns>` otherwise. */
  readonly endpointUrl: string;

  constructor(scope: Construct, id: string, props: ServiceLoadBalancerProps) {
    super(scope, id);
    const https = props.certificateArn !== undefined;
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: `${props.name}-alb`,
      description: `Load balancer of ${props.name}: listeners open to the configured CIDRs only`,
      vpcId: props.vpcId,
    });
    const listenerPorts = https ? [80, 443] : [80];
    for (const port of listenerPorts) {
      for (const cidr of props.ingressCidrs) {
        const rule = new VpcSecurityGroupIngressRule(this, `Port${port}From${ruleIdSuffix(cidr)}`, {
          securityGroupId: this.securityGroup.id,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          description: `${https && port === 80 ? 'HTTP (redirects to HTTPS)' : port === 443 ? 'HTTPS' : 'HTTP'} from ${cidr}`,
          ...cidrRule(cidr),
        });
        if (https && port === 80) {
          suppressGuardrail(
            rule,
            'CKV_AWS_260',
            'The port 80 listener only answers with a permanent redirect to HTTPS on 443; no content is served over HTTP.',
          );
        }
      }
    }
    new VpcSecurityGroupEgressRule(this, 'ToService', {
      securityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: props.targetPort,
      toPort: props.targetPort,
      referencedSecurityGroupId: props.serviceSecurityGroupId,
      description: 'Forward to the service tasks only',
    });

    this.loadBalancer = new Lb(this, 'LoadBalancer', {
      name: props.name,
      loadBalancerType: 'application',
      internal: !(props.internetFacing ?? false),
      securityGroups: [this.securityGroup.id],
      subnets: [...props.subnetIds],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? true,
    });

    this.targetGroup = new LbTargetGroup(this, 'TargetGroup', {
      port: props.targetPort,
      protocol: 'HTTP',
      targetType: 'ip',
      vpcId: props.vpcId,
      deregistrationDelay: '30',
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        path: props.healthCheckPath ?? '/',
        matcher: '200-399',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      // The name is generated, so a replacement (port change) can create the new group first.
      lifecycle: { createBeforeDestroy: true },
    });

    const forward = [{ type: 'forward', targetGroupArn: this.targetGroup.arn }];
    this.listeners.push(
      new LbListener(this, 'HttpListener', {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: https
          ? [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }]
          : forward,
      }),
    );
    if (https) {
      this.listeners.push(
        new LbListener(this, 'HttpsListener', {
          loadBalancerArn: this.loadBalancer.arn,
          port: 443,
          protocol: 'HTTPS',
          certificateArn: props.certificateArn,
          sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
          defaultAction: forward,
        }),
      );
    }
    this.endpointUrl = `${https ? 'https' : 'http'}://${this.loadBalancer.dnsName}`;
  }
}
