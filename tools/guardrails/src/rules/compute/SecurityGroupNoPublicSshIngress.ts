import { publicPortRule } from '../../net/public-port-rule';

/** CKV_AWS_24: no ingress from anywhere to port 22. */
export const SecurityGroupNoPublicSshIngress = publicPortRule('CKV_AWS_24', 22, 'SSH');
