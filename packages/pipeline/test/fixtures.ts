import { IcelogConfigInput } from '../src';

/** The smallest valid configuration: every optional setting at its default. */
export const minimalConfig: IcelogConfigInput = {
  environment: 'test',
  region: 'eu-west-1',
  state: { bucket: 'state-bucket' },
  service: { network: { defaultVpc: true }, ingressCidrs: ['10.0.0.0/8'] },
};
