import {
  IRecordRouting,
  JqEngineName,
  LineParser,
  RoutedTable,
  SimulationResult,
  StatusRouting,
  createJqEngine,
  fireLensRecordParser,
  metadataExtractionProcessing,
  simulateRouting,
} from '../src';
import { JQ16_PATH, requireJq16 } from './support/jq16';
import { NGINX_ERROR_RECORD, NGINX_STARTUP_RECORD, accessRecord, line } from './support/records';

const routing = new StatusRouting({ databaseName: 'icelog_test', statuses: [200, 404, 500] });

/** NDJSON as FireLens would send it, with a blank line and a broken line. */
const NDJSON = [
  line(accessRecord(200)), // 1
  line(accessRecord('404')), // 2
  line(NGINX_ERROR_RECORD), // 3
  '', // 4: blank, skipped
  line(accessRecord(418)), // 5
  '{"status": 200', // 6: not JSON
  line(accessRecord(200)), // 7
  line(NGINX_STARTUP_RECORD), // 8
  line(accessRecord(500)), // 9
].join('\n');

/** A routing with any query, to exercise the failure paths the generated query never takes. */
function routingWithQuery(query: string, tableNames: readonly string[] = ['t']): IRecordRouting {
  const tables: RoutedTable[] = tableNames.map((tableName) => ({
    tableName,
    kind: 'status',
    columns: [{ name: 'status', type: 'int' }],
    description: tableName,
  }));
  return {
    databaseName: 'db',
    operation: 'insert',
    query,
    processingConfiguration: metadataExtractionProcessing(query),
    tables,
  };
}

const ENGINES: readonly JqEngineName[] = ['jq-wasm', 'jq-binary'];

describe.each(ENGINES)('simulateRouting on %s', (engine) => {
  beforeAll(() => requireJq16());
  const simulate = (r: IRecordRouting, records: string | readonly string[]) =>
    simulateRouting(r, records, { engine, jqPath: JQ16_PATH });

  test('counts records per table, for every table, and reports the broken line by number', async () => {
    const result = await simulate(routing, NDJSON);
    expect(result.engine).toBe(engine);
    expect(result.records).toBe(8);
    expect(result.tableCounts).toEqual({
      request_200: 2,
      request_404: 1,
      request_500: 1,
      request_other: 1,
      request_unparsed: 2,
    });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ line: 6, reason: 'invalid-json', input: '{"status": 200' });
    expect(result.failures[0].message).toMatch(/^not a JSON record: /);
    expect(result.ok).toBe(false);
  });

  test('is ok when every record reaches a table, and accepts an array of lines', async () => {
    const result = await simulate(routing, [line(accessRecord(200)), line(NGINX_ERROR_RECORD)]);
    expect(result).toMatchObject({ ok: true, records: 2, failures: [] });
    expect(result.tableCounts.request_200).toBe(1);
    expect(result.tableCounts.request_unparsed).toBe(1);
  });

  test('reports the seed query: missing tables request_null and request_418 with their lines', async () => {
    const seed = routingWithQuery(
      '{destinationDatabaseName: "db", destinationTableName: ("request_" + (.status|tostring)), operation: "insert"}',
      ['request_200', 'request_404'],
    );
    const result = await simulate(seed, NDJSON);
    expect(result.failures.map((f) => [f.line, f.reason, f.tableName])).toEqual([
      [3, 'no-such-table', 'request_null'],
      [5, 'no-such-table', 'request_418'],
      [6, 'invalid-json', undefined],
      [8, 'no-such-table', 'request_null'],
      [9, 'no-such-table', 'request_500'],
    ]);
    expect(result.failures[0].message).toBe(
      'table "request_null" is not one of the routing\'s tables: Firehose would fail the record with Iceberg.NoSuchTable',
    );
    // "404" is a string: the seed query names request_404 for it, as it does for 404.
    expect(result.tableCounts).toEqual({ request_200: 2, request_404: 1 });
  });

  test('reports a jq error raised by the query for one record, and routes the others', async () => {
    const r = routingWithQuery(
      '{destinationDatabaseName: "db", destinationTableName: (.table | ascii_downcase), operation: "insert"}',
    );
    const result = await simulate(r, ['{"table":"T"}', '{"table":42}']);
    expect(result.tableCounts).toEqual({ t: 1 });
    expect(result.failures).toEqual([
      {
        line: 2,
        input: '{"table":42}',
        reason: 'query-error',
        message: 'jq error: explode input must be a string',
      },
    ]);
  });

  test('reports outputs Firehose cannot use', async () => {
    const cases: [string, string][] = [
      ['empty', 'the query produced 0 results; Firehose needs exactly one object per record'],
      [
        '{destinationDatabaseName: "db", destinationTableName: "t"}, {destinationDatabaseName: "db", destinationTableName: "t"}',
        'the query produced 2 results; Firehose needs exactly one object per record',
      ],
      ['"t"', 'the query produced "t", not an object'],
      [
        '{destinationDatabaseName: "db", destinationTableName: 7}',
        'destinationTableName must be a string, the query produced 7',
      ],
      [
        '{destinationDatabaseName: "other", destinationTableName: "t"}',
        'destinationDatabaseName is "other", not the routing\'s database "db"',
      ],
      [
        '{destinationDatabaseName: "db", destinationTableName: "t", operation: "upsert"}',
        'operation must be one of insert, update, delete, the query produced "upsert"',
      ],
    ];
    for (const [query, message] of cases) {
      const result = await simulate(routingWithQuery(query), ['{}']);
      expect({ query, failures: result.failures }).toEqual({
        query,
        failures: [{ line: 1, input: '{}', reason: 'bad-output', message }],
      });
    }
    // operation may be left out.
    const result = await simulate(
      routingWithQuery('{destinationDatabaseName: "db", destinationTableName: "t"}'),
      ['{}'],
    );
    expect(result.ok).toBe(true);
  });

  test('fails every record with compile-error when jq cannot compile the query', async () => {
    const result = await simulate(routingWithQuery('{destinationTableName: '), ['{}', '{}']);
    expect(result.failures.map((f) => [f.line, f.reason])).toEqual([
      [1, 'compile-error'],
      [2, 'compile-error'],
    ]);
    expect(result.failures[0].message).toMatch(/^jq exited with status 3: jq: error: syntax error/);
  });

  test('refuses a query that reads other records', async () => {
    await expect(
      simulate(routingWithQuery('input | {destinationDatabaseName: "db", destinationTableName: "t"}'), [
        '{}',
        '{}',
      ]),
    ).rejects.toThrow(
      'jq printed 1 results for 2 records: the query must not read other records (input/inputs)',
    );
  });

  test('reads raw lines through an injected line parser', async () => {
    const seen: string[] = [];
    const parser: LineParser = {
      parse(raw) {
        seen.push(raw);
        if (raw === 'boom') throw new Error('cannot parse');
        const match = /^(\d{3}) /.exec(raw);
        return match ? { status: Number(match[1]), request: raw } : { log: raw };
      },
    };
    const result = await simulateRouting(routing, '404 GET /missing\nworker started\n\nboom\n200 GET /', {
      engine,
      jqPath: JQ16_PATH,
      lineParser: parser,
    });
    expect(seen).toEqual(['404 GET /missing', 'worker started', 'boom', '200 GET /']);
    expect(result.tableCounts).toMatchObject({ request_404: 1, request_200: 1, request_unparsed: 1 });
    expect(result.failures).toEqual([
      { line: 4, input: 'boom', reason: 'parse-error', message: 'cannot parse' },
    ]);
  });

  test('runs a query that ends in a comment', async () => {
    const r = routingWithQuery('{destinationDatabaseName: "db", destinationTableName: "t"} # all to t');
    const result = await simulate(r, ['{}']);
    expect(result).toMatchObject({ ok: true, tableCounts: { t: 1 } });
  });

  test('fireLensRecordParser keeps unmatched lines in log and adds the metadata', async () => {
    const parsed: string[] = [];
    const parser = fireLensRecordParser(
      (raw) => {
        parsed.push(raw);
        const match = /^(\S+) "(\d{3})"$/.exec(raw);
        return match ? { request: match[1], status: Number(match[2]) } : undefined;
      },
      { source: 'stdout', container_name: 'nginx' },
    );
    expect(parser.parse('GET "404"')).toEqual({
      request: 'GET',
      status: 404,
      source: 'stdout',
      container_name: 'nginx',
    });
    expect(parser.parse('[notice] start')).toEqual({
      log: '[notice] start',
      source: 'stdout',
      container_name: 'nginx',
    });
    const result = await simulateRouting(routing, 'GET "500"\n[notice] start\n', {
      engine,
      jqPath: JQ16_PATH,
      lineParser: parser,
    });
    expect(result.tableCounts).toMatchObject({ request_500: 1, request_unparsed: 1 });
    expect(parsed).toEqual(['GET "404"', '[notice] start', 'GET "500"', '[notice] start']);
  });

  test('handles no records', async () => {
    const result: SimulationResult = await simulate(routing, '\n\n');
    expect(result).toMatchObject({ records: 0, failures: [], ok: true });
    expect(Object.values(result.tableCounts)).toEqual([0, 0, 0, 0, 0]);
  });

  test('keeps non-ASCII text intact', async () => {
    const record = { ...accessRecord(200), http_user_agent: 'Mozilla/5.0 (Ünïcode ✓)' };
    const result = await simulate(routing, [line(record)]);
    expect(result.tableCounts.request_200).toBe(1);
  });
});

describe('engines', () => {
  beforeAll(() => requireJq16());

  test('jq-binary reports jq 1.6 and jq-wasm jq 1.7.1', async () => {
    expect(await createJqEngine('jq-binary', { jqPath: JQ16_PATH }).version()).toBe('jq-1.6');
    expect(await createJqEngine('jq-wasm').version()).toMatch(/^jq-1\.7\.1/);
    const result = await simulateRouting(routing, [line(accessRecord(200))], {
      engine: 'jq-binary',
      jqPath: JQ16_PATH,
    });
    expect(result.engineVersion).toBe('jq-1.6');
  });

  test('both engines agree on a larger batch, which jq-wasm runs in several batches', async () => {
    const records = Array.from({ length: 300 }, (_, i) =>
      i % 7 === 0 ? line(NGINX_ERROR_RECORD) : line(accessRecord([200, '404', 500, 418, 200.5][i % 5])),
    );
    const wasm = await simulateRouting(routing, records, { engine: 'jq-wasm' });
    const binary = await simulateRouting(routing, records, { engine: 'jq-binary', jqPath: JQ16_PATH });
    expect(wasm.tableCounts).toEqual(binary.tableCounts);
    expect(Object.values(wasm.tableCounts).reduce((a, b) => a + b, 0)).toBe(300);
    expect(wasm.tableCounts.request_unparsed).toBe(43);
  });

  test('a missing jq executable is reported with how to install it', async () => {
    await expect(
      simulateRouting(routing, ['{}'], { engine: 'jq-binary', jqPath: '/nonexistent/jq' }),
    ).rejects.toThrow(
      'jq executable "/nonexistent/jq" not found: install jq 1.6 (Debian/Ubuntu: apt-get install jq) or use the jq-wasm engine',
    );
  });

  test('an unknown engine is rejected', () => {
    expect(() => createJqEngine('jq-java' as JqEngineName)).toThrow(
      'unknown jq engine "jq-java": use one of jq-wasm, jq-binary',
    );
  });
});
