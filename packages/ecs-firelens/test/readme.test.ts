/** Runs the README's first example as written and checks the configuration it shows, so it cannot rot. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { TerraformStack, Testing } from 'cdktf';
import { onlyBlock } from '@icelog/core/testing';
import { buildFireLensConfig } from '../src';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

function runFirstExample(): TerraformStack {
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (example === undefined) throw new Error('README.md has no ts example');
  expect(example).toContain('app.synth();');
  const js = ts.transpileModule(example.replace('app.synth();', 'exports.stack = stack;'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
  const scope: { stack?: TerraformStack } = {};
  // `new App()` creates its output directory; keep it out of the package.
  const outdir = mkdtempSync(join(tmpdir(), 'icelog-ecs-firelens-readme-'));
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

test('the README starts with the simplest working example', () => {
  expect(readme.trimStart().startsWith('# @icelog/ecs-firelens')).toBe(true);
  expect(readme.indexOf('```ts')).toBeLessThan(readme.indexOf('\n## '));
  const json = JSON.parse(Testing.synth(runFirstExample()));
  expect(onlyBlock(json.resource, 'aws_ecs_service')).toMatchObject({
    name: 'icelog-dev-web',
    launch_type: 'FARGATE',
    network_configuration: { assign_public_ip: true },
  });
  const [app] = JSON.parse(onlyBlock(json.resource, 'aws_ecs_task_definition').container_definitions);
  expect(app.logConfiguration.options).toMatchObject({
    Name: 'kinesis_firehose',
    delivery_stream: 'icelog-dev',
  });
  expect(onlyBlock(json.resource, 'aws_vpc_security_group_ingress_rule').cidr_ipv4).toBe('203.0.113.0/24');
});

test('the README shows the files the construct generates, verbatim', () => {
  const config = buildFireLensConfig({ appContainerName: 'nginx' });
  expect(readme).toContain('```\n' + config.parsersFile + '```');
  expect(readme).toContain('```\n' + config.configFile + '```');
});
