import { ICELOG_RULES, TerraformJson, runPack, runPackOnStacks } from '../src';
import { COMPLIANT_STACK, STRICT } from './fixtures/compliant-stack';

/**
 * "A rule never crashes on an unresolved token": every rule runs over stacks where values have been
 * replaced by expressions or by values of the wrong shape, and must answer without throwing (the
 * runner turns a throw into an `error` finding, which these tests forbid).
 */

type Mutator = (value: unknown, depth: number) => unknown;

/** Applies `mutate` to every value below the blocks of resources, data sources, backend and providers. */
function mutateBodies(json: TerraformJson, mutate: Mutator): TerraformJson {
  const walk = (value: unknown, depth: number): unknown => {
    const replaced = mutate(value, depth);
    if (replaced !== value) return replaced;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, k === '//' ? v : walk(v, depth + 1)]),
      );
    }
    return value;
  };
  const copy = structuredClone(json) as any;
  for (const section of ['resource', 'data']) {
    for (const blocks of Object.values(copy[section] ?? {}) as Record<string, unknown>[]) {
      for (const name of Object.keys(blocks)) blocks[name] = walk(blocks[name], 0);
    }
  }
  copy.terraform.backend.s3 = walk(copy.terraform.backend.s3, 0);
  copy.provider.aws = walk(copy.provider.aws, 0);
  return copy;
}

const variants: [string, Mutator][] = [
  ['every scalar is ${var.x}', (v, d) => (d > 0 && v !== null && typeof v !== 'object' ? '${var.x}' : v)],
  [
    'every nested block is ${var.x}',
    (v, d) => (d > 0 && v !== null && typeof v === 'object' ? '${var.x}' : v),
  ],
  [
    'every scalar is a reference to a missing resource',
    (v, d) => (d > 0 && typeof v === 'string' ? '${aws_missing.m.arn}' : v),
  ],
  ['every value is null', (v, d) => (d > 0 ? null : v)],
  ['every value is a number', (v, d) => (d > 0 ? 7 : v)],
  ['every list is empty', (v) => (Array.isArray(v) ? [] : v)],
  [
    'every string is a function call with braces',
    (v, d) => (d > 0 && typeof v === 'string' ? '${jsonencode({ a = "}" })}' : v),
  ],
  [
    'every string is an unterminated expression',
    (v, d) => (d > 0 && typeof v === 'string' ? '${aws_s3_bucket.b' : v),
  ],
];

describe.each(variants)('when %s', (_name, mutate) => {
  const json = mutateBodies(COMPLIANT_STACK, mutate);

  it('no rule throws', () => {
    const report = runPackOnStacks([{ json }, { name: 'other', json }], STRICT);
    expect(report.findings.filter((f) => f.status === 'error')).toEqual([]);
    expect(new Set(report.findings.map((f) => f.ruleId)).size).toBeGreaterThanOrEqual(
      ICELOG_RULES.length - 5,
    );
  });
});

it('an empty stack yields no findings and passes', () => {
  expect(runPack({}, STRICT)).toMatchObject({ findings: [], passed: true });
});

it('every block replaced by an expression still yields no errors', () => {
  const json = structuredClone(COMPLIANT_STACK) as any;
  for (const blocks of Object.values(json.resource) as Record<string, unknown>[]) {
    for (const name of Object.keys(blocks))
      blocks[name] = { bucket: '${var.x}', policy: '${var.x}', container_definitions: '${var.x}' };
  }
  const report = runPack(json, STRICT);
  expect(report.findings.filter((f) => f.status === 'error')).toEqual([]);
});
