import { Token } from 'cdktf';
import {
  ValidationError,
  checkIntegerInRange,
  checkNonEmpty,
  checkOneOf,
  checkPattern,
  checkUnique,
  validateBucketName,
  validateBucketPrefix,
  validateDeliveryStreamName,
  validateGlueName,
  validateLogRetention,
  validateS3Prefix,
  isUnresolved,
} from '../src';

describe('ValidationError', () => {
  test('names the field, the rule and the value received', () => {
    const error = new ValidationError(
      'delivery.bufferingInterval',
      901,
      'must be an integer from 0 to 900 (seconds)',
    );
    expect(error.message).toBe(
      'Invalid delivery.bufferingInterval: must be an integer from 0 to 900 (seconds). Received: 901',
    );
    expect(error.field).toBe('delivery.bufferingInterval');
    expect(error.value).toBe(901);
  });

  test('quotes strings and renders objects as JSON', () => {
    expect(new ValidationError('f', 'x y', 'r').message).toBe('Invalid f: r. Received: "x y"');
    expect(new ValidationError('f', [1, 2], 'r').message).toBe('Invalid f: r. Received: [1,2]');
  });
});

describe('generic checks', () => {
  test('checkIntegerInRange accepts the bounds and rejects outside or fractions', () => {
    expect(() => checkIntegerInRange('n', 0, 0, 900, 'seconds')).not.toThrow();
    expect(() => checkIntegerInRange('n', 900, 0, 900)).not.toThrow();
    expect(() => checkIntegerInRange('n', 901, 0, 900, 'seconds')).toThrow(
      'Invalid n: must be an integer from 0 to 900 (seconds). Received: 901',
    );
    expect(() => checkIntegerInRange('n', 1.5, 0, 900)).toThrow(
      'Invalid n: must be an integer from 0 to 900. Received: 1.5',
    );
  });

  test('unresolved tokens are skipped', () => {
    expect(() => checkIntegerInRange('n', Token.asNumber({ ref: 1 } as never), 0, 1)).not.toThrow();
    expect(() => checkPattern('s', Token.asString({ ref: 1 } as never), /^a$/, 'rule')).not.toThrow();
  });

  test('checkOneOf lists the allowed values', () => {
    expect(() => checkOneOf('op', 'upsert', ['insert', 'update', 'delete'])).toThrow(
      'Invalid op: must be one of "insert", "update", "delete". Received: "upsert"',
    );
  });

  test('checkUnique names the duplicate', () => {
    expect(() => checkUnique('statuses', [200, 404, 200])).toThrow(
      'Invalid statuses: must not contain duplicates ("200" appears twice). Received: [200,404,200]',
    );
  });

  test('checkNonEmpty', () => {
    expect(() => checkNonEmpty('routes', [])).toThrow(
      'Invalid routes: must contain at least one entry. Received: []',
    );
  });
});

describe('AWS names', () => {
  test.each(['icelog_dev', 'a', 'request_200', 'x'.repeat(255)])('glue name %s is valid', (name) => {
    expect(() => validateGlueName('database', name)).not.toThrow();
  });

  test.each(['Icelog', 'ice-log', '', 'x'.repeat(256), 'a b'])('glue name %j is rejected', (name) => {
    expect(() => validateGlueName('database', name)).toThrow(
      'Invalid database: must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires)',
    );
  });

  test('delivery stream names', () => {
    expect(() => validateDeliveryStreamName('name', 'icelog-dev.logs_1')).not.toThrow();
    expect(() => validateDeliveryStreamName('name', 'a'.repeat(65))).toThrow(
      'must be 1–64 characters of [a-zA-Z0-9_.-]',
    );
    expect(() => validateDeliveryStreamName('name', 'bad name')).toThrow(
      'Invalid name: must be 1–64 characters',
    );
  });

  test.each([
    ['ab', 'must be 3–63 characters long'],
    ['a'.repeat(64), 'must be 3–63 characters long'],
    ['My-Bucket', 'may contain only lower-case letters, digits, dots and hyphens'],
    ['-bucket', 'must start and end with a letter or digit'],
    ['bucket.', 'must start and end with a letter or digit'],
    ['my..bucket', 'must not contain two adjacent dots'],
    ['192.168.5.4', 'must not be formatted as an IP address'],
    ['xn--bucket', 'must not start with the reserved prefix "xn--"'],
    ['sthree-bucket', 'must not start with the reserved prefix "sthree-"'],
    ['amzn-s3-demo-bucket', 'must not start with the reserved prefix "amzn-s3-demo-"'],
    ['bucket-s3alias', 'must not end with the reserved suffix "-s3alias"'],
    ['bucket--ol-s3', 'must not end with the reserved suffix "--ol-s3"'],
    ['bucket.mrap', 'must not end with the reserved suffix ".mrap"'],
    ['bucket--x-s3', 'must not end with the reserved suffix "--x-s3"'],
    ['bucket--table-s3', 'must not end with the reserved suffix "--table-s3"'],
  ])('bucket name %j: %s', (name, rule) => {
    expect(() => validateBucketName('bucketName', name)).toThrow(
      `Invalid bucketName: S3 bucket names ${rule}. Received: "${name}"`,
    );
  });

  test('valid bucket names and prefixes', () => {
    expect(() => validateBucketName('b', 'icelog-dev-warehouse.eu')).not.toThrow();
    expect(() => validateBucketPrefix('p', 'icelog-dev-')).not.toThrow();
    expect(() => validateBucketPrefix('p', 'x'.repeat(38))).toThrow('must be 1–37 characters');
    expect(() => validateBucketPrefix('p', 'xn--a')).toThrow('reserved prefix "xn--"');
  });

  test('log retention accepts only CloudWatch values', () => {
    expect(() => validateLogRetention('retention', 30)).not.toThrow();
    expect(() => validateLogRetention('retention', 31)).toThrow(
      'Invalid retention: must be one of 1, 3, 5, 7, 14, 30',
    );
    expect(() => validateLogRetention('retention', 0)).toThrow('Received: 0');
  });

  test('S3 prefixes', () => {
    expect(() => validateS3Prefix('p', 'errors/')).not.toThrow();
    expect(() => validateS3Prefix('p', 'errors/!{firehose:error-output-type}/')).not.toThrow();
    expect(() => validateS3Prefix('p', '/errors/')).toThrow('must be a relative S3 key prefix ending in "/"');
    expect(() => validateS3Prefix('p', 'errors')).toThrow('Received: "errors"');
  });
});

describe('isUnresolved', () => {
  const resolvable = { resolve: () => 'x', creationStack: [], toString: () => 'x' };

  test('plain values are resolved', () => {
    expect(isUnresolved('plain')).toBe(false);
    expect(isUnresolved('arn:aws:s3:::bucket')).toBe(false);
    expect(isUnresolved(42)).toBe(false);
    expect(isUnresolved(-1e300)).toBe(false);
    expect(isUnresolved(undefined)).toBe(false);
    expect(isUnresolved(true)).toBe(false);
  });

  test('string, number, list and embedded tokens are unresolved', () => {
    expect(isUnresolved(Token.asString(resolvable))).toBe(true);
    expect(isUnresolved(Token.asNumber(resolvable))).toBe(true);
    expect(isUnresolved(Token.asList(resolvable))).toBe(true);
    expect(isUnresolved(`prefix-${Token.asString(resolvable)}`)).toBe(true);
  });

  test('the validation entry point validates plain input without loading cdktf', () => {
    jest.isolateModules(() => {
      jest.doMock('cdktf', () => {
        throw new Error('cdktf must not be loaded by @icelog/core/validation');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const rules = require('../src/validation-entry') as typeof import('../src/validation-entry');
      expect(() => rules.validateGlueName('f', 'ok_name')).not.toThrow();
      expect(() => rules.checkIntegerInRange('n', 5, 1, 10)).not.toThrow();
      expect(() => rules.validateBucketName('b', 'Bad')).toThrow('Invalid b: S3 bucket names');
    });
  });
});
