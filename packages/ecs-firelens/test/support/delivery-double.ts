import { Construct } from 'constructs';
import { IGrantee, RoleReference, granteeFor } from '@icelog/core';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { IIcebergDeliveryStream, ProducerTarget } from '@icelog/delivery';

/**
 * A stand-in for the delivery package's construct: the {@link IIcebergDeliveryStream} interface with a
 * grant that behaves like the real one (one inline policy, exact ARN).
 */
export class DeliveryStreamDouble extends Construct implements IIcebergDeliveryStream {
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  readonly producerTarget: ProducerTarget;
  readonly grantees: IGrantee[] = [];

  constructor(scope: Construct, id: string, target?: ProducerTarget) {
    super(scope, id);
    this.deliveryStreamName = 'icelog-dev-access';
    this.deliveryStreamArn = 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/icelog-dev-access';
    this.producerTarget = target ?? { kind: 'firehose', deliveryStreamName: this.deliveryStreamName };
  }

  grantPutRecords(role: RoleReference): IamRolePolicy {
    const grantee = granteeFor(this, 'Grantee', role);
    this.grantees.push(grantee);
    const target = this.producerTarget;
    return grantee.addToPolicy(
      'PutRecords',
      target.kind === 'firehose'
        ? [
            {
              actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
              resources: [this.deliveryStreamArn],
            },
          ]
        : [
            {
              actions: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:ListShards'],
              resources: [target.streamArn],
            },
          ],
    );
  }
}
