import { defineRule, compliant, nonCompliant, notApplicable } from '../../rule';
import { block, blocks, show } from '../../hcl';

const LAYER4 = ['TCP', 'UDP', 'TCP_UDP', 'GENEVE'];

/** CKV_AWS_2: listeners use HTTPS, or redirect HTTP to HTTPS. */
export const AlbListenerHttps = defineRule({
  id: 'CKV_AWS_2',
  title: 'Load balancer listener uses HTTPS or redirects to it',
  severity: 'high',
  area: 'alb',
  docs: 'A listener has protocol HTTPS (or TLS), or is an HTTP listener whose default action redirects to HTTPS, so traffic is encrypted in transit.',
  resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
  evaluate(listener) {
    const protocol = listener.body.protocol;
    if (protocol === 'HTTPS' || protocol === 'TLS') return compliant();
    if (typeof protocol === 'string' && LAYER4.includes(protocol))
      return notApplicable(`protocol ${protocol} is not HTTP`);
    const redirects = blocks(listener.body.default_action).some(
      (a) => a.type === 'redirect' && block(a.redirect)?.protocol === 'HTTPS',
    );
    if (protocol !== undefined && protocol !== 'HTTP') {
      return nonCompliant(`protocol is ${show(protocol)}; use "HTTPS"`);
    }
    if (redirects) return compliant('redirects HTTP to HTTPS');
    return nonCompliant(
      `protocol is ${show(protocol ?? 'HTTP')} without a redirect to HTTPS; use "HTTPS" or a redirect default_action`,
    );
  },
});
