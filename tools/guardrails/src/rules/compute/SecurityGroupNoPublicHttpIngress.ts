import { publicPortRule } from '../../net/public-port-rule';

/** CKV_AWS_260: no ingress from anywhere to port 80. */
export const SecurityGroupNoPublicHttpIngress = publicPortRule('CKV_AWS_260', 80, 'HTTP');
