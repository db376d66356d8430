/** Runs the README's first example as written (minus `app.synth()`), so the documentation cannot rot. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { TerraformStack, Testing } from 'cdktf';
import { onlyBlock } from '@icelog/core/testing';
import { policyStatements } from './fixtures';

function runFirstExample(): TerraformStack {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (example === undefined) throw new Error('README.md has no ts example');
  expect(readme.trimStart().startsWith('# @icelog/delivery')).toBe(true);
  expect(readme.indexOf('```ts')).toBeLessThan(readme.indexOf('\n## '));
  expect(example).toContain('app.synth();');
  const source = example.replace('app.synth();', 'exports.stack = stack;');
  const js = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
  const scope: { stack?: TerraformStack } = {};
  // `new App()` creates its output directory; keep it out of the package.
  const outdir = mkdtempSync(join(tmpdir(), 'icelog-delivery-readme-'));
  const previous = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    new Function('require', 'exports', js)(require, scope);
  } finally {
    if (previous === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = previous;
    rmSync(outdir, { recursive: true, force: true });
  }
  if (!scope.stack) throw new Error('the example defines no stack');
  return scope.stack;
}

test('the first README example synthesizes a delivery stream with no literal partition, region or account', () => {
  const stack = runFirstExample();
  const text = Testing.synth(stack);
  const json = JSON.parse(text);
  const firehose = onlyBlock(json.resource, 'aws_kinesis_firehose_delivery_stream');
  expect(firehose.name).toBe('icelog-dev');
  expect(firehose.iceberg_configuration.catalog_arn).toMatch(
    /^arn:\$\{data\.aws_partition\.\w+\.partition\}:glue:\$\{data\.aws_region\.\w+\.name\}:\$\{data\.aws_caller_identity\.\w+\.account_id\}:catalog$/,
  );
  expect(
    policyStatements(
      { resource: {}, data: {}, output: {}, terraform: {}, provider: {}, ...json },
      'IcebergTables',
    )[0].resources,
  ).toHaveLength(3);
  expect(text).not.toMatch(/"arn:aws:/);
});
