import { DEFAULT_ROUTED_STATUSES, MAX_METADATA_EXTRACTION_QUERY_LENGTH, StatusRouting } from '../src';
import { jqWasmOutputs } from './support/jq-wasm';
import { jq16Outputs, requireJq16, runJq16 } from './support/jq16';
import { NGINX_ERROR_RECORD, NGINX_STARTUP_RECORD, accessRecord, line } from './support/records';

/** An access record whose `status` is the raw JSON text `statusJson` (so that `200.0` stays `200.0`). */
function withStatus(statusJson: string): string {
  return line(accessRecord('__STATUS__')).replace('"__STATUS__"', statusJson);
}

interface Case {
  readonly name: string;
  readonly input: string;
  readonly table: string;
}

const routing = new StatusRouting({ databaseName: 'icelog_test' });

/** Every fixture and the table it must land in, per the routing contract. */
const CASES: readonly Case[] = [
  ...DEFAULT_ROUTED_STATUSES.map((s) => ({
    name: `status ${s}`,
    input: withStatus(`${s}`),
    table: `request_${s}`,
  })),
  ...DEFAULT_ROUTED_STATUSES.map((s) => ({
    name: `status "${s}"`,
    input: withStatus(`"${s}"`),
    table: `request_${s}`,
  })),
  { name: 'status 200.0 (integer value)', input: withStatus('200.0'), table: 'request_200' },
  { name: 'status 4.04e2 (integer value)', input: withStatus('4.04e2'), table: 'request_404' },
  { name: 'unrouted status 418', input: withStatus('418'), table: 'request_other' },
  { name: 'unrouted status "418"', input: withStatus('"418"'), table: 'request_other' },
  { name: 'status 100 (valid, unrouted)', input: withStatus('100'), table: 'request_other' },
  { name: 'status 200.5', input: withStatus('200.5'), table: 'request_other' },
  { name: 'status "200.5"', input: withStatus('"200.5"'), table: 'request_other' },
  { name: 'status "abc"', input: withStatus('"abc"'), table: 'request_other' },
  { name: 'status " 200" (padded)', input: withStatus('" 200"'), table: 'request_other' },
  { name: 'status "0200"', input: withStatus('"0200"'), table: 'request_other' },
  { name: 'status "2e2"', input: withStatus('"2e2"'), table: 'request_other' },
  { name: 'status ""', input: withStatus('""'), table: 'request_other' },
  { name: 'status -200', input: withStatus('-200'), table: 'request_other' },
  { name: 'status 1e300', input: withStatus('1e300'), table: 'request_other' },
  {
    name: 'status 100000000000000000000',
    input: withStatus('100000000000000000000'),
    table: 'request_other',
  },
  { name: 'status null (present)', input: withStatus('null'), table: 'request_other' },
  { name: 'status true', input: withStatus('true'), table: 'request_other' },
  { name: 'status false', input: withStatus('false'), table: 'request_other' },
  { name: 'status {}', input: withStatus('{"code":200}'), table: 'request_other' },
  { name: 'status [200]', input: withStatus('[200]'), table: 'request_other' },
  { name: 'nginx error line (stderr)', input: line(NGINX_ERROR_RECORD), table: 'request_unparsed' },
  { name: 'nginx start-up line (stderr)', input: line(NGINX_STARTUP_RECORD), table: 'request_unparsed' },
  { name: 'empty object', input: '{}', table: 'request_unparsed' },
  { name: 'Status (other case) only', input: '{"Status":200}', table: 'request_unparsed' },
  { name: 'a number, not an object', input: '42', table: 'request_unparsed' },
  { name: 'a string, not an object', input: '"GET / HTTP/1.1"', table: 'request_unparsed' },
  { name: 'an array', input: '[{"status":200}]', table: 'request_unparsed' },
  { name: 'null', input: 'null', table: 'request_unparsed' },
];

const expected = (table: string) => ({
  destinationDatabaseName: 'icelog_test',
  destinationTableName: table,
  operation: 'insert',
});

describe('the generated query on the real jq 1.6 binary', () => {
  beforeAll(() => requireJq16());

  test('routes every fixture to its table, with exactly one output per record', () => {
    const outputs = jq16Outputs(
      routing.query,
      CASES.map((c) => c.input),
    );
    expect(outputs).toHaveLength(CASES.length);
    CASES.forEach((c, i) => {
      expect({ name: c.name, output: outputs[i] }).toEqual({ name: c.name, output: expected(c.table) });
    });
  });

  test('produces only tables the routing declares, and every declared table is produced', () => {
    const produced = new Set(
      jq16Outputs(
        routing.query,
        CASES.map((c) => c.input),
      ).map((o) => (o as { destinationTableName: string }).destinationTableName),
    );
    const declared = new Set(routing.tables.map((t) => t.tableName));
    expect([...produced].filter((t) => !declared.has(t))).toEqual([]);
    expect([...declared].filter((t) => !produced.has(t))).toEqual([]);
  });

  test('agrees with tableNameFor on every integer status from 100 to 599, as number and as string', () => {
    const statuses = Array.from({ length: 500 }, (_, i) => 100 + i);
    const inputs = [...statuses.map((s) => withStatus(`${s}`)), ...statuses.map((s) => withStatus(`"${s}"`))];
    const tables = jq16Outputs(routing.query, inputs).map(
      (o) => (o as { destinationTableName: string }).destinationTableName,
    );
    expect(tables).toEqual([...statuses, ...statuses].map((s) => routing.tableNameFor(s)));
  });

  test('never raises a jq error: exit status 0 and nothing on stderr for every JSON type', () => {
    const run = runJq16(
      routing.query,
      CASES.map((c) => c.input),
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test('honours a custom prefix, statuses, table names, database and operation', () => {
    const custom = new StatusRouting({
      databaseName: 'web_logs',
      tablePrefix: 'http_',
      statuses: [200, 404],
      fallbackTableName: 'http_misc',
      unparsedTableName: 'nginx_errors',
      operation: 'update',
    });
    const outputs = jq16Outputs(custom.query, [
      withStatus('200'),
      withStatus('"404"'),
      withStatus('500'),
      line(NGINX_ERROR_RECORD),
    ]);
    expect(outputs).toEqual(
      ['http_200', 'http_404', 'http_misc', 'nginx_errors'].map((table) => ({
        destinationDatabaseName: 'web_logs',
        destinationTableName: table,
        operation: 'update',
      })),
    );
  });

  test('a query routing all 500 statuses fits the Firehose limit and runs on jq 1.6', () => {
    const all = new StatusRouting({
      databaseName: 'icelog_test',
      statuses: Array.from({ length: 500 }, (_, i) => 100 + i),
    });
    expect(all.query.length).toBeLessThanOrEqual(MAX_METADATA_EXTRACTION_QUERY_LENGTH);
    expect(jq16Outputs(all.query, [withStatus('418'), withStatus('599'), '{}'])).toEqual([
      expected('request_418'),
      expected('request_599'),
      expected('request_unparsed'),
    ]);
  });

  test('the seed query fails the contract: stderr lines and unrouted statuses name missing tables', () => {
    const seed =
      '{destinationDatabaseName: "icelog_test", destinationTableName: ("request_" + (.status|tostring)), operation: "insert"}';
    const tables = jq16Outputs(seed, [line(NGINX_ERROR_RECORD), withStatus('418')]).map(
      (o) => (o as { destinationTableName: string }).destinationTableName,
    );
    expect(tables).toEqual(['request_null', 'request_418']);
    expect(routing.tables.map((t) => t.tableName)).not.toContain('request_null');
    expect(routing.tables.map((t) => t.tableName)).not.toContain('request_418');
  });
});

describe('the generated query on jq-wasm (jq 1.7.1)', () => {
  beforeAll(() => requireJq16());

  test('compiles and routes every fixture exactly as jq 1.6 does', async () => {
    const inputs = CASES.map((c) => c.input);
    const wasm = await jqWasmOutputs(routing.query, inputs);
    expect(wasm).toEqual(jq16Outputs(routing.query, inputs));
    expect(wasm).toEqual(CASES.map((c) => expected(c.table)));
  });

  test('needs floor before tostring: jq 1.7.1 prints the literal 200.0, jq 1.6 prints 200', async () => {
    expect(jq16Outputs('.status | tostring', [withStatus('200.0')])).toEqual(['200']);
    expect(await jqWasmOutputs('.status | tostring', [withStatus('200.0')])).toEqual(['200.0']);
    expect(await jqWasmOutputs(routing.query, [withStatus('200.0')])).toEqual([expected('request_200')]);
  });
});

describe('query shape', () => {
  test('is one line, so it is a valid Firehose parameter value', () => {
    expect(routing.query).not.toMatch(/[\r\n]/);
    expect(routing.query.trim()).toBe(routing.query);
  });

  test('is the documented expression for the defaults', () => {
    expect(routing.query).toBe(
      '{destinationDatabaseName: "icelog_test", destinationTableName: (if type == "object" and has("status") then ' +
        '(.status | if type == "number" and . == floor then floor | tostring elif type == "string" then . else null end) as $k | ' +
        'if $k != null and ({"200":1,"201":1,"204":1,"206":1,"301":1,"302":1,"304":1,"400":1,"401":1,"403":1,"404":1,' +
        '"405":1,"408":1,"413":1,"429":1,"499":1,"500":1,"502":1,"503":1,"504":1} | has($k)) then "request_" + $k ' +
        'else "request_other" end else "request_unparsed" end), operation: "insert"}',
    );
  });
});
