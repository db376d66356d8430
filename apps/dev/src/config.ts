import type { IcelogConfigInput } from '@icelog/pipeline';

/**
 * The dev environment: cheap, fast feedback, easy to tear down. Edit the state bucket and the ingress
 * CIDRs for your account before the first deploy (README "Deploy").
 */
export const devConfig: IcelogConfigInput = {
  environment: 'dev',
  region: 'eu-west-1',
  state: { bucket: 'icelog-terraform-state-example' },
  tags: { owner: 'platform-team' },
  catalog: {
    forceDestroy: true, // dev data is disposable: `cdktf destroy` may delete non-empty buckets
    // Snapshot retention only: every 60 s commit makes an Iceberg snapshot, so without it metadata
    // grows without bound; compaction and orphan-file deletion stay paused (they cost DPU-hours).
    maintenance: 'snapshot-retention',
    errorOutputExpirationDays: 14,
  },
  delivery: {
    buffering: 'low-latency', // rows queryable ~1 minute after the request: fast smoke e2e
    logRetentionDays: 14,
  },
  service: {
    network: { defaultVpc: true },
    assignPublicIp: true, // default VPC subnets have no NAT: tasks need a public IP to pull images
    ingressCidrs: ['203.0.113.0/24'], // replace with your office/VPN range
    desiredCount: 1,
    logRetentionDays: 14,
  },
  smoke: { resultsExpirationDays: 3 },
  // Alarms, dashboard and named queries, but no notifications: dev alarms change state in the console
  // and in `icelog-smoke status` without paging anyone.
  monitoring: { notifications: [] },
};
