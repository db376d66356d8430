import { CrossStackRule, GuardrailRule } from './rule';
import {
  S3BucketServerSideEncryption,
  S3BucketKmsEncryption,
  S3BucketPublicAccessBlock,
  S3BlockPublicAcls,
  S3BlockPublicPolicy,
  S3IgnorePublicAcls,
  S3RestrictPublicBuckets,
  S3BucketOwnerEnforced,
  S3BucketSslRequestsOnly,
  S3BucketAbortIncompleteMultipartUpload,
  S3BucketVersioning,
  FirehoseServerSideEncryption,
  FirehoseCustomerManagedKey,
  KinesisStreamEncryption,
  KinesisStreamCustomerManagedKey,
  FirehoseErrorLogging,
  FirehoseFailedRecordsKept,
  FirehoseRoleTrust,
  GlueNoWildcardArns,
  EcsTaskRoleNotExecutionRole,
  EcsNoPrivilegedContainers,
  EcsNoHostPidMode,
  EcsReadOnlyRootFilesystem,
  EcsClusterContainerInsights,
  EcsFargateLatestPlatform,
  EcsServiceNoPublicIp,
  SecurityGroupNoPublicHttpIngress,
  SecurityGroupNoPublicSshIngress,
  SecurityGroupNoPublicRdpIngress,
  SecurityGroupIngressAllowedCidrs,
  EcsNoPlaintextSecrets,
  AlbDropInvalidHeaders,
  AlbListenerHttps,
  AlbDeletionProtection,
  IamNoAdminPolicy,
  IamNoStarActions,
  IamNoWildcardResources,
  IamTrustNoWildcardPrincipal,
  IamTrustNoAccountRoot,
  LogGroupRetention,
  LogGroupKmsEncryption,
  AthenaWorkgroupEnforceConfiguration,
  AthenaWorkgroupEncryptedResults,
  KmsKeyRotation,
  BackendEncryption,
  BackendStateLocking,
  BackendNoCredentials,
  ProviderNoHardcodedCredentials,
  BackendStateKeyUnique,
} from './rules';

/** A named set of rules run together (cdk-nag's NagPack). */
export interface GuardrailPack {
  readonly name: string;
  /** Rules evaluated on each element of each stack. */
  readonly rules: readonly GuardrailRule[];
  /** Rules evaluated once over all stacks checked together. */
  readonly crossStackRules: readonly CrossStackRule[];
}

/** Every per-stack rule of icelog, in report order (storage, delivery, compute, alb, identity, logs, athena, kms, state). */
export const ICELOG_RULES: readonly GuardrailRule[] = [
  S3BucketServerSideEncryption,
  S3BucketKmsEncryption,
  S3BucketPublicAccessBlock,
  S3BlockPublicAcls,
  S3BlockPublicPolicy,
  S3IgnorePublicAcls,
  S3RestrictPublicBuckets,
  S3BucketOwnerEnforced,
  S3BucketSslRequestsOnly,
  S3BucketAbortIncompleteMultipartUpload,
  S3BucketVersioning,
  FirehoseServerSideEncryption,
  FirehoseCustomerManagedKey,
  KinesisStreamEncryption,
  KinesisStreamCustomerManagedKey,
  FirehoseErrorLogging,
  FirehoseFailedRecordsKept,
  FirehoseRoleTrust,
  GlueNoWildcardArns,
  EcsTaskRoleNotExecutionRole,
  EcsNoPrivilegedContainers,
  EcsNoHostPidMode,
  EcsReadOnlyRootFilesystem,
  EcsClusterContainerInsights,
  EcsFargateLatestPlatform,
  EcsServiceNoPublicIp,
  SecurityGroupNoPublicHttpIngress,
  SecurityGroupNoPublicSshIngress,
  SecurityGroupNoPublicRdpIngress,
  SecurityGroupIngressAllowedCidrs,
  EcsNoPlaintextSecrets,
  AlbDropInvalidHeaders,
  AlbListenerHttps,
  AlbDeletionProtection,
  IamNoAdminPolicy,
  IamNoStarActions,
  IamNoWildcardResources,
  IamTrustNoWildcardPrincipal,
  IamTrustNoAccountRoot,
  LogGroupRetention,
  LogGroupKmsEncryption,
  AthenaWorkgroupEnforceConfiguration,
  AthenaWorkgroupEncryptedResults,
  KmsKeyRotation,
  BackendEncryption,
  BackendStateLocking,
  BackendNoCredentials,
  ProviderNoHardcodedCredentials,
];

/** The cross-stack rules of icelog. */
export const ICELOG_CROSS_STACK_RULES: readonly CrossStackRule[] = [BackendStateKeyUnique];

/** The icelog pack: SECURITY.md as rules. */
export const ICELOG_PACK: GuardrailPack = definePack({
  name: 'icelog',
  rules: ICELOG_RULES,
  crossStackRules: ICELOG_CROSS_STACK_RULES,
});

/** Builds a pack; throws when two rules share an id (suppressions name rules by id). */
export function definePack(pack: GuardrailPack): GuardrailPack {
  const seen = new Set<string>();
  for (const rule of [...pack.rules, ...pack.crossStackRules]) {
    if (seen.has(rule.id)) throw new Error(`pack "${pack.name}": rule id ${rule.id} is used twice`);
    seen.add(rule.id);
  }
  return pack;
}
