import type { IcelogConfigInput } from '@icelog/pipeline';

/**
 * The prod environment: private subnets behind an HTTPS load balancer, large Iceberg files, table
 * maintenance on, versioned warehouse. Replace the VPC, subnet (private for the tasks, public for the load
 * balancer) and certificate ids with yours.
 */
export const prodConfig: IcelogConfigInput = {
  environment: 'prod',
  region: 'eu-west-1',
  state: { bucket: 'icelog-terraform-state-example' },
  tags: { owner: 'platform-team' },
  catalog: {
    forceDestroy: false,
    versioned: true,
    noncurrentVersionExpirationDays: 30, // recovery window for deleted/overwritten objects, then S3 expires them
    maintenance: true, // compaction, snapshot retention and orphan-file deletion
    errorOutputExpirationDays: 90,
  },
  delivery: {
    buffering: 'large-files', // 900 s / 128 MiB: fewest files and commits, up to 15 min lag
    logRetentionDays: 90,
    expectedIngest: { recordsPerSecond: 1_500, bytesPerSecond: 750_000, requestsPerSecond: 60 },
  },
  service: {
    network: {
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetIds: ['subnet-0a1b2c3d4e5f60711', 'subnet-0a1b2c3d4e5f60722'],
    },
    assignPublicIp: false,
    ingressCidrs: ['0.0.0.0/0'], // a public website: anyone may reach the load balancer
    allowPublicIngress: true,
    loadBalancer: {
      internetFacing: true,
      // Public subnets (a route to an internet gateway), one per Availability Zone: the load balancer's
      // own, never the tasks' private subnets above.
      subnetIds: ['subnet-0a1b2c3d4e5f60733', 'subnet-0a1b2c3d4e5f60744'],
      certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/00000000-0000-4000-8000-000000000000',
      deletionProtection: true,
    },
    desiredCount: 2,
    logRetentionDays: 90,
  },
  smoke: { resultsExpirationDays: 7 },
  monitoring: {
    // Every alarm notifies on ALARM and OK; replace with your on-call address or topic.
    notifications: [{ email: 'oncall@example.com' }],
    requireNotifications: true, // synth fails without a target; guardrail ICELOG_ALARM_ACTIONS checks it
  },
};
