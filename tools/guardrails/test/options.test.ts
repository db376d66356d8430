import { GuardrailOptions, cidrContains, parseCidr, resolveOptions } from '../src';

describe('resolveOptions', () => {
  it('applies defaults', () => {
    expect(resolveOptions()).toEqual({
      requireCmk: false,
      requireVersioning: false,
      allowPublicIp: false,
      requireDeletionProtection: false,
      allowedIngressCidrs: undefined,
      requireAlarmActions: false,
    });
  });

  it('keeps given values', () => {
    expect(resolveOptions({ requireCmk: true, allowedIngressCidrs: ['10.0.0.0/8', '::/0'] })).toMatchObject({
      requireCmk: true,
      allowedIngressCidrs: ['10.0.0.0/8', '::/0'],
    });
  });

  it('rejects options that are not an object', () => {
    expect(() => resolveOptions([] as unknown as GuardrailOptions)).toThrow(
      'Invalid options: must be an object. Received: []',
    );
  });

  it('rejects unknown options (a typo must not silently drop a requirement)', () => {
    expect(() => resolveOptions({ requireCMK: true } as unknown as GuardrailOptions)).toThrow(
      'Invalid requireCMK: is not an option; known options are requireCmk, requireVersioning, allowPublicIp, requireDeletionProtection, requireAlarmActions, allowedIngressCidrs. Received: true',
    );
  });

  it('rejects non-boolean flags', () => {
    expect(() => resolveOptions({ requireCmk: 'yes' } as unknown as GuardrailOptions)).toThrow(
      'Invalid requireCmk: must be true or false. Received: "yes"',
    );
  });

  it('rejects an empty CIDR list', () => {
    expect(() => resolveOptions({ allowedIngressCidrs: [] })).toThrow(
      'Invalid allowedIngressCidrs: must be a non-empty list of CIDRs. Received: []',
    );
  });

  it.each([['10.0.0.0'], ['10.0.0.256/8'], ['10.0.0.0/33'], ['2001:db8::/129'], ['1::2::3/64'], ['x/1']])(
    'rejects the malformed CIDR %s',
    (cidr) => {
      expect(() => resolveOptions({ allowedIngressCidrs: ['10.0.0.0/8', cidr] })).toThrow(
        `Invalid allowedIngressCidrs[1]: must be an IPv4 or IPv6 CIDR such as 10.0.0.0/16 or 2001:db8::/32. Received: ${JSON.stringify(cidr)}`,
      );
    },
  );
});

describe('CIDR containment', () => {
  const contains = (outer: string, inner: string) => cidrContains(parseCidr(outer)!, parseCidr(inner)!);

  it('contains subnets and itself', () => {
    expect(contains('10.0.0.0/8', '10.20.0.0/16')).toBe(true);
    expect(contains('10.0.0.0/8', '10.0.0.0/8')).toBe(true);
    expect(contains('0.0.0.0/0', '192.168.1.1/32')).toBe(true);
    expect(contains('2001:db8::/32', '2001:db8:ffff::/48')).toBe(true);
    expect(contains('::/0', '2001:db8::/32')).toBe(true);
  });

  it('does not contain wider, disjoint or other-family blocks', () => {
    expect(contains('10.0.0.0/16', '10.0.0.0/8')).toBe(false);
    expect(contains('10.0.0.0/8', '11.0.0.0/8')).toBe(false);
    expect(contains('0.0.0.0/0', '::/0')).toBe(false);
    expect(contains('2001:db8::/32', '2001:db9::/48')).toBe(false);
  });

  it('normalises host bits', () => {
    expect(parseCidr('10.1.2.3/8')?.network).toBe(parseCidr('10.0.0.0/8')?.network);
  });
});
