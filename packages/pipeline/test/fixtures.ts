import { IcelogConfigInput } from '../src';

/** The smallest valid configuration: every optional setting at its default. */
export const minimalConfig: IcelogConfigInput = {
  environment: 'test',
  region: 'eu-west-1',
  state: { bucket: 'state-bucket' },
  service: { network: { defaultVpc: true }, ingressCidrs: ['10.0.0.0/8'] },
};

/** A development-style configuration: default VPC, public IPs, no load balancer. */
export const devLikeConfig: IcelogConfigInput = {
  environment: 'dev',
  region: 'eu-west-1',
  state: { bucket: 'icelog-terraform-state-example' },
  tags: { owner: 'platform-team' },
  catalog: { forceDestroy: true, maintenance: false, errorOutputExpirationDays: 14 },
  delivery: { buffering: 'low-latency', logRetentionDays: 14 },
  service: {
    network: { defaultVpc: true },
    assignPublicIp: true,
    ingressCidrs: ['203.0.113.0/24'],
    logRetentionDays: 14,
  },
  smoke: { resultsExpirationDays: 3 },
};

/** Private task subnets of {@link prodLikeConfig}. */
export const TASK_SUBNETS = ['subnet-0a1b2c3d4e5f60711', 'subnet-0a1b2c3d4e5f60722'];
/** Public load balancer subnets of {@link prodLikeConfig}. */
export const PUBLIC_SUBNETS = ['subnet-0a1b2c3d4e5f60733', 'subnet-0a1b2c3d4e5f60744'];
/** An ACM certificate in eu-west-1. */
export const CERTIFICATE_ARN =
  'arn:aws:acm:eu-west-1:111122223333:certificate/00000000-0000-4000-8000-000000000000';

/** A production-style configuration: private subnets behind an internet-facing HTTPS load balancer. */
export const prodLikeConfig: IcelogConfigInput = {
  environment: 'prod',
  region: 'eu-west-1',
  state: { bucket: 'icelog-terraform-state-example' },
  catalog: { versioned: true, maintenance: true, errorOutputExpirationDays: 90 },
  delivery: {
    buffering: 'large-files',
    logRetentionDays: 90,
    expectedIngest: { recordsPerSecond: 1_500, bytesPerSecond: 750_000, requestsPerSecond: 60 },
  },
  service: {
    network: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: TASK_SUBNETS },
    ingressCidrs: ['0.0.0.0/0'],
    allowPublicIngress: true,
    loadBalancer: {
      internetFacing: true,
      subnetIds: PUBLIC_SUBNETS,
      certificateArn: CERTIFICATE_ARN,
      deletionProtection: true,
    },
    desiredCount: 2,
    logRetentionDays: 90,
  },
};
