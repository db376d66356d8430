import { readFileSync } from 'node:fs';
import { UsageError } from './errors';

/**
 * Reading what `cdktf synth` and `cdktf deploy` / `terraform output` leave on disk, so that users do
 * not retype names the stack already knows.
 */

/** cdktf's map from construct path to Terraform output name (`"//".outputs.<stack>` in cdk.tf.json). */
export type OutputIdMap = { readonly [constructId: string]: string | OutputIdMap };

/** The parts of a synthesized stack (cdk.tf.json) the smoke checks read. */
export interface SynthesizedStack {
  /** Path of the cdk.tf.json file. */
  readonly path: string;
  /** `"//".metadata.stackName`, when cdktf wrote it. */
  readonly stackName?: string;
  /** Terraform output name → `value` as synthesized (a literal, or a `${…}` expression). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** `provider.aws[0].region` when it is a literal. */
  readonly providerRegion?: string;
  /** Construct ids of the outputs, used to read cdktf `--outputs-file` files. */
  readonly outputIds?: OutputIdMap;
}

/** Which of the two outputs file formats a file is in. */
export type OutputsFileFormat = 'terraform output -json' | 'cdktf --outputs-file';

/** Output values read from an outputs file. */
export interface OutputsFile {
  readonly path: string;
  readonly format: OutputsFileFormat;
  /** Terraform output name → value. */
  readonly values: Readonly<Record<string, unknown>>;
}

/** True when `value` is, or contains, a Terraform expression (`${…}`) that only apply resolves. */
export function isTerraformExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(isTerraformExpression);
  if (isPlainObject(value)) return Object.values(value).some(isTerraformExpression);
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(path: string, what: string, hint?: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `Cannot read the ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : String(error)}`,
      hint,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The ${what} ${path} is not valid JSON: ${(error as Error).message}`, hint);
  }
}

/** Reads a synthesized stack. Throws {@link UsageError} when the file is missing or not a stack. */
export function readSynthesizedStack(path: string, hint?: string): SynthesizedStack {
  const json = readJson(path, 'synthesized stack', hint);
  if (!isPlainObject(json)) throw new UsageError(`The synthesized stack ${path} is not a JSON object`, hint);
  const meta = isPlainObject(json['//']) ? json['//'] : {};
  const metadata = isPlainObject(meta.metadata) ? meta.metadata : {};
  const stackName = typeof metadata.stackName === 'string' ? metadata.stackName : undefined;
  const outputs: Record<string, unknown> = {};
  if (isPlainObject(json.output)) {
    for (const [name, block] of Object.entries(json.output)) {
      if (isPlainObject(block) && 'value' in block) outputs[name] = block.value;
    }
  }
  const provider = isPlainObject(json.provider) ? json.provider : {};
  const aws = Array.isArray(provider.aws) ? provider.aws[0] : provider.aws;
  const region = isPlainObject(aws) && typeof aws.region === 'string' ? aws.region : undefined;
  const allOutputIds = isPlainObject(meta.outputs) ? meta.outputs : {};
  const outputIds = stackName && isPlainObject(allOutputIds[stackName]) ? allOutputIds[stackName] : undefined;
  return {
    path,
    stackName,
    outputs,
    providerRegion: region && !isTerraformExpression(region) ? region : undefined,
    outputIds: outputIds as OutputIdMap | undefined,
  };
}

function isTerraformOutputEntry(value: unknown): boolean {
  return isPlainObject(value) && 'value' in value && 'type' in value;
}

/**
 * Reads an outputs file in either format:
 * - `terraform output -json`: `{ "<name>": { "value": …, "type": …, "sensitive": … } }`
 * - `cdktf deploy --outputs-file`: `{ "<stack>": { "<construct id>": value, "<scope>": { … } } }`,
 *   keyed by construct ids; `outputIds` (from cdk.tf.json) maps them back to output names, and
 *   without it the top-level keys are taken as the names (true for outputs defined on the stack).
 * @param stackName selects the stack in a cdktf file that holds several
 */
export function readOutputsFile(path: string, stackName?: string, outputIds?: OutputIdMap): OutputsFile {
  const json = readJson(path, 'outputs file');
  if (!isPlainObject(json)) throw new UsageError(`The outputs file ${path} is not a JSON object`);
  const entries = Object.entries(json);
  if (entries.length > 0 && entries.every(([, value]) => isTerraformOutputEntry(value))) {
    const values: Record<string, unknown> = {};
    for (const [name, entry] of entries) values[name] = (entry as { value: unknown }).value;
    return { path, format: 'terraform output -json', values };
  }
  const stacks = entries.filter(([, value]) => isPlainObject(value));
  let selected: Record<string, unknown> | undefined;
  if (stackName !== undefined && isPlainObject(json[stackName])) selected = json[stackName];
  else if (stackName === undefined && stacks.length === 1) selected = stacks[0][1] as Record<string, unknown>;
  if (!selected) {
    const names = stacks.map(([name]) => JSON.stringify(name)).join(', ') || 'none';
    throw new UsageError(
      `The outputs file ${path} has no outputs for stack ${JSON.stringify(stackName ?? '(unspecified)')}; stacks in the file: ${names}`,
      'Pass --stack <name>, or an outputs file written by "cdktf deploy <stack> --outputs-file <file>" or "terraform output -json".',
    );
  }
  return {
    path,
    format: 'cdktf --outputs-file',
    values: outputIds ? mapByOutputIds(selected, outputIds) : selected,
  };
}

function mapByOutputIds(values: Record<string, unknown>, ids: OutputIdMap): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const walk = (node: unknown, map: OutputIdMap): void => {
    if (!isPlainObject(node)) return;
    for (const [constructId, entry] of Object.entries(map)) {
      if (!(constructId in node)) continue;
      if (typeof entry === 'string') result[entry] = node[constructId];
      else walk(node[constructId], entry);
    }
  };
  walk(values, ids);
  // Outputs that the mapping does not know (an older synth) keep their top-level key.
  for (const [key, value] of Object.entries(values)) {
    if (!(key in ids) && !isPlainObject(value) && !(key in result)) result[key] = value;
  }
  return result;
}
