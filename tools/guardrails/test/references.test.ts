import {
  interpolations,
  isUnresolved,
  isWholeExpression,
  literalSkeleton,
  parseTraversal,
  referencesIn,
  refersTo,
  sameValue,
  soleReference,
} from '../src';

describe('interpolations', () => {
  it('finds each ${…} with its offsets', () => {
    expect(interpolations('arn:${data.aws_partition.p.partition}:s3:::${aws_s3_bucket.b.bucket}/*')).toEqual([
      { expression: 'data.aws_partition.p.partition', start: 4, end: 37 },
      { expression: 'aws_s3_bucket.b.bucket', start: 43, end: 68 },
    ]);
  });

  it('skips the $${ escape for a literal ${', () => {
    expect(interpolations('echo $${HOME}')).toEqual([]);
    expect(isUnresolved('echo $${HOME}')).toBe(false);
  });

  it('keeps nested braces and braces inside quoted strings in one expression', () => {
    const value = '${jsonencode({ a = "}", b = { c = 1 } })} tail';
    expect(interpolations(value)).toEqual([
      { expression: 'jsonencode({ a = "}", b = { c = 1 } })', start: 0, end: 41 },
    ]);
  });

  it('runs an unterminated ${ to the end instead of throwing', () => {
    expect(interpolations('x ${aws_s3_bucket.b')).toEqual([
      { expression: 'aws_s3_bucket.b', start: 2, end: 19 },
    ]);
  });

  it('is empty for literals', () => {
    expect(interpolations('plain')).toEqual([]);
    expect(isUnresolved(42)).toBe(false);
    expect(isUnresolved({ a: '${x.y}' })).toBe(false);
  });
});

describe('parseTraversal and soleReference', () => {
  it('parses resource, data, variable, local and module references', () => {
    expect(parseTraversal('aws_iam_role.r.arn')).toEqual({
      kind: 'resource',
      type: 'aws_iam_role',
      name: 'r',
      attribute: 'arn',
      text: 'aws_iam_role.r.arn',
    });
    expect(soleReference('${data.aws_iam_policy_document.p.json}')).toMatchObject({
      kind: 'data',
      type: 'aws_iam_policy_document',
      name: 'p',
      attribute: 'json',
    });
    expect(soleReference('${var.env}')).toMatchObject({ kind: 'variable', name: 'env', attribute: '' });
    expect(soleReference('${local.tags.team}')).toMatchObject({
      kind: 'local',
      name: 'tags',
      attribute: 'team',
    });
    expect(soleReference('${module.net.vpc_id}')).toMatchObject({
      kind: 'module',
      name: 'net',
      attribute: 'vpc_id',
    });
  });

  it('reads index and splat segments', () => {
    expect(soleReference('${aws_s3_bucket_lifecycle_configuration.l.rule[0].id}')).toMatchObject({
      attribute: 'rule.0.id',
    });
    expect(soleReference('${aws_subnet.s[*].id}')).toMatchObject({ name: 's', attribute: '*.id' });
  });

  it('is undefined for function calls, operators, text around the expression, and non-strings', () => {
    expect(soleReference('${element(aws_subnet.s.*.id, 0)}')).toBeUndefined();
    expect(soleReference('${var.a == "x" ? 1 : 2}')).toBeUndefined();
    expect(soleReference('${aws_s3_bucket.b.arn}/*')).toBeUndefined();
    expect(soleReference('aws_s3_bucket.b.arn')).toBeUndefined();
    expect(soleReference(['${var.x}'])).toBeUndefined();
    expect(isWholeExpression('${var.x}')).toBe(true);
    expect(isWholeExpression(' ${var.x}')).toBe(false);
  });
});

describe('referencesIn and refersTo', () => {
  it('finds references inside function calls and nested values', () => {
    const refs = referencesIn({
      a: ['${element(aws_subnet.s.*.id, 0)}', 'x'],
      b: { c: 'arn:${data.aws_partition.p.partition}:s3:::${aws_s3_bucket.b.bucket}' },
    });
    expect(refs.map((r) => `${r.kind}:${r.type}.${r.name}`)).toEqual([
      'resource:aws_subnet.s',
      'data:aws_partition.p',
      'resource:aws_s3_bucket.b',
    ]);
  });

  it('does not take quoted text or numbers for references', () => {
    expect(referencesIn('${format("a.b.c", 1.5)}')).toEqual([]);
  });

  it('tells whether a value designates a block', () => {
    expect(refersTo('${aws_s3_bucket.b.id}', 'resource', 'aws_s3_bucket', 'b')).toBe(true);
    expect(refersTo('${aws_s3_bucket.bb.id}', 'resource', 'aws_s3_bucket', 'b')).toBe(false);
    expect(refersTo('${data.aws_s3_bucket.b.id}', 'resource', 'aws_s3_bucket', 'b')).toBe(false);
  });
});

describe('literalSkeleton and sameValue', () => {
  it('blanks out expressions so wildcards are seen only where literal', () => {
    expect(literalSkeleton('${aws_s3_bucket.b.arn}/*')).toBe('\u2026/*');
    expect(literalSkeleton('${var.star}', '?')).toBe('?');
  });

  it('compares references by the block they name', () => {
    expect(sameValue('${aws_iam_role.r.arn}', '${aws_iam_role.r.arn}')).toBe(true);
    expect(sameValue('${aws_iam_role.r.arn}', '${aws_iam_role.s.arn}')).toBe(false);
    expect(sameValue('arn:aws:iam::1:role/x', 'arn:aws:iam::1:role/x')).toBe(true);
    expect(sameValue(undefined, undefined)).toBe(false);
  });
});
