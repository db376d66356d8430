import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/** The synthesized Terraform JSON of a stack, loosely typed for assertions in tests. */
export interface SynthesizedStack {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  readonly resource: Record<string, Record<string, any>>;
  readonly data: Record<string, Record<string, any>>;
  readonly output: Record<string, { value: any; description?: string }>;
  readonly terraform: Record<string, any>;
  readonly provider: Record<string, any[]>;
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

/** A stack with an AWS provider in `region`, inside a test app, for construct tests. */
export function newTestStack(region = 'eu-west-1', app: App = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region });
  return stack;
}

/** Synthesizes `stack` and parses the JSON. */
export function synthesize(stack: TerraformStack): SynthesizedStack {
  const json = JSON.parse(Testing.synth(stack));
  return { resource: {}, data: {}, output: {}, terraform: {}, provider: {}, ...json };
}

/**
 * Synthesizes `stack` the way `app.synth()` does, keeping the `//` comment keys (cdktf metadata and
 * guardrail suppressions) that {@link synthesize} strips.
 */
export function synthesizeWithMetadata(stack: TerraformStack): SynthesizedStack {
  const outdir = Testing.fullSynth(stack);
  const json = JSON.parse(readFileSync(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
  return { resource: {}, data: {}, output: {}, terraform: {}, provider: {}, ...json };
}

/** All blocks of one resource (or data source) type, by logical id; `{}` when there are none. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function blocksOf(group: Record<string, Record<string, any>>, type: string): Record<string, any> {
  return group[type] ?? {};
}

/** The single block of a type; throws when there are none or several. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function onlyBlock(group: Record<string, Record<string, any>>, type: string): any {
  const blocks = Object.values(blocksOf(group, type));
  if (blocks.length !== 1) throw new Error(`expected exactly one ${type}, found ${blocks.length}`);
  return blocks[0];
}

/**
 * Runs a TypeScript example of a README exactly as written — imports, `new App()`, `app.synth()` —
 * with its output directory redirected to a temp folder, and returns every stack it synthesized. Keeps
 * documentation from rotting: a README whose example no longer compiles or synthesizes fails its test.
 *
 * @param readmePath path of the Markdown file
 * @param index which ```ts block to run (0 = the first)
 */
export function runReadmeExample(readmePath: string, index = 0): Record<string, SynthesizedStack> {
  const readme = readFileSync(readmePath, 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const source = blocks[index];
  if (source === undefined) throw new Error(`${readmePath} has no ts example #${index}`);
  if (!source.includes('app.synth()'))
    throw new Error(`${readmePath} example #${index} does not call app.synth()`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const js = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
  const outdir = mkdtempSync(join(tmpdir(), 'icelog-readme-'));
  const previous = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    new Function('require', 'exports', 'module', js)(require, {}, { exports: {} });
    const stacksDir = join(outdir, 'stacks');
    const stacks: Record<string, SynthesizedStack> = {};
    for (const name of readdirSync(stacksDir)) {
      const json = JSON.parse(readFileSync(join(stacksDir, name, 'cdk.tf.json'), 'utf8'));
      stacks[name] = { resource: {}, data: {}, output: {}, terraform: {}, provider: {}, ...json };
    }
    return stacks;
  } finally {
    if (previous === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = previous;
    rmSync(outdir, { recursive: true, force: true });
  }
}
