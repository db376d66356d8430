import { join } from 'node:path';
import { runReadmeExample } from '@icelog/core/testing';

const README = join(__dirname, '..', 'README.md');

describe('README', () => {
  test('the first example runs as written and synthesizes a warehouse, a database and the table', () => {
    const stacks = runReadmeExample(README);
    expect(Object.keys(stacks)).toEqual(['icelog-catalog']);
    const synth = stacks['icelog-catalog'];
    expect(Object.values(synth.resource.aws_s3_bucket).map((b: any) => b.bucket_prefix)).toEqual([
      'icelog-warehouse-',
    ]);
    expect(Object.values(synth.resource.aws_glue_catalog_database).map((d: any) => d.name)).toEqual([
      'icelog_dev',
    ]);
    const tables = Object.values(synth.resource.aws_glue_catalog_table) as any[];
    expect(tables.map((t) => t.name)).toEqual(['request_200']);
    expect(tables[0].storage_descriptor.columns).toHaveLength(9);
    expect(tables[0].storage_descriptor.location).toMatch(/\/warehouse\/icelog_dev\/request_200$/);
    expect(synth.resource.aws_glue_catalog_table_optimizer).toBeUndefined();
  });
});
