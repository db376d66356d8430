import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StackInput } from './runner';
import { TerraformJson } from './stack';

/**
 * Reads stacks from paths: a `cdk.tf.json` file, a stack directory holding one
 * (`cdktf.out/stacks/dev`), or a cdktf output directory (`cdktf.out`, every `stacks/<name>/cdk.tf.json`).
 * The stack name is cdktf's `//.metadata.stackName`, else the directory name.
 */
export function loadStacks(paths: readonly string[]): StackInput[] {
  return paths.flatMap((path) => filesOf(path).map((file) => readStack(file)));
}

function filesOf(path: string): string[] {
  if (!existsSync(path)) throw new Error(`${path}: no such file or directory`);
  if (statSync(path).isFile()) return [path];
  const own = join(path, 'cdk.tf.json');
  if (existsSync(own)) return [own];
  const stacksDir = join(path, 'stacks');
  if (existsSync(stacksDir) && statSync(stacksDir).isDirectory()) {
    const files = readdirSync(stacksDir)
      .sort()
      .map((name) => join(stacksDir, name, 'cdk.tf.json'))
      .filter((file) => existsSync(file));
    if (files.length > 0) return files;
  }
  throw new Error(`${path}: no cdk.tf.json here, nor under stacks/<name>/ (run cdktf synth first)`);
}

function readStack(file: string): StackInput {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`${file}: not a Terraform JSON object`);
  }
  const meta = (json as { '//'?: { metadata?: { stackName?: unknown } } })['//']?.metadata;
  const name = typeof meta?.stackName === 'string' ? meta.stackName : basename(dirname(file));
  return { name, json: json as TerraformJson };
}
