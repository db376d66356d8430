import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';

/** The parts of an ARN. Empty `region`/`account` give `arn:<partition>:<service>:::<resource>`. */
export interface ArnParts {
  /** Service namespace, e.g. `glue`. */
  readonly service: string;
  /** Resource part, e.g. `table/db/tbl`. */
  readonly resource: string;
  /**
   * Region of the resource; `''` for global resources (IAM, S3 buckets).
   * @default - the stack's region from the `aws_region` data source
   */
  readonly region?: string;
  /**
   * Account of the resource; `''` for resources without one (S3 buckets).
   * @default - the caller's account from the `aws_caller_identity` data source
   */
  readonly account?: string;
}

const CONTEXT_ID = 'IcelogAwsContext';

/**
 * Account, region and partition of a stack, read from the `aws_caller_identity`, `aws_region` and
 * `aws_partition` data sources, so ARNs never hold a literal account id, region or partition and
 * synth needs no credentials. One instance per stack: always obtain it with {@link AwsContext.of}.
 */
export class AwsContext extends Construct {
  /** The stack's single AwsContext, created on first use. */
  static of(scope: IConstruct): AwsContext {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(CONTEXT_ID);
    return existing instanceof AwsContext ? existing : new AwsContext(stack, CONTEXT_ID);
  }

  /** Account id of the credentials Terraform runs with (a token). */
  readonly accountId: string;
  /** Region of the stack's AWS provider (a token). */
  readonly region: string;
  /** Partition, e.g. `aws`, `aws-cn` (a token). */
  readonly partition: string;
  /** DNS suffix of the partition, e.g. `amazonaws.com` (a token). */
  readonly dnsSuffix: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, 'CallerIdentity').accountId;
    this.region = new DataAwsRegion(this, 'Region').name;
    const partition = new DataAwsPartition(this, 'Partition');
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
  }

  /** Formats `arn:<partition>:<service>:<region>:<account>:<resource>` from the stack's data sources. */
  arn(parts: ArnParts): string {
    const region = parts.region ?? this.region;
    const account = parts.account ?? this.accountId;
    return `arn:${this.partition}:${parts.service}:${region}:${account}:${parts.resource}`;
  }
}
