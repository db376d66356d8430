import { AlbDeletionProtection, AlbDropInvalidHeaders, AlbListenerHttps } from '../../src';
import { check, expectEveryRuleCovered, ref, stackJson } from '../helpers';

const lb = (body: object, type = 'aws_lb') =>
  stackJson({ resource: { [type]: { lb: { name: 'lb', ...body } } } });
const listener = (body: object) =>
  stackJson({
    resource: { aws_lb_listener: { l: { load_balancer_arn: ref('aws_lb.lb.arn'), port: 443, ...body } } },
  });

describe('CKV_AWS_131 AlbDropInvalidHeaders', () => {
  it('is compliant when invalid headers are dropped', () => {
    expect(check(AlbDropInvalidHeaders, lb({ drop_invalid_header_fields: true }), 'aws_lb.lb')).toEqual({
      status: 'compliant',
    });
  });

  it('is non-compliant by default (unset)', () => {
    expect(check(AlbDropInvalidHeaders, lb({ load_balancer_type: 'application' }), 'aws_lb.lb')).toEqual({
      status: 'non-compliant',
      message: 'drop_invalid_header_fields is unset; set it to true',
    });
  });

  it('inspects the aws_alb alias too', () => {
    expect(
      check(AlbDropInvalidHeaders, lb({ drop_invalid_header_fields: false }, 'aws_alb'), 'aws_alb.lb').status,
    ).toBe('non-compliant');
  });

  it('is not applicable to network load balancers', () => {
    expect(check(AlbDropInvalidHeaders, lb({ load_balancer_type: 'network' }), 'aws_lb.lb')).toEqual({
      status: 'not-applicable',
      message: 'load_balancer_type is "network"',
    });
  });
});

describe('CKV_AWS_2 AlbListenerHttps', () => {
  const L = 'aws_lb_listener.l';

  it('is compliant with HTTPS', () => {
    expect(check(AlbListenerHttps, listener({ protocol: 'HTTPS', certificate_arn: 'arn' }), L)).toEqual({
      status: 'compliant',
    });
  });

  it('is compliant with HTTP redirecting to HTTPS', () => {
    const json = listener({
      port: 80,
      protocol: 'HTTP',
      default_action: [
        { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
      ],
    });
    expect(check(AlbListenerHttps, json, L)).toEqual({
      status: 'compliant',
      message: 'redirects HTTP to HTTPS',
    });
  });

  it('is non-compliant with HTTP forwarding', () => {
    const json = listener({
      port: 80,
      protocol: 'HTTP',
      default_action: [{ type: 'forward', target_group_arn: 'tg' }],
    });
    expect(check(AlbListenerHttps, json, L)).toEqual({
      status: 'non-compliant',
      message: 'protocol is "HTTP" without a redirect to HTTPS; use "HTTPS" or a redirect default_action',
    });
  });

  it('is non-compliant when protocol is unset (HTTP by default) without a redirect', () => {
    expect(check(AlbListenerHttps, listener({ default_action: { type: 'forward' } }), L).status).toBe(
      'non-compliant',
    );
  });

  it('is non-compliant when protocol is an unresolved expression', () => {
    expect(check(AlbListenerHttps, listener({ protocol: ref('var.protocol') }), L)).toEqual({
      status: 'non-compliant',
      message: 'protocol is "${var.protocol}"; use "HTTPS"',
    });
  });

  it('is not applicable to TCP listeners', () => {
    expect(check(AlbListenerHttps, listener({ protocol: 'TCP' }), L).status).toBe('not-applicable');
  });
});

describe('CKV_AWS_150 AlbDeletionProtection', () => {
  it('is not applicable unless requireDeletionProtection', () => {
    expect(check(AlbDeletionProtection, lb({}), 'aws_lb.lb')).toEqual({
      status: 'not-applicable',
      message: 'requireDeletionProtection is off',
    });
  });

  it('is compliant with deletion protection', () => {
    const json = lb({ enable_deletion_protection: true });
    expect(check(AlbDeletionProtection, json, 'aws_lb.lb', { requireDeletionProtection: true })).toEqual({
      status: 'compliant',
    });
  });

  it('is non-compliant without it', () => {
    expect(check(AlbDeletionProtection, lb({}), 'aws_lb.lb', { requireDeletionProtection: true })).toEqual({
      status: 'non-compliant',
      message: 'enable_deletion_protection is unset; set it to true',
    });
  });
});

it('covers every alb rule with a compliant and a non-compliant fixture', () => {
  expectEveryRuleCovered('alb');
});
