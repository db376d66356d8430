import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import * as cdktf from 'cdktf';
import * as constructs from 'constructs';
import * as provider from '@cdktf/provider-aws/lib/provider';
import * as catalog from '../src';

/** The modules the example may import; it runs against this package's sources. */
const MODULES: Record<string, unknown> = {
  cdktf,
  constructs,
  '@cdktf/provider-aws/lib/provider': provider,
  '@icelog/catalog': catalog,
};

/** The first ```ts block of the README: the "simplest working example". */
function firstExample(): string {
  const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no ts example');
  return match[1];
}

describe('README', () => {
  test('the first example runs as written and synthesizes a warehouse, a database and the table', () => {
    const source = firstExample();
    expect(source.indexOf('```')).toBe(-1);
    const js = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    }).outputText;
    const load = (id: string) => {
      if (!(id in MODULES)) throw new Error(`the README example imports ${id}; add it to MODULES`);
      return MODULES[id];
    };
    const outdir = mkdtempSync(join(tmpdir(), 'icelog-readme-'));
    const previous = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      new Function('require', 'exports', 'module', js)(load, {}, { exports: {} });
      expect(readdirSync(join(outdir, 'stacks'))).toEqual(['icelog-catalog']);
      const synth = JSON.parse(readFileSync(join(outdir, 'stacks', 'icelog-catalog', 'cdk.tf.json'), 'utf8'));
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
    } finally {
      if (previous === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previous;
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
