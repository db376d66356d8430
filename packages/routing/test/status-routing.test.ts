import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import {
  FIRELENS_METADATA_COLUMNS,
  NGINX_ACCESS_LOG_COLUMNS,
  REQUEST_TIME_COLUMN,
  ValidationError,
} from '@icelog/core';
import { newTestStack, onlyBlock, synthesize } from '@icelog/core/testing';
import { Token } from 'cdktf';
import {
  ACCESS_LOG_COLUMNS,
  DEFAULT_ROUTED_STATUSES,
  StatusRouting,
  UNPARSED_LOG_COLUMNS,
  metadataExtractionProcessing,
  validateMetadataExtractionQuery,
} from '../src';

const GLUE_NAME_RULE =
  'must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires)';
const PREFIX_RULE =
  'must start with a lower-case letter and contain only lower-case letters, digits and underscores, so that every table name it produces is a valid Glue name';

describe('defaults', () => {
  const routing = new StatusRouting({ databaseName: 'icelog_dev' });

  test('routes the default statuses with prefix request_ and operation insert', () => {
    expect(routing.routedStatuses).toEqual([
      200, 201, 204, 206, 301, 302, 304, 400, 401, 403, 404, 405, 408, 413, 429, 499, 500, 502, 503, 504,
    ]);
    expect(routing.routedStatuses).toEqual(DEFAULT_ROUTED_STATUSES);
    expect(routing.tablePrefix).toBe('request_');
    expect(routing.operation).toBe('insert');
    expect(routing.databaseName).toBe('icelog_dev');
    expect(routing.fallbackTableName).toBe('request_other');
    expect(routing.unparsedTableName).toBe('request_unparsed');
  });

  test('declares one table per status, then the fallback and the unparsed table, each once', () => {
    expect(routing.tables.map((t) => t.tableName)).toEqual([
      ...DEFAULT_ROUTED_STATUSES.map((s) => `request_${s}`),
      'request_other',
      'request_unparsed',
    ]);
    expect(new Set(routing.tables.map((t) => t.tableName)).size).toBe(routing.tables.length);
    expect(routing.tables.filter((t) => t.kind === 'status').map((t) => t.status)).toEqual(
      DEFAULT_ROUTED_STATUSES,
    );
    expect(routing.tables.filter((t) => t.kind !== 'status').map((t) => [t.kind, t.status])).toEqual([
      ['fallback', undefined],
      ['unparsed', undefined],
    ]);
  });

  test('gives status and fallback tables the access-log and FireLens columns, the unparsed table log and FireLens, every table request_time', () => {
    const names = (columns: readonly { name: string }[]) => columns.map((c) => c.name);
    const access = [...NGINX_ACCESS_LOG_COLUMNS, ...FIRELENS_METADATA_COLUMNS, REQUEST_TIME_COLUMN];
    for (const table of routing.tables.filter((t) => t.kind !== 'unparsed')) {
      expect(table.columns).toEqual(access);
    }
    expect(names(ACCESS_LOG_COLUMNS)).toEqual([
      'remote_addr',
      'remote_user',
      'time_local',
      'request',
      'status',
      'body_bytes_sent',
      'http_referer',
      'http_user_agent',
      'http_x_forwarded_for',
      'source',
      'container_id',
      'container_name',
      'ecs_cluster',
      'ecs_task_arn',
      'ecs_task_definition',
      'request_time',
    ]);
    const unparsed = routing.tables.find((t) => t.kind === 'unparsed')!;
    expect(unparsed.columns).toEqual(UNPARSED_LOG_COLUMNS);
    expect(names(unparsed.columns)).toEqual([
      'log',
      'source',
      'container_id',
      'container_name',
      'ecs_cluster',
      'ecs_task_arn',
      'ecs_task_definition',
      'request_time',
    ]);
    for (const table of routing.tables) {
      expect(table.columns.find((c) => c.name === 'request_time')?.type).toBe('timestamp');
    }
    expect(unparsed.columns[0]).toEqual({
      name: 'log',
      type: 'string',
      comment: 'The raw log line, as the container wrote it',
    });
  });

  test('describes each table', () => {
    const byName = Object.fromEntries(routing.tables.map((t) => [t.tableName, t.description]));
    expect(byName.request_404).toBe('nginx access-log records with HTTP status 404');
    expect(byName.request_other).toBe(
      'nginx access-log records whose status has no table of its own (or is not an integer)',
    );
    expect(byName.request_unparsed).toBe(
      'Records without a status: nginx error and start-up lines (stderr) and lines the parser did not match',
    );
  });

  test('tableNameFor names the status table of a routed status and the fallback table otherwise', () => {
    expect(routing.tableNameFor(404)).toBe('request_404');
    expect(routing.tableNameFor(499)).toBe('request_499');
    expect(routing.tableNameFor(418)).toBe('request_other');
    expect(routing.tableNameFor(200.5)).toBe('request_other');
  });

  test('tables cannot be changed through the routing', () => {
    expect(Object.isFrozen(routing.tables)).toBe(true);
    expect(Object.isFrozen(routing.routedStatuses)).toBe(true);
  });
});

describe('processingConfiguration', () => {
  test('is one enabled MetadataExtraction processor with the query and JQ-1.6, query first', () => {
    const routing = new StatusRouting({ databaseName: 'icelog_dev', statuses: [200] });
    expect(routing.processingConfiguration).toEqual({
      enabled: true,
      processors: [
        {
          type: 'MetadataExtraction',
          parameters: [
            { parameterName: 'MetadataExtractionQuery', parameterValue: routing.query },
            { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
          ],
        },
      ],
    });
    expect(metadataExtractionProcessing(routing.query)).toEqual(routing.processingConfiguration);
  });

  test('synthesizes into a delivery stream, with a token database name resolved by Terraform', () => {
    const stack = newTestStack();
    const database = new GlueCatalogDatabase(stack, 'Database', { name: 'icelog_dev' });
    const routing = new StatusRouting({ databaseName: database.name, statuses: [200, 404] });
    new KinesisFirehoseDeliveryStream(stack, 'Delivery', {
      name: 'icelog-dev',
      destination: 'iceberg',
      icebergConfiguration: {
        catalogArn: 'arn:aws:glue:eu-west-1:111122223333:catalog',
        roleArn: 'arn:aws:iam::111122223333:role/firehose',
        s3Configuration: {
          bucketArn: 'arn:aws:s3:::warehouse',
          roleArn: 'arn:aws:iam::111122223333:role/firehose',
        },
        processingConfiguration: routing.processingConfiguration,
      },
    });
    const synthesized = synthesize(stack);
    const stream = onlyBlock(synthesized.resource, 'aws_kinesis_firehose_delivery_stream');
    const processing = stream.iceberg_configuration.processing_configuration;
    expect(processing.enabled).toBe(true);
    expect(processing.processors).toHaveLength(1);
    expect(processing.processors[0].type).toBe('MetadataExtraction');
    expect(
      processing.processors[0].parameters.map((p: { parameter_name: string }) => p.parameter_name),
    ).toEqual(['MetadataExtractionQuery', 'JsonParsingEngine']);
    const query: string = processing.processors[0].parameters[0].parameter_value;
    expect(query.startsWith('{destinationDatabaseName: "${aws_glue_catalog_database.Database.name}", ')).toBe(
      true,
    );
    expect(query).toContain('({"200":1,"404":1} | has($k)) then "request_" + $k');
    expect(processing.processors[0].parameters[1].parameter_value).toBe('JQ-1.6');
    // A plain class: the routing itself adds nothing to the stack.
    expect(Object.keys(synthesized.resource).sort()).toEqual([
      'aws_glue_catalog_database',
      'aws_kinesis_firehose_delivery_stream',
    ]);
  });
});

describe('validation', () => {
  const build = (props: Record<string, unknown>) => () =>
    new StatusRouting({ databaseName: 'icelog_dev', ...props } as never);

  test.each([
    [[99], 'Invalid statuses[0]: must be an integer from 100 to 599. Received: 99'],
    [[200, 600], 'Invalid statuses[1]: must be an integer from 100 to 599. Received: 600'],
    [[200.5], 'Invalid statuses[0]: must be an integer from 100 to 599. Received: 200.5'],
    [['200'], 'Invalid statuses[0]: must be an integer from 100 to 599. Received: "200"'],
    [
      [200, 404, 200],
      'Invalid statuses: must not contain duplicates ("200" appears twice). Received: [200,404,200]',
    ],
    [[], 'Invalid statuses: must contain at least one entry. Received: []'],
  ])('statuses %j', (statuses, message) => {
    expect(build({ statuses })).toThrow(ValidationError);
    expect(build({ statuses })).toThrow(message);
  });

  test('a status must be known at synth time', () => {
    const token = Token.asNumber({ resolve: () => 200 });
    expect(build({ statuses: [token] })).toThrow(
      `Invalid statuses[0]: must be a literal number known at synth time (each routed status creates a table). Received: ${token}`,
    );
  });

  test.each(['Request_', '', '1xx_', 'req-', '_req'])('tablePrefix %j', (tablePrefix) => {
    expect(build({ tablePrefix })).toThrow(
      `Invalid tablePrefix: ${PREFIX_RULE}. Received: ${JSON.stringify(tablePrefix)}`,
    );
  });

  test('tablePrefix leaves room for the longest name it produces', () => {
    const long = 'a'.repeat(248);
    expect(build({ tablePrefix: long })).toThrow(
      `Invalid tablePrefix: must be at most 247 characters long, so that the table name "<tablePrefix>unparsed" fits Glue's 255-character limit. Received: "${long}"`,
    );
    expect(build({ tablePrefix: 'a'.repeat(247) })).not.toThrow();
    const longer = 'a'.repeat(253);
    expect(build({ tablePrefix: longer, fallbackTableName: 'other', unparsedTableName: 'unparsed' })).toThrow(
      `Invalid tablePrefix: must be at most 252 characters long, so that the table name "<tablePrefix>599" fits Glue's 255-character limit. Received: "${longer}"`,
    );
    expect(build({ tablePrefix: 'a'.repeat(251), unparsedTableName: 'unparsed', statuses: [200] })).toThrow(
      `Invalid tablePrefix: must be at most 250 characters long, so that the table name "<tablePrefix>other" fits Glue's 255-character limit. Received: "${'a'.repeat(251)}"`,
    );
  });

  test('databaseName', () => {
    expect(() => new StatusRouting({ databaseName: 'Icelog' })).toThrow(
      `Invalid databaseName: ${GLUE_NAME_RULE}. Received: "Icelog"`,
    );
    expect(() => new StatusRouting({ databaseName: 'icelog-dev' })).toThrow(
      `Invalid databaseName: ${GLUE_NAME_RULE}. Received: "icelog-dev"`,
    );
  });

  test('fallback and unparsed table names must be Glue names', () => {
    expect(build({ fallbackTableName: 'Other' })).toThrow(
      `Invalid fallbackTableName: ${GLUE_NAME_RULE}. Received: "Other"`,
    );
    expect(build({ unparsedTableName: 'bad-name' })).toThrow(
      `Invalid unparsedTableName: ${GLUE_NAME_RULE}. Received: "bad-name"`,
    );
  });

  test('fallback and unparsed tables must not collide with a status table or each other', () => {
    expect(build({ fallbackTableName: 'request_200' })).toThrow(
      'Invalid fallbackTableName: must differ from the table of routed status 200 ("request_200"). Received: "request_200"',
    );
    expect(build({ unparsedTableName: 'request_404' })).toThrow(
      'Invalid unparsedTableName: must differ from the table of routed status 404 ("request_404"). Received: "request_404"',
    );
    expect(build({ fallbackTableName: 'misc', unparsedTableName: 'misc' })).toThrow(
      'Invalid unparsedTableName: must differ from fallbackTableName ("misc"): the two tables have different columns. Received: "misc"',
    );
    // A name that only looks like a status table is fine when that status is not routed.
    expect(build({ fallbackTableName: 'request_418' })).not.toThrow();
  });

  test('operation', () => {
    expect(build({ operation: 'upsert' })).toThrow(
      'Invalid operation: must be one of "insert", "update", "delete". Received: "upsert"',
    );
    expect(new StatusRouting({ databaseName: 'd', operation: 'delete' }).query).toContain(
      'operation: "delete"}',
    );
  });

  test('columns', () => {
    expect(build({ accessColumns: [] })).toThrow(
      'Invalid accessColumns: must contain at least one column. Received: []',
    );
    expect(build({ unparsedColumns: [{ name: 'Log', type: 'string' }] })).toThrow(
      `Invalid unparsedColumns[0].name: ${GLUE_NAME_RULE}. Received: "Log"`,
    );
  });

  test('custom columns reach the tables', () => {
    const routing = new StatusRouting({
      databaseName: 'd',
      statuses: [200],
      accessColumns: [{ name: 'status', type: 'int' }],
      unparsedColumns: [{ name: 'log', type: 'string' }],
    });
    expect(routing.tables.map((t) => [t.tableName, t.columns])).toEqual([
      ['request_200', [{ name: 'status', type: 'int' }]],
      ['request_other', [{ name: 'status', type: 'int' }]],
      ['request_unparsed', [{ name: 'log', type: 'string' }]],
    ]);
  });

  test('the query must fit the 5,120-character Firehose limit', () => {
    const all = Array.from({ length: 500 }, (_, i) => 100 + i);
    // 500 statuses, a 255-character database name and a 240-character prefix make a 5,295-character query.
    expect(build({ statuses: all, tablePrefix: 'p'.repeat(240), databaseName: 'd'.repeat(255) })).toThrow(
      'Invalid query.length: must be at most 5120 characters, the Firehose limit for a processor parameter; route fewer statuses, or shorten the database name or table names. Received: 5295',
    );
    expect(
      build({ statuses: all, tablePrefix: 'p'.repeat(40), databaseName: 'd'.repeat(255) }),
    ).not.toThrow();
  });

  test('a token database name counts as 255 characters towards the limit', () => {
    const token = Token.asString({ resolve: () => 'db' });
    // 27 + 255 (the token) + 26 + 4,900 + 2 characters.
    const query = `{destinationDatabaseName: "${token}", destinationTableName: "${'t'.repeat(4900)}"}`;
    expect(() => validateMetadataExtractionQuery('query', query)).toThrow(
      'Invalid query.length: must be at most 5120 characters (counting each token as 255), the Firehose limit for a processor parameter; route fewer statuses, or shorten the database name or table names. Received: 5210',
    );
    const fits = `{destinationDatabaseName: "${token}", destinationTableName: "${'t'.repeat(4810)}"}`;
    expect(() => validateMetadataExtractionQuery('query', fits)).not.toThrow();
  });

  test('validateMetadataExtractionQuery rejects a blank query', () => {
    expect(() => validateMetadataExtractionQuery('query', '  ')).toThrow(
      'Invalid query: must be a non-blank jq program. Received: "  "',
    );
  });
});
