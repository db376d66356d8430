import { execFileSync } from 'node:child_process';
import { Testing } from 'cdktf';
import { synthesizeWithMetadata } from '@icelog/core/testing';
import { IcelogConfigInput, IcelogStack } from '../src';
import { PUBLIC_SUBNETS, TASK_SUBNETS, minimalConfig, prodLikeConfig } from './fixtures';

function synth(config: IcelogConfigInput = minimalConfig) {
  const stack = new IcelogStack(Testing.app(), 'icelog-test', config);
  return { stack, json: synthesizeWithMetadata(stack) };
}

const { stack, json } = synth();
const names = (type: string): string[] => Object.values(json.resource[type] ?? {}).map((r: any) => r.name);
const firehose = Object.values(json.resource.aws_kinesis_firehose_delivery_stream)[0] as any;

describe('state backend', () => {
  test('is S3 with encryption and S3-native locking, a per-environment key and no credentials', () => {
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'state-bucket',
        key: 'icelog/test/terraform.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test('rejects a bad bucket or key', () => {
    expect(() => synth({ ...minimalConfig, state: { bucket: 'Bad_Bucket' } })).toThrow(
      'Invalid config state.bucket: S3 bucket names may contain only lower-case letters, digits, dots and hyphens. Received: "Bad_Bucket"',
    );
    expect(() => synth({ ...minimalConfig, state: { bucket: 'state-bucket', key: '/abs/state' } })).toThrow(
      'Invalid config state.key: must be a relative S3 key ending in ".tfstate". Received: "/abs/state"',
    );
  });
});

describe('provider', () => {
  test('has the region and default tags; a user tag may not replace one the stack sets', () => {
    expect(() => synth({ ...minimalConfig, tags: { owner: 'x', project: 'spoofed' } })).toThrow(
      'Invalid config tags.project: is a tag the stack sets itself ("icelog", from the stack); remove it from tags. Received: "spoofed"',
    );
    const s = synth({ ...minimalConfig, tags: { owner: 'x' } }).json;
    expect(s.provider.aws).toEqual([
      {
        region: 'eu-west-1',
        default_tags: [
          { tags: { owner: 'x', project: 'icelog', environment: 'test', 'managed-by': 'cdktf' } },
        ],
      },
    ]);
  });
});

describe('composition', () => {
  test('the catalog holds exactly the tables routing can produce', () => {
    expect(names('aws_glue_catalog_table').sort()).toEqual(
      stack.routing.tables.map((t) => t.tableName).sort(),
    );
    expect(stack.tables.map((t) => t.tableName)).toEqual(stack.routing.tables.map((t) => t.tableName));
    expect(stack.routing.tables.map((t) => t.tableName)).toEqual(
      expect.arrayContaining(['request_200', 'request_404', 'request_other', 'request_unparsed']),
    );
  });

  test('the delivery stream routes with the generated JQ 1.6 query into the catalog database', () => {
    const iceberg = firehose.iceberg_configuration;
    expect(firehose.destination).toBe('iceberg');
    const parameters = [...iceberg.processing_configuration.processors[0].parameters];
    expect(iceberg.processing_configuration.processors[0].type).toBe('MetadataExtraction');
    expect(parameters.sort((a: any, b: any) => a.parameter_name.localeCompare(b.parameter_name))).toEqual([
      { parameter_name: 'JsonParsingEngine', parameter_value: 'JQ-1.6' },
      { parameter_name: 'MetadataExtractionQuery', parameter_value: stack.routing.query },
    ]);
    // Routed by JQ: no destination table list (hashicorp/aws 5.100.0 replaces the stream when it changes).
    expect(iceberg.destination_table_configuration).toBeUndefined();
    expect(iceberg.s3_backup_mode).toBe('FailedDataOnly');
  });

  test('the Firehose role may touch exactly the producible tables', () => {
    const docs = Object.values(json.data.aws_iam_policy_document) as any[];
    const glue = docs.flatMap((d) => d.statement).filter((s: any) => s.actions.includes('glue:UpdateTable'));
    const firehoseGlue = glue.find((s: any) => s.sid === 'IcebergCatalogAccess');
    const tableRefs = firehoseGlue.resources.filter((r: string) => r.includes('aws_glue_catalog_table.'));
    expect(tableRefs).toHaveLength(stack.routing.tables.length);
    expect(JSON.stringify(glue)).not.toMatch(/database\/\*|table\/\*/);
  });

  test('no literal account id, region or partition in any ARN', () => {
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/arn:aws[a-z-]*:/);
    expect(text).not.toMatch(/\b\d{12}\b/);
  });

  test('outputs the settings the smoke checker reads', () => {
    expect(Object.keys(json.output).sort()).toEqual([
      'alarm_names',
      'athena_workgroup',
      'dashboard_name',
      'delivery_stream_name',
      'ecs_cluster_name',
      'ecs_service_name',
      'error_output_prefix',
      'fallback_table',
      'glue_database',
      'region',
      'routed_statuses',
      'table_prefix',
      'unparsed_table',
      'warehouse_bucket',
    ]);
    expect(json.output.glue_database.value).toBe('icelog_test');
    expect(json.output.routed_statuses.value).toEqual([...stack.routing.routedStatuses]);
  });

  test('a load balancer adds the endpoint_url output', () => {
    const withLb = synth({
      ...minimalConfig,
      service: {
        ...minimalConfig.service,
        loadBalancer: {
          deletionProtection: false,
          allowPlainHttp: true,
          subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
        },
      },
    }).json;
    expect(withLb.output.endpoint_url.value).toMatch(/^http:\/\/\$\{aws_lb\.\w+\.dns_name\}$/);
  });

  test('an internet-facing load balancer sits in its own public subnets, the tasks in their private ones', () => {
    const prod = synth(prodLikeConfig).json;
    const lb = Object.values(prod.resource.aws_lb) as any[];
    expect(lb.map((l) => [l.internal, l.subnets])).toEqual([[false, PUBLIC_SUBNETS]]);
    const service = Object.values(prod.resource.aws_ecs_service)[0] as any;
    expect(service.network_configuration.subnets).toEqual(TASK_SUBNETS);
    expect(service.network_configuration.assign_public_ip).toBe(false);
  });

  test('a retired status keeps its table (same logical id, fallback columns) but is no longer routed', () => {
    const routed = synth({ ...minimalConfig, routing: { statuses: [200, 404] } });
    const retired = synth({ ...minimalConfig, routing: { statuses: [200], retiredStatuses: [404] } });
    const tableIds = (j: any) => Object.keys(j.resource.aws_glue_catalog_table).sort();
    expect(tableIds(retired.json)).toEqual(tableIds(routed.json));
    expect(retired.stack.routing.routedStatuses).toEqual([200]);
    expect(retired.stack.retiredTables.map((t) => t.tableName)).toEqual(['request_404']);
    expect(retired.stack.routing.query).not.toContain('404');
    expect(() =>
      synth({ ...minimalConfig, routing: { statuses: [200, 404], retiredStatuses: [404] } }),
    ).toThrow(
      'Invalid routing.retiredStatuses: must not contain a status that is still routed (404 is in routing.statuses). Received: [404]',
    );
  });

  test('construct validation errors surface with field, value and rule', () => {
    expect(() => synth({ ...minimalConfig, routing: { statuses: [200, 99] } })).toThrow(
      /Invalid .*statuses.*99/,
    );
    expect(() =>
      synth({ ...minimalConfig, delivery: { buffering: { intervalSeconds: 901, sizeMiB: 5 } } }),
    ).toThrow(/Invalid .*901/);
  });
});

describe('routing under the real jq 1.6', () => {
  test('every record lands in a table the synthesized catalog has', () => {
    const meta = { source: 'stdout', container_name: 'app', ecs_task_arn: 'arn:task' };
    const records = [
      { status: 200, request: 'GET / HTTP/1.1', ...meta },
      { status: '404', request: 'GET /x HTTP/1.1', ...meta },
      { status: 418, ...meta },
      { status: 'abc', ...meta },
      { log: '2026/11/25 10:00:00 [error] 29#29: *1 open() failed', ...meta, source: 'stderr' },
    ];
    const out = execFileSync('jq', ['-c', stack.routing.query], {
      input: records.map((r) => JSON.stringify(r)).join('\n'),
    }).toString();
    const routed = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(routed.map((r) => r.destinationTableName)).toEqual([
      'request_200',
      'request_404',
      'request_other',
      'request_other',
      'request_unparsed',
    ]);
    const catalog = new Set(names('aws_glue_catalog_table'));
    for (const r of routed) {
      expect(catalog.has(r.destinationTableName)).toBe(true);
      expect(r).toMatchObject({ destinationDatabaseName: 'icelog_test', operation: 'insert' });
    }
  });
});

describe('outputs readable before deploy', () => {
  test('names are literals in cdk.tf.json; only the endpoint needs Terraform', () => {
    expect(json.output.athena_workgroup.value).toBe('icelog-test-smoke');
    expect(json.output.delivery_stream_name.value).toBe('icelog-test');
    expect(json.output.ecs_cluster_name.value).toBe('icelog-test');
    expect(json.output.ecs_service_name.value).toBe('icelog-test-web');
    expect(json.output.table_prefix.value).toBe('request_');
    const workgroup = Object.values(json.resource.aws_athena_workgroup)[0] as any;
    expect(workgroup.name).toBe('icelog-test-smoke');
    expect((Object.values(json.resource.aws_ecs_cluster)[0] as any).name).toBe('icelog-test');
  });
});
