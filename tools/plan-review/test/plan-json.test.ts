import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  attributePath,
  classifyActions,
  countActions,
  parsePlan,
  PlanReviewInputError,
  readPlanFile,
} from '../src';

const fixtures = join(__dirname, 'fixtures', 'plans');

describe('classifyActions', () => {
  it.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete'], 'delete'],
    [['read'], 'read'],
    [['no-op'], 'no-op'],
    [['forget'], 'forget'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['create', 'forget'], 'replace-forget'],
    [['forget', 'create'], 'replace-forget'],
  ])('folds %j into %s', (actions, expected) => {
    expect(classifyActions(actions)).toBe(expected);
  });

  it('folds a list no Terraform version writes into unknown instead of failing', () => {
    expect(classifyActions(['create', 'update'])).toBe('unknown');
    expect(classifyActions(['archive'])).toBe('unknown');
    expect(classifyActions([])).toBe('unknown');
  });
});

describe('parsePlan', () => {
  it('accepts terraform show -json output and keeps its fields', () => {
    const plan = readPlanFile(join(fixtures, 'delivery-stream-replaced.json'));
    expect(plan.format_version).toBe('1.2');
    expect(plan.terraform_version).toBe('1.11.4');
    expect(plan.resource_changes).toHaveLength(6);
  });

  it('treats a plan without resource_changes as empty', () => {
    expect(countActions(parsePlan({ format_version: '1.2' }).resource_changes ?? [])).toEqual({
      create: 0,
      update: 0,
      replace: 0,
      delete: 0,
      read: 0,
      'no-op': 0,
      forget: 0,
      'replace-forget': 0,
      unknown: 0,
    });
  });

  it('rejects input that is not an object', () => {
    expect(() => parsePlan([1], 'p.json')).toThrow('Invalid p.json: must be a JSON object. Received: [1]');
  });

  it('rejects JSON without format_version (not a plan)', () => {
    expect(() => parsePlan({ resource_changes: [] }, 'p.json')).toThrow(
      'Invalid p.json.format_version: must be a string: is this `terraform show -json <planfile>` output?. Received: undefined',
    );
  });

  it('rejects resource_changes that is not an array', () => {
    expect(() => parsePlan({ format_version: '1.2', resource_changes: {} }, 'p.json')).toThrow(
      'Invalid p.json.resource_changes: must be an array. Received: {}',
    );
  });

  it('rejects a change without address', () => {
    expect(() =>
      parsePlan({ format_version: '1.2', resource_changes: [{ type: 'aws_s3_bucket' }] }, 'p.json'),
    ).toThrow(
      'Invalid p.json.resource_changes[0]: must be an object with string address and type. Received: {"type":"aws_s3_bucket"}',
    );
  });

  it('rejects a change without actions', () => {
    const rc = { address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', change: {} };
    expect(() => parsePlan({ format_version: '1.2', resource_changes: [rc] }, 'p.json')).toThrow(
      'Invalid p.json.resource_changes[0].change.actions: must be an array of action names (strings). Received: undefined',
    );
  });

  it('rejects actions that are not strings', () => {
    const rc = { address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', change: { actions: [1] } };
    expect(() => parsePlan({ format_version: '1.2', resource_changes: [rc] })).toThrow(PlanReviewInputError);
  });

  it('accepts an action list it does not know (reviewed as unknown, never an error)', () => {
    const rc = { address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', change: { actions: ['explode'] } };
    expect(parsePlan({ format_version: '1.2', resource_changes: [rc] }).resource_changes).toHaveLength(1);
  });
});

describe('readPlanFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-review-'));

  it('names a missing file', () => {
    expect(() => readPlanFile(join(dir, 'nope.json'))).toThrow(
      new RegExp(
        `^Invalid plan file: must be readable \\(ENOENT.*\\)\\. Received: "${join(dir, 'nope.json')}"$`,
      ),
    );
  });

  it('names a file that is not JSON', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, 'Plan: 1 to add');
    expect(() => readPlanFile(path)).toThrow(
      /^Invalid plan file: must hold JSON \(.*\)\. Received: ".*bad\.json"$/,
    );
  });
});

describe('countActions', () => {
  it('counts every change of the fixture by action', () => {
    const plan = readPlanFile(join(fixtures, 'delivery-stream-replaced.json'));
    expect(countActions(plan.resource_changes!)).toEqual({
      create: 1,
      update: 1,
      replace: 2,
      delete: 0,
      read: 1,
      'no-op': 1,
      forget: 0,
      'replace-forget': 0,
      unknown: 0,
    });
  });
});

describe('attributePath', () => {
  it('drops list indices', () => {
    expect(attributePath(['iceberg_configuration', 0, 'catalog_arn'])).toBe(
      'iceberg_configuration.catalog_arn',
    );
    expect(attributePath(['name'])).toBe('name');
  });
});
