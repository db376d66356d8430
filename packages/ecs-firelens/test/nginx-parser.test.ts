import { execFileSync } from 'node:child_process';
import {
  NGINX_ACCESS_LOG_PARSER,
  NGINX_ACCESS_LOG_REGEX,
  NGINX_TIME_FORMAT,
  applyParserFilter,
  applyTypes,
  checkPortableRegex,
  parseNginxLine,
  runParser,
} from '../src';
import { ACCESS_LINES, NON_ACCESS_LINES } from './fixtures/nginx-lines';
import { loadOniguruma, onigCompile, onigMatch } from './support/oniguruma';

const groupNames = checkPortableRegex('regex', NGINX_ACCESS_LOG_REGEX).groupNames;
const types = NGINX_ACCESS_LOG_PARSER.types ?? {};

beforeAll(loadOniguruma);

describe('the default nginx access-log regex', () => {
  test('names exactly the access-log columns, in log order', () => {
    expect(groupNames).toEqual([
      'remote_addr',
      'remote_user',
      'time_local',
      'request',
      'status',
      'body_bytes_sent',
      'http_referer',
      'http_user_agent',
      'http_x_forwarded_for',
    ]);
  });

  test('compiles in Oniguruma with Ruby syntax', () => {
    expect(() => onigCompile(NGINX_ACCESS_LOG_REGEX).dispose()).not.toThrow();
  });

  describe.each(ACCESS_LINES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    test('JavaScript: parseNginxLine returns every field, status and body size as integers', () => {
      const record = parseNginxLine(fixture.line);
      expect(record).toEqual(fixture.expected);
      expect(Number.isInteger(record?.status)).toBe(true);
      expect(Number.isInteger(record?.body_bytes_sent)).toBe(true);
    });

    test('Oniguruma captures the same fields, and the Types casts give the same record', () => {
      const captured = onigMatch(NGINX_ACCESS_LOG_REGEX, groupNames, fixture.line);
      expect(captured).toBeDefined();
      expect(applyTypes(captured!, types)).toEqual(fixture.expected);
    });
  });

  test.each(NON_ACCESS_LINES.map((line) => [line]))('does not match in either engine: %j', (line) => {
    expect(parseNginxLine(line)).toBeUndefined();
    expect(onigMatch(NGINX_ACCESS_LOG_REGEX, groupNames, line)).toBeUndefined();
  });

  test('every fixture time parses with the parser time format (Python strptime, as the C strptime reads it)', () => {
    const times = ACCESS_LINES.map((f) => f.expected.time_local);
    const script =
      'import sys, json, datetime\n' +
      'fmt, values = sys.argv[1], json.loads(sys.argv[2])\n' +
      'print(json.dumps([datetime.datetime.strptime(v, fmt).isoformat() for v in values]))';
    const parsed: string[] = JSON.parse(
      execFileSync('python3', ['-c', script, NGINX_TIME_FORMAT, JSON.stringify(times)], { encoding: 'utf8' }),
    );
    expect(parsed[0]).toBe('2000-10-10T13:55:36+00:00');
    expect(parsed).toContain('2000-10-10T06:55:36-07:00');
    expect(parsed).toHaveLength(times.length);
  });
});

describe('runParser (Fluent Bit parser semantics)', () => {
  const line = ACCESS_LINES[0].line;

  test('keeps empty captures as "" by default and drops them with skipEmptyValues', () => {
    const combined = ACCESS_LINES.find((f) => f.name.startsWith('plain combined'))!.line;
    expect(runParser(NGINX_ACCESS_LOG_PARSER, combined)?.http_x_forwarded_for).toBe('');
    const skipping = runParser({ ...NGINX_ACCESS_LOG_PARSER, skipEmptyValues: true }, combined);
    expect(skipping).toBeDefined();
    expect(skipping).not.toHaveProperty('http_x_forwarded_for');
  });

  test('drops the time key only when timeKeep is false', () => {
    expect(runParser(NGINX_ACCESS_LOG_PARSER, line)).toHaveProperty(
      'time_local',
      '10/Oct/2000:13:55:36 +0000',
    );
    expect(runParser({ ...NGINX_ACCESS_LOG_PARSER, timeKeep: false }, line)).not.toHaveProperty('time_local');
  });

  test('without types every field stays a string', () => {
    const record = runParser({ ...NGINX_ACCESS_LOG_PARSER, types: undefined }, line);
    expect(record?.status).toBe('200');
    expect(record?.body_bytes_sent).toBe('612');
  });

  test('searches anywhere in the line like onig_search when the regex is not anchored', () => {
    expect(runParser({ name: 'p', regex: '(?<code>[0-9]{3})' }, 'status=404 ok')).toEqual({ code: '404' });
  });
});

describe('applyParserFilter (the wire records)', () => {
  const metadata = {
    source: 'stdout',
    container_id: '0123456789ab',
    container_name: 'nginx',
    ecs_cluster: 'icelog-dev',
    ecs_task_arn: 'arn:aws:ecs:eu-west-1:111122223333:task/icelog-dev/0123',
    ecs_task_definition: 'icelog-dev-web:3',
  };

  test('an access line becomes the access columns plus the FireLens metadata, without log', () => {
    const record = applyParserFilter({ ...metadata, log: ACCESS_LINES[0].line }, NGINX_ACCESS_LOG_PARSER);
    expect(record).toEqual({ ...metadata, ...ACCESS_LINES[0].expected });
    expect(record).not.toHaveProperty('log');
  });

  test('an nginx error line passes through unchanged (log kept, no status)', () => {
    const input = { ...metadata, source: 'stderr', log: NON_ACCESS_LINES[0] };
    const record = applyParserFilter(input, NGINX_ACCESS_LOG_PARSER);
    expect(record).toEqual(input);
    expect(record).not.toHaveProperty('status');
  });

  test('Preserve_Key keeps the raw line; Reserve_Data off drops the metadata', () => {
    const input = { ...metadata, log: ACCESS_LINES[0].line };
    expect(applyParserFilter(input, NGINX_ACCESS_LOG_PARSER, { preserveKey: true })).toHaveProperty(
      'log',
      ACCESS_LINES[0].line,
    );
    expect(applyParserFilter(input, NGINX_ACCESS_LOG_PARSER, { reserveData: false })).toEqual(
      ACCESS_LINES[0].expected,
    );
    expect(
      applyParserFilter(input, NGINX_ACCESS_LOG_PARSER, { reserveData: false, preserveKey: true }),
    ).toEqual({
      log: ACCESS_LINES[0].line,
      ...ACCESS_LINES[0].expected,
    });
  });

  test('a record without a string under the key passes through', () => {
    expect(applyParserFilter({ log: 42, source: 'stdout' }, NGINX_ACCESS_LOG_PARSER)).toEqual({
      log: 42,
      source: 'stdout',
    });
  });
});
