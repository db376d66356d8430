import { IConstruct } from 'constructs';
import { AwsContext } from './aws-context';
import { PolicyCondition } from './iam';

/**
 * The `kms:ViaService` condition that limits use of a KMS key to requests `service` makes on the
 * principal's behalf in the stack's region: `StringEquals kms:ViaService <service>.<region>.<dnsSuffix>`,
 * e.g. `s3.eu-west-1.amazonaws.com`, or `s3.cn-north-1.amazonaws.com.cn` in the aws-cn partition. Region
 * and DNS suffix come from the stack's `aws_region` and `aws_partition` data sources, never literals.
 *
 * @param service the service endpoint prefix, e.g. `s3`, `kinesis`, `firehose`, `logs`
 */
export function kmsViaService(scope: IConstruct, service: string): PolicyCondition {
  const ctx = AwsContext.of(scope);
  return {
    test: 'StringEquals',
    variable: 'kms:ViaService',
    values: [`${service}.${ctx.region}.${ctx.dnsSuffix}`],
  };
}
