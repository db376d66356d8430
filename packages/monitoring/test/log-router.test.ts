import {
  LOG_ROUTER_DROPPED_CHUNK_PATTERN,
  LOG_ROUTER_ERROR_PATTERN,
  anyOfPhrases,
  matchesFilterPattern,
  parseFilterPattern,
} from '../src';

/**
 * Fluent Bit log lines as they reach the log router's log group. The first ones are verbatim from
 * aws/aws-for-fluent-bit `troubleshooting/debugging.md` (Fluent Bit 1.9, the aws-for-fluent-bit 2.x
 * line icelog pins); the others follow the format strings of fluent-bit v1.9.10 `src/flb_engine.c`,
 * `src/flb_log.c` and `plugins/out_kinesis_firehose/firehose_api.c`, and of current Fluent Bit, where a
 * dropped chunk is logged at level error.
 */
const DROPPED = [
  "[2022/02/16 20:11:36] [ warn] [engine] chunk '1-1645042288.260516436.flb' cannot be retried: task_id=0, input=tcp.3 > output=cloudwatch_logs.1",
  "[2025/01/02 03:04:05] [ warn] [engine] chunk '1-1735787045.123456789.flb' cannot be retried: task_id=2, input=forward.1 > output=kinesis_firehose.1",
  "[2025/11/25 19:56:08] [error] [engine] chunk '1-1764100547.244938481.flb' cannot be retried: task_id=7, input=tail.0 > output=gelf.0",
  "[2025/01/02 03:04:05] [ warn] [engine] retry for chunk '1-1735787045.123456789.flb' could not be scheduled: input=forward.1 > output=kinesis_firehose.1",
];
const ERRORS = [
  '[2025/01/02 03:04:05] [error] [output:kinesis_firehose:kinesis_firehose.1] Failed to send log records to icelog-dev',
  '[2025/01/02 03:04:05] [error] [output:kinesis_firehose:kinesis_firehose.1] Thoughput limits may have been exceeded, icelog-dev',
  '[2025/01/02 03:04:05] [error] [aws_credentials] Could not read shared credentials file /root/.aws/credentials',
];
const NEITHER = [
  "[2022/03/16 21:59:45] [ warn] [engine] failed to flush chunk '1-1647467985.551788815.flb', retry in 9 seconds: task_id=0, input=forward.1 > output=cloudwatch_logs.0 (out_id=0)",
  '[2025/01/02 03:04:05] [ info] [output:kinesis_firehose:kinesis_firehose.1] worker #0 started',
  '[2025/01/02 03:04:05] [ info] [engine] started (pid=1)',
  '203.0.113.7 - - [10/Oct/2000:13:55:36 +0000] "GET /error HTTP/1.1" 500 12 "-" "curl/8.0" "-"',
  '2025/01/02 03:04:05 [error] 29#29: *1 open() "/usr/share/nginx/html/x" failed (2: No such file or directory)',
];

describe('the log router metric filters on real Fluent Bit lines', () => {
  it.each(DROPPED)('counts a dropped chunk: %s', (line) => {
    expect(matchesFilterPattern(LOG_ROUTER_DROPPED_CHUNK_PATTERN, line)).toBe(true);
  });

  it.each(ERRORS)('counts an error: %s', (line) => {
    expect(matchesFilterPattern(LOG_ROUTER_ERROR_PATTERN, line)).toBe(true);
    expect(matchesFilterPattern(LOG_ROUTER_DROPPED_CHUNK_PATTERN, line)).toBe(false);
  });

  it.each(NEITHER)('ignores a line that is neither: %s', (line) => {
    expect(matchesFilterPattern(LOG_ROUTER_ERROR_PATTERN, line)).toBe(false);
    expect(matchesFilterPattern(LOG_ROUTER_DROPPED_CHUNK_PATTERN, line)).toBe(false);
  });

  it('counts a dropped chunk logged at level error as an error too (current Fluent Bit)', () => {
    expect(matchesFilterPattern(LOG_ROUTER_ERROR_PATTERN, DROPPED[2])).toBe(true);
    expect(matchesFilterPattern(LOG_ROUTER_ERROR_PATTERN, DROPPED[1])).toBe(false);
  });
});

describe('the filter pattern evaluator', () => {
  it('matches AND, OR and NOT terms case-sensitively', () => {
    expect(matchesFilterPattern('"a b" "c"', 'x a b y c')).toBe(true);
    expect(matchesFilterPattern('"a b" "c"', 'x a b y')).toBe(false);
    expect(matchesFilterPattern('?"a" ?"z"', 'z')).toBe(true);
    expect(matchesFilterPattern('?"a" ?"z"', 'b')).toBe(false);
    expect(matchesFilterPattern('"err" -"retry"', 'err: retry')).toBe(false);
    expect(matchesFilterPattern('"err" -"retry"', 'err')).toBe(true);
    expect(matchesFilterPattern('"[error]"', '[ERROR]')).toBe(false);
  });

  it.each([
    ['error', 'only double-quoted terms'],
    ['{ $.level = "error" }', 'only double-quoted terms'],
    ['%err%', 'only double-quoted terms'],
    ['', 'empty'],
    ['""', 'empty term'],
    ['?"a" "b"', 'cannot be mixed'],
    ['-"a"', 'at least one term'],
  ])('rejects %j', (pattern, message) => {
    expect(() => parseFilterPattern(pattern)).toThrow(message);
  });

  it('renders phrases and refuses quotes inside them', () => {
    expect(anyOfPhrases(['a'])).toBe('"a"');
    expect(anyOfPhrases(['a', 'b c'])).toBe('?"a" ?"b c"');
    expect(() => anyOfPhrases(['say "hi"'])).toThrow('must not contain');
  });
});
