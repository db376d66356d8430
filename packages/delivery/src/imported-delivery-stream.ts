import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { RoleReference, ValidationError, isUnresolved } from '@icelog/core';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IIcebergDeliveryStream, ProducerTarget } from './delivery-stream-ref';
import { grantProducer, producerStreamName } from './producer-grants';
import { parseKinesisStreamArn, validateKmsKeyArn } from './source';

/** A delivery stream created elsewhere (see `IcebergDeliveryStream.fromDeliveryStreamArn`). */
export class ImportedIcebergDeliveryStream extends Construct implements IIcebergDeliveryStream {
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  readonly producerTarget: ProducerTarget;
  private readonly literalName?: string;

  constructor(scope: Construct, id: string, deliveryStreamArn: string, producerTarget?: ProducerTarget) {
    super(scope, id);
    const parsed = parseDeliveryStreamArn(`${id}.deliveryStreamArn`, deliveryStreamArn);
    this.deliveryStreamArn = deliveryStreamArn;
    this.deliveryStreamName = parsed ?? Fn.element(Fn.split('/', deliveryStreamArn), 1);
    if (producerTarget?.kind === 'firehose') {
      const targetName = producerTarget.deliveryStreamName;
      if (parsed !== undefined && !isUnresolved(targetName) && targetName !== parsed) {
        throw new ValidationError(
          `${id}.producerTarget.deliveryStreamName`,
          targetName,
          `must be the imported stream "${parsed}" (a Direct PUT producer writes to the delivery stream itself)`,
        );
      }
    }
    if (producerTarget?.kind === 'kinesis') {
      parseKinesisStreamArn(`${id}.producerTarget.streamArn`, producerTarget.streamArn);
      if (producerTarget.encryptionKeyArn !== undefined)
        validateKmsKeyArn(`${id}.producerTarget.encryptionKeyArn`, producerTarget.encryptionKeyArn);
    }
    this.producerTarget = producerTarget ?? { kind: 'firehose', deliveryStreamName: this.deliveryStreamName };
    const targetName = producerStreamName(this.producerTarget);
    this.literalName = isUnresolved(targetName) ? undefined : targetName;
  }

  grantPutRecords(grantee: RoleReference): IamRolePolicy {
    return grantProducer(this, grantee, this.producerTarget, this.deliveryStreamArn, this.literalName);
  }
}

const DELIVERY_STREAM_ARN =
  /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/([a-zA-Z0-9_.-]{1,64})$/;

/** The name in a literal delivery stream ARN, or `undefined` for a token. Throws on a malformed ARN. */
function parseDeliveryStreamArn(field: string, arn: string): string | undefined {
  if (isUnresolved(arn)) return undefined;
  const match = typeof arn === 'string' ? DELIVERY_STREAM_ARN.exec(arn) : null;
  if (!match) {
    throw new ValidationError(
      field,
      arn,
      'must be a Firehose delivery stream ARN (arn:<partition>:firehose:<region>:<account>:deliverystream/<name>)',
    );
  }
  return match[1];
}
