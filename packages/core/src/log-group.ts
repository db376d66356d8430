import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { validateLogRetention } from './aws-names';
import { checkPattern } from './validation';

/** Props of {@link RetainedLogGroup}. */
export interface RetainedLogGroupProps {
  /** Log group name, 1–512 characters of `[.\-_/#A-Za-z0-9]`. */
  readonly logGroupName: string;
  /**
   * Days to keep events; one of CloudWatch's allowed values ({@link LOG_RETENTION_DAYS}).
   * @default 30
   */
  readonly retentionInDays?: number;
  /**
   * KMS key ARN to encrypt the log events with.
   * @default - CloudWatch Logs' default encryption
   */
  readonly kmsKeyArn?: string;
}

/** A CloudWatch log group that always has a retention period (never "never expire"). */
export class RetainedLogGroup extends Construct {
  /** Default retention, in days. */
  static readonly DEFAULT_RETENTION_DAYS = 30;

  readonly logGroupName: string;
  /** ARN without the trailing `:*`. */
  readonly logGroupArn: string;
  readonly retentionInDays: number;
  readonly resource: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: RetainedLogGroupProps) {
    super(scope, id);
    checkPattern(
      `${id}.logGroupName`,
      props.logGroupName,
      /^[.\-_/#A-Za-z0-9]{1,512}$/,
      'must be 1–512 characters of [.-_/#A-Za-z0-9]',
    );
    this.retentionInDays = props.retentionInDays ?? RetainedLogGroup.DEFAULT_RETENTION_DAYS;
    validateLogRetention(`${id}.retentionInDays`, this.retentionInDays);
    this.resource = new CloudwatchLogGroup(this, 'LogGroup', {
      name: props.logGroupName,
      retentionInDays: this.retentionInDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.logGroupName = this.resource.name;
    this.logGroupArn = this.resource.arn;
  }
}
