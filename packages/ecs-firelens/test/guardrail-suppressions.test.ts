import { newTestStack, synthesizeWithMetadata } from '@icelog/core/testing';
import { FireLensService, FireLensServiceProps } from '../src';
import { DeliveryStreamDouble } from './support/delivery-double';

function synth(overrides: Partial<FireLensServiceProps> = {}) {
  const stack = newTestStack();
  new FireLensService(stack, 'Web', {
    deliveryStream: new DeliveryStreamDouble(stack, 'Delivery'),
    serviceName: 'icelog-prod-web',
    network: { vpc: { defaultVpc: true }, ingressCidrs: ['0.0.0.0/0'], allowPublicIngress: true },
    ...overrides,
  });
  return synthesizeWithMetadata(stack);
}

const suppressedIds = (block: any): string[] =>
  (block['//']?.guardrails?.suppressions ?? []).map((s: { id: string }) => s.id);

describe('guardrail suppressions recorded next to the resources', () => {
  test('the config bucket explains why it is not versioned', () => {
    const buckets = Object.values(synth().resource.aws_s3_bucket);
    expect(buckets.map(suppressedIds)).toEqual([['CKV_AWS_21']]);
  });

  test('port 80 open to the world is accepted only when it merely redirects to HTTPS', () => {
    const https = synth({
      loadBalancer: {
        internetFacing: true,
        subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
        certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/00000000-0000-4000-8000-000000000000',
      },
    });
    const rules = Object.entries(https.resource.aws_vpc_security_group_ingress_rule);
    const port80 = rules.filter(([id]) => id.includes('Port80From'));
    const port443 = rules.filter(([id]) => id.includes('Port443From'));
    expect(port80.map(([, r]) => suppressedIds(r))).toEqual([['CKV_AWS_260']]);
    expect(port443.map(([, r]) => suppressedIds(r))).toEqual([[]]);

    const plainHttp = synth({
      loadBalancer: {
        internetFacing: true,
        allowPlainHttp: true,
        subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
      },
    });
    const httpRules = Object.entries(plainHttp.resource.aws_vpc_security_group_ingress_rule).filter(([id]) =>
      id.includes('Port80From'),
    );
    expect(httpRules.map(([, r]) => suppressedIds(r))).toEqual([[]]);
  });
});
