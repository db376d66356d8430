import { RoutedTable, StatusRouting } from '@icelog/routing';
import { readyQueries } from '../src';
import { idWhere, monitoredPipeline } from './fixtures';

/** Every `"<db>"."<table>"` (or `"<db>"."<table>$snapshots"`) a query reads. */
function tablesIn(sql: string): { database: string; table: string }[] {
  return [...sql.matchAll(/\b(?:FROM|JOIN)\s+"([^"]+)"\."([^"$]+)(?:\$[a-z]+)?"/g)].map((m) => ({
    database: m[1],
    table: m[2],
  }));
}

/** Every `${type.id.attr}` reference in a string. */
const refs = (text: string) =>
  [...text.matchAll(/\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}/g)].map((m) => `${m[1]}.${m[2]}`);

describe('dashboard', () => {
  const { json, monitoring } = monitoredPipeline();
  const dashboard = Object.values(json.resource.aws_cloudwatch_dashboard)[0] as any;
  const body = JSON.parse(dashboard.dashboard_body);
  const metricWidgets = body.widgets.filter((w: any) => w.type === 'metric');

  it('is named after the stack and has a valid layout of typed widgets', () => {
    expect(dashboard.dashboard_name).toBe('icelog-test');
    expect(monitoring.dashboardName).toBe('icelog-test');
    expect(body.widgets.map((w: any) => w.properties.title ?? w.type)).toEqual([
      'text',
      'Data freshness (s)',
      'Incoming vs delivered vs failed rows',
      'Direct PUT use, % of quota',
      'Throttled records',
      'nginx tasks',
      'Log router (Fluent Bit)',
      'Alarms',
    ]);
    for (const w of body.widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      expect(w.width).toBeGreaterThan(0);
      expect(w.height).toBeGreaterThan(0);
    }
  });

  it("references only the stack's own resources", () => {
    const own = new Set(
      Object.entries(json.resource).flatMap(([type, blocks]) =>
        Object.keys(blocks).map((id) => `${type}.${id}`),
      ),
    );
    const ownData = new Set(
      Object.entries(json.data).flatMap(([type, blocks]) => Object.keys(blocks).map((id) => `${type}.${id}`)),
    );
    const used = refs(dashboard.dashboard_body);
    expect(used.length).toBeGreaterThan(0);
    for (const r of used) expect(own.has(r) || ownData.has(r)).toBe(true);
    const stream = `aws_kinesis_firehose_delivery_stream.${idWhere(json, 'aws_kinesis_firehose_delivery_stream', 'name', 'icelog-test')}`;
    expect(used).toContain(stream);
    expect(used).toContain(`aws_ecs_service.${idWhere(json, 'aws_ecs_service', 'name', 'icelog-test-web')}`);
    for (const w of metricWidgets) expect(w.properties.region).toMatch(/^\$\{data\.aws_region\.\w+\.name\}$/);
  });

  it('draws documented metrics with their dimensions, and math on the graph own ids', () => {
    for (const widget of metricWidgets) {
      const ids = new Set(
        widget.properties.metrics.map((row: any) => row[row.length - 1].id).filter(Boolean),
      );
      for (const row of widget.properties.metrics) {
        const options = row[row.length - 1];
        if (options.expression) {
          for (const id of options.expression.match(/[a-z][A-Za-z]+/g)) expect(ids.has(id)).toBe(true);
          continue;
        }
        const [namespace, name, ...rest] = row.slice(0, -1);
        expect(['AWS/Firehose', 'ECS/ContainerInsights', 'icelog/icelog-test']).toContain(namespace);
        if (namespace === 'AWS/Firehose')
          expect(rest).toEqual([
            'DeliveryStreamName',
            expect.stringContaining('${aws_kinesis_firehose_delivery_stream.'),
          ]);
        if (namespace === 'ECS/ContainerInsights')
          expect(rest.filter((_: unknown, i: number) => i % 2 === 0)).toEqual(['ClusterName', 'ServiceName']);
        expect(typeof name).toBe('string');
        expect(['Sum', 'Maximum', 'Minimum', 'Average']).toContain(options.stat);
      }
    }
  });

  it('shows the state of every alarm', () => {
    const alarmWidget = body.widgets.find((w: any) => w.type === 'alarm');
    expect([...alarmWidget.properties.alarms].sort()).toEqual(
      Object.keys(json.resource.aws_cloudwatch_metric_alarm)
        .map((id) => `\${aws_cloudwatch_metric_alarm.${id}.arn}`)
        .sort(),
    );
  });

  it('shows source lag instead of the quota with a Kinesis source', () => {
    const kinesis = monitoredPipeline({ source: { kind: 'kinesis' } }).json;
    const titles = JSON.parse(
      (Object.values(kinesis.resource.aws_cloudwatch_dashboard)[0] as any).dashboard_body,
    ).widgets.map((w: any) => w.properties.title);
    expect(titles).toContain('Kinesis source lag (ms)');
    expect(titles).not.toContain('Direct PUT use, % of quota');
  });
});

describe('named queries', () => {
  const { json, routing } = monitoredPipeline();
  const queries = Object.values(json.resource.aws_athena_named_query) as any[];
  const created = new Set(Object.values(json.resource.aws_glue_catalog_table).map((t: any) => t.name));

  it('saves the five ready queries in the workgroup and database of the stack', () => {
    expect(queries.map((q) => q.name).sort()).toEqual([
      'icelog-test-records-in-fallback-table',
      'icelog-test-requests-per-status-per-minute',
      'icelog-test-top-paths-by-5xx',
      'icelog-test-top-user-agents',
      'icelog-test-unparsed-lines-per-hour',
    ]);
    const workgroup = `\${aws_athena_workgroup.${idWhere(json, 'aws_athena_workgroup', 'name', 'icelog-test-smoke')}.name}`;
    for (const q of queries) {
      expect(q.workgroup).toBe(workgroup);
      expect(q.database).toBe('icelog_test');
    }
  });

  it.each([
    'requests-per-status-per-minute',
    'top-paths-by-5xx',
    'top-user-agents',
    'unparsed-lines-per-hour',
    'records-in-fallback-table',
  ])('%s names only tables the stack creates', (key) => {
    const q = queries.find((query) => query.name === `icelog-test-${key}`);
    const read = tablesIn(q.query);
    expect(read.length).toBeGreaterThan(0);
    for (const t of read) {
      expect(t.database).toBe('icelog_test');
      expect(created.has(t.table)).toBe(true);
    }
  });

  it('reads exactly the right tables for each question', () => {
    const read = (key: string) =>
      tablesIn(queries.find((q) => q.name === `icelog-test-${key}`).query).map((t) => t.table);
    const access = [...routing.tables.filter((t) => t.kind !== 'unparsed').map((t) => t.tableName)];
    expect(read('requests-per-status-per-minute')).toEqual(access);
    expect(read('top-user-agents')).toEqual(access);
    expect(read('top-paths-by-5xx')).toEqual(['request_500', 'request_503', 'request_other']);
    expect(read('unparsed-lines-per-hour')).toEqual(['request_unparsed']);
    expect(read('records-in-fallback-table')).toEqual(['request_other']);
  });

  it("uses the stack's request_time column, so Iceberg statistics prune the time range", () => {
    const q = queries.find((query) => query.name === 'icelog-test-requests-per-status-per-minute');
    expect(q.query).toContain('SELECT request_time AS ts, status FROM "icelog_test"."request_200"');
    expect(q.query).not.toContain('parse_datetime');
  });

  it('parses time_local where the tables have no request_time column', () => {
    const base = new StatusRouting({ databaseName: 'db', statuses: [200] });
    const withoutTime: RoutedTable[] = base.tables.map((t) => ({
      ...t,
      columns: t.columns.filter((c) => c.name !== 'request_time'),
    }));
    const sql = readyQueries('db', withoutTime)
      .map((q) => q.sql)
      .join('\n');
    expect(sql).toContain("parse_datetime(time_local, 'dd/MMM/yyyy:HH:mm:ss Z') AS ts");
    expect(sql).toContain('FROM "db"."request_unparsed$snapshots"');
  });

  it('uses request_time where the tables have it', () => {
    const base = new StatusRouting({ databaseName: 'db', statuses: [200] });
    const withTime: RoutedTable[] = base.tables.map((t) => ({
      ...t,
      columns: [...t.columns, { name: 'request_time', type: 'timestamp' }],
    }));
    const sql = readyQueries('db', withTime)
      .map((q) => q.sql)
      .join('\n');
    expect(sql).not.toContain('parse_datetime');
    expect(sql).not.toContain('$snapshots');
    expect(sql).toContain('SELECT request_time AS ts, status FROM "db"."request_200"');
    expect(sql).toContain("date_trunc('hour', request_time) AS hour, count(*) AS lines");
  });
});
