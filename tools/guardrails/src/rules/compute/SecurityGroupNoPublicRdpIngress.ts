import { publicPortRule } from '../../net/public-port-rule';

/** CKV_AWS_25: no ingress from anywhere to port 3389. */
export const SecurityGroupNoPublicRdpIngress = publicPortRule('CKV_AWS_25', 3389, 'RDP');
