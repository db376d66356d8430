import {
  NGINX_ACCESS_LOG_PARSER,
  NGINX_ACCESS_LOG_REGEX,
  applyTypes,
  checkPortableRegex,
  parseNginxLine,
} from '../src';
import { RunningNginx, rawRequest, readLines, startNginx, waitForLines } from './support/nginx';
import { loadOniguruma, onigMatch } from './support/oniguruma';

/**
 * Lines written by a real nginx (/usr/sbin/nginx, Debian's nginx-light), configured with the official
 * image's `log_format main`, parsed by the generated regex in JavaScript and in Oniguruma.
 *
 * IPv6: tests may only bind 127.0.0.1, so nginx does not listen on ::1. Instead the realip module (trusting
 * 127.0.0.1 for X-Real-IP) makes nginx itself log an IPv6 `$remote_addr` — the same way it logs clients
 * behind a load balancer — so the IPv6 case is still a line nginx wrote, not a hand-made fixture.
 */

const groupNames = checkPortableRegex('regex', NGINX_ACCESS_LOG_REGEX).groupNames;
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const basic = Buffer.from('john doe:secret').toString('base64');

const REQUESTS: readonly (string | Buffer)[] = [
  'GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n',
  Buffer.concat([
    utf8('GET /missing?q="x" HTTP/1.1\r\nHost: t\r\n'),
    utf8('User-Agent: evil "agent" ü\r\n'),
    utf8('Referer: http://ref/?q="x"\r\n'),
    utf8('X-Forwarded-For: 203.0.113.7, 2001:db8::1\r\n'),
    utf8(`Authorization: Basic ${basic}\r\nConnection: close\r\n\r\n`),
  ]),
  'GET /v6 HTTP/1.1\r\nHost: t\r\nX-Real-IP: 2001:db8::42\r\nConnection: close\r\n\r\n',
  'GARBAGE\r\n\r\n',
  '\r\n\r\n',
  Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00]),
  'GET / HTTP/1.1\r\nHost: t\r\nUser-Agent: \r\nReferer: \r\nConnection: close\r\n\r\n',
  'HEAD / HTTP/1.0\r\n\r\n',
];

let nginx: RunningNginx;
let mainLines: string[];
let combinedLines: string[];
let errorLines: string[];

beforeAll(async () => {
  await loadOniguruma();
  nginx = await startNginx();
  try {
    for (const request of REQUESTS) await rawRequest(nginx.port, request);
    mainLines = await waitForLines(nginx.accessLogPath, REQUESTS.length);
    combinedLines = await waitForLines(nginx.combinedLogPath, REQUESTS.length);
  } finally {
    await nginx.stop();
  }
  errorLines = readLines(nginx.errorLogPath);
}, 30_000);

afterAll(() => nginx?.remove());

describe('a real nginx', () => {
  test('wrote one access line per request in each format', () => {
    expect(mainLines).toHaveLength(REQUESTS.length);
    expect(combinedLines).toHaveLength(REQUESTS.length);
  });

  test('every access line parses in JavaScript, and Oniguruma captures the same record', () => {
    for (const line of [...mainLines, ...combinedLines]) {
      const record = parseNginxLine(line);
      expect({ line, parsed: record !== undefined }).toEqual({ line, parsed: true });
      const captured = onigMatch(NGINX_ACCESS_LOG_REGEX, groupNames, line);
      expect(captured && applyTypes(captured, NGINX_ACCESS_LOG_PARSER.types ?? {})).toEqual(record);
      expect(typeof record?.status).toBe('number');
      expect(typeof record?.body_bytes_sent).toBe('number');
      expect(record?.time_local).toMatch(
        /^[0-9]{2}\/[A-Z][a-z]{2}\/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} -0700$/,
      );
    }
  });

  test('the fields are what nginx logged for each request', () => {
    const records = mainLines.map((line) => parseNginxLine(line)!);
    expect(records[0]).toMatchObject({
      remote_addr: '127.0.0.1',
      remote_user: '-',
      request: 'GET / HTTP/1.1',
      status: 200,
      body_bytes_sent: 6,
      http_referer: '-',
      http_user_agent: '-',
      http_x_forwarded_for: '-',
    });
    expect(records[1]).toMatchObject({
      remote_user: 'john doe',
      request: 'GET /missing?q=\\x22x\\x22 HTTP/1.1',
      status: 404,
      http_referer: 'http://ref/?q=\\x22x\\x22',
      http_user_agent: 'evil \\x22agent\\x22 \\xC3\\xBC',
      http_x_forwarded_for: '203.0.113.7, 2001:db8::1',
    });
    expect(records[1].body_bytes_sent).toBeGreaterThan(0);
    expect(records[2]).toMatchObject({
      remote_addr: '2001:db8::42',
      request: 'GET /v6 HTTP/1.1',
      status: 200,
    });
    expect(records[3]).toMatchObject({ request: 'GARBAGE', status: 400 });
    expect(records[4]).toMatchObject({ request: '', status: 400, body_bytes_sent: 0 });
    expect(records[5]).toMatchObject({ request: '\\x16\\x03\\x01\\x00\\xA5\\x01\\x00', status: 400 });
    expect(records[6]).toMatchObject({ http_referer: '', http_user_agent: '', status: 200 });
    expect(records[7]).toMatchObject({ request: 'HEAD / HTTP/1.0', status: 200, body_bytes_sent: 0 });
  });

  test('combined lines parse to the same fields with an empty X-Forwarded-For', () => {
    combinedLines.forEach((line, i) => {
      expect(parseNginxLine(line)).toEqual({ ...parseNginxLine(mainLines[i]), http_x_forwarded_for: '' });
    });
  });

  test('no error-log line matches, in either engine', () => {
    expect(errorLines.some((line) => line.includes('start worker processes'))).toBe(true);
    expect(errorLines.some((line) => line.includes('client sent invalid method'))).toBe(true);
    for (const line of errorLines) {
      expect({ line, js: parseNginxLine(line) }).toEqual({ line, js: undefined });
      expect({ line, onig: onigMatch(NGINX_ACCESS_LOG_REGEX, groupNames, line) }).toEqual({
        line,
        onig: undefined,
      });
    }
  });
});
