import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  NGINX_ACCESS_LOG_PARSER,
  OUTPUT_TAG,
  RUNTIME_LINE_SPLIT_BYTES,
  applyParserFilter,
  buildFireLensConfig,
  healthCheckExclude,
  joinPartialMessages,
  parseNginxLine,
  passesGrepExclude,
  resolveBuffer,
} from '../src';
import { RunningNginx, rawRequest, startNginx, waitForLines } from './support/nginx';
import { loadOniguruma, onigCompile } from './support/oniguruma';

/**
 * The log router's generated config file, section by section, and its behaviour on lines a real
 * nginx wrote: the request-time Lua taken from the generated file runs under the real LuaJIT 2.1
 * (the Lua Fluent Bit embeds; Debian package `luajit`), the parser and grep filters run as Fluent
 * Bit's do, and split lines are split the way the container runtime splits them.
 */

const LUAJIT = '/usr/bin/luajit';
const config = buildFireLensConfig({ appContainerName: 'nginx' });
const scratch = mkdtempSync(join(tmpdir(), 'icelog-log-router-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The sections of the generated config file, as `[name, {key: value}]`. */
function sections(text: string): [string, Record<string, string>][] {
  return text
    .split(/\n(?=\[)/)
    .filter((s) => s.startsWith('['))
    .map((s) => {
      const [head, ...lines] = s.trim().split('\n');
      const entries = lines.map((l) => {
        const m = /^ {4}(\S+) +(.*)$/.exec(l)!;
        return [m[1], m[2]] as const;
      });
      return [head, Object.fromEntries(entries)];
    });
}

/** Runs the generated Lua filter under LuaJIT on `(timestamp, time_local?)` pairs. */
function runLua(code: string, cases: readonly [number, string | undefined][]): string[] {
  const driver = [
    code,
    ...cases.map(
      ([ts, t]) =>
        `do local c,_,r=icelog_request_time("nginx-firelens-x", ${ts}, {${t === undefined ? '' : `time_local=${JSON.stringify(t)}`}}) print(c, string.format("%.0f", r.request_time), math.floor(r.request_time)==r.request_time) end`,
    ),
  ].join('\n');
  const file = join(scratch, `driver-${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(file, driver);
  return execFileSync(LUAJIT, [file], { encoding: 'utf8' }).trim().split('\n');
}

const luaCode = sections(config.configFile).find(([, s]) => s.Name === 'lua')![1].code;

describe('the generated config file', () => {
  test('runs the filters in order, all on the app container tag, then one buffered output', () => {
    expect(sections(config.configFile).map(([head, s]) => `${head} ${s.Name ?? ''}`.trim())).toEqual([
      '[SERVICE]',
      '[FILTER] multiline',
      '[FILTER] parser',
      '[FILTER] grep',
      '[FILTER] lua',
      '[FILTER] rewrite_tag',
      '[OUTPUT] kinesis_firehose',
    ]);
    const filters = sections(config.configFile).filter(([head]) => head === '[FILTER]');
    expect(new Set(filters.map(([, s]) => s.Match))).toEqual(new Set(['nginx-firelens-*']));
  });

  test('partial messages are joined on the log key (partial_message mode)', () => {
    expect(sections(config.configFile)[1][1]).toMatchObject({
      'multiline.key_content': 'log',
      mode: 'partial_message',
    });
  });

  test('the output retries without limit from a bounded filesystem buffer sized from memory', () => {
    const all = Object.fromEntries(sections(config.configFile).map(([h, s]) => [`${h} ${s.Name ?? ''}`, s]));
    expect(all['[SERVICE] ']).toEqual({
      'storage.path': '/var/log/flb-storage/',
      'storage.sync': 'normal',
      'storage.checksum': 'off',
      'storage.max_chunks_up': '8',
      'storage.backlog.mem_limit': '8M',
    });
    expect(all['[FILTER] rewrite_tag']).toMatchObject({
      Rule: `$source ^.*$ ${OUTPUT_TAG} false`,
      'Emitter_Storage.type': 'filesystem',
      Emitter_Mem_Buf_Limit: '32M',
    });
    expect(all['[OUTPUT] kinesis_firehose']).toEqual({
      Name: 'kinesis_firehose',
      Match: OUTPUT_TAG,
      region: '${ICELOG_OUTPUT_REGION}',
      delivery_stream: '${ICELOG_OUTPUT_TARGET}',
      retry_limit: 'no_limits',
      'storage.total_limit_size': '1024M',
    });
    expect(resolveBuffer('buffer', { memoryMiB: 128, diskLimitMiB: 4096 })).toEqual({
      memoryMiB: 128,
      diskLimitMiB: 4096,
      maxChunksUp: 32,
    });
  });

  test('a Kinesis source gets the kinesis_streams output; health checks can be kept; joining can be off', () => {
    const other = buildFireLensConfig({
      appContainerName: 'web',
      outputKind: 'kinesis_streams',
      healthChecks: 'keep',
      joinPartialMessages: false,
    });
    const names = sections(other.configFile).map(([h, s]) => `${h} ${s.Name ?? ''}`.trim());
    expect(names).toEqual([
      '[SERVICE]',
      '[FILTER] parser',
      '[FILTER] lua',
      '[FILTER] rewrite_tag',
      '[OUTPUT] kinesis_streams',
    ]);
    expect(sections(other.configFile)[4][1].stream).toBe('${ICELOG_OUTPUT_TARGET}');
  });

  test.each([
    [{ healthChecks: 'route' }, 'Invalid healthChecks: must be "drop" or "keep". Received: "route"'],
    [
      { buffer: { memoryMiB: 4 } },
      'Invalid buffer.memoryMiB: must be an integer from 8 to 4096 (MiB). Received: 4',
    ],
    [
      { buffer: { diskLimitMiB: 200000 } },
      'Invalid buffer.diskLimitMiB: must be an integer from 64 to 102400 (MiB). Received: 200000',
    ],
  ])('rejects %j', (props, message) => {
    expect(() => buildFireLensConfig({ appContainerName: 'nginx', ...(props as object) })).toThrow(message);
  });

  test('no value holds "[PARSER]" (the init image would load the file as a parsers file)', () => {
    expect(config.configFile).not.toContain('[PARSER]');
    expect(config.configFile).not.toMatch(/\$\{(?!ICELOG_OUTPUT_(REGION|TARGET)\})/);
  });
});

describe('request_time: epoch microseconds from $time_local (generated Lua under the real LuaJIT)', () => {
  test('offsets, month and leap-year boundaries agree with JavaScript dates', () => {
    const times = [
      '10/Oct/2000:13:55:36 -0700',
      '29/Feb/2024:23:59:59 +0000',
      '01/Mar/2024:00:00:00 +0530',
      '31/Dec/1999:23:59:59 -1200',
      '01/Jan/2070:00:00:01 +1400',
      '15/Jan/2026:08:00:00 +0100',
    ];
    const expected = times.map((t) => {
      const [, d, mon, y, hms, sign, oh, om] = /^(\d\d)\/(\w{3})\/(\d{4}):(\S+) ([+-])(\d\d)(\d\d)$/.exec(t)!;
      const iso = `${y}-${String('JanFebMarAprMayJunJulAugSepOctNovDec'.indexOf(mon) / 3 + 1).padStart(2, '0')}-${d}T${hms}${sign}${oh}:${om}`;
      return `2\t${Date.parse(iso) * 1000}\ttrue`;
    });
    expect(
      runLua(
        luaCode,
        times.map((t) => [1, t]),
      ),
    ).toEqual(expected);
  });

  test('a record without time_local (stderr, unparsed) gets the time Fluent Bit read it', () => {
    expect(runLua(luaCode, [[1764690000.123456, undefined]])).toEqual(['2\t1764690000123456\ttrue']);
  });
});

describe('on lines a real nginx wrote', () => {
  let nginx: RunningNginx;
  let lines: string[];
  const longReferer = `http://ref/${'r'.repeat(8100)}`;
  const longForwardedFor = Array.from({ length: 120 }, (_, i) => `203.0.113.${i}`).join(', ');
  const longAgent = `agent/${'a'.repeat(8100)}`;

  beforeAll(async () => {
    await loadOniguruma();
    nginx = await startNginx();
    const started = Date.now();
    try {
      await rawRequest(
        nginx.port,
        'GET / HTTP/1.1\r\nHost: t\r\nUser-Agent: ELB-HealthChecker/2.0\r\nConnection: close\r\n\r\n',
      );
      await rawRequest(
        nginx.port,
        'GET / HTTP/1.1\r\nHost: t\r\nUser-Agent: curl/8.0\r\nConnection: close\r\n\r\n',
      );
      await rawRequest(
        nginx.port,
        `GET /long HTTP/1.1\r\nHost: t\r\nReferer: ${longReferer}\r\nUser-Agent: ${longAgent}\r\nX-Forwarded-For: ${longForwardedFor}\r\nConnection: close\r\n\r\n`,
      );
      lines = await waitForLines(nginx.accessLogPath, 3);
    } finally {
      await nginx.stop();
    }
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 30_000);

  afterAll(() => nginx?.remove());

  const record = (line: string) => ({ log: line, source: 'stdout', container_name: 'nginx' });
  const parse = (r: Record<string, unknown>) =>
    applyParserFilter(r, NGINX_ACCESS_LOG_PARSER, { keyName: 'log', reserveData: true, preserveKey: false });

  test('request_time is the request second in microseconds, an integer', () => {
    const parsed = lines.map((l) => parseNginxLine(l)!);
    const results = runLua(
      luaCode,
      parsed.map((p) => [0, p.time_local]),
    );
    for (const [i, result] of results.entries()) {
      const [code, us, integer] = result.split('\t');
      expect([code, integer]).toEqual(['2', 'true']);
      expect(Math.abs(Number(us) / 1000 - Date.now())).toBeLessThan(120_000);
      expect(Number(us) % 1_000_000).toBe(0);
      expect(us).toHaveLength(16);
      expect(parsed[i].time_local).toMatch(/ -0700$/); // nginx ran with TZ=MST7: the offset is applied
    }
  });

  test('the ALB health check is dropped, other requests pass (JavaScript and Oniguruma agree)', () => {
    const exclude = healthCheckExclude('nginx-firelens-*');
    const parsed = lines.map((l) => parse(record(l)));
    expect(parsed.map((r) => passesGrepExclude(r, exclude))).toEqual([false, true, true]);
    const scanner = onigCompile(exclude.regex);
    expect(parsed.map((r) => scanner.findNextMatchSync(String(r.http_user_agent), 0) === null)).toEqual([
      false,
      true,
      true,
    ]);
  });

  test('a line over 16 KiB split like the runtime splits it fails the parser in parts, parses once joined', () => {
    const line = lines[2];
    const bytes = Buffer.from(line, 'latin1');
    expect(bytes.length).toBeGreaterThan(RUNTIME_LINE_SPLIT_BYTES);
    const parts: Record<string, unknown>[] = [];
    for (let offset = 0, n = 1; offset < bytes.length; offset += RUNTIME_LINE_SPLIT_BYTES, n++) {
      const chunk = bytes.subarray(offset, offset + RUNTIME_LINE_SPLIT_BYTES);
      parts.push({
        ...record(chunk.toString('latin1')),
        partial_message: 'true',
        partial_id: 'dc37eb08b4242c41757d4cd995d983d1cdda4589193755a22fcf47a638317da0',
        partial_ordinal: String(n),
        partial_last: String(offset + RUNTIME_LINE_SPLIT_BYTES >= bytes.length),
      });
    }
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => parse(p).status)).toEqual([undefined, undefined]);
    const joined = joinPartialMessages([parse(record(lines[1])), ...parts]);
    expect(joined).toHaveLength(2);
    expect(joined[1]).toEqual(record(line));
    expect(parse(joined[1])).toMatchObject({
      status: 200,
      http_referer: longReferer,
      http_user_agent: longAgent,
      http_x_forwarded_for: longForwardedFor,
    });
  });
});
