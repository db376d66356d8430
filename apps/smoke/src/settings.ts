import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { GLUE_NAME_PATTERN, describeValue, isKnownRegion, unknownRegionRule } from '@icelog/core/validation';
import { z } from 'zod';
import { UsageError } from './errors';
import {
  type OutputsFile,
  type SynthesizedStack,
  isTerraformExpression,
  readOutputsFile,
  readSynthesizedStack,
} from './stack-files';

/** Default prefix of the per-status tables, as in @icelog/routing. */
export const DEFAULT_TABLE_PREFIX = 'request_';

/**
 * Every setting the smoke checks use, and the Terraform output each one comes from (the contract
 * with the icelog-dev / icelog-prod stacks).
 */
export const SETTING_OUTPUTS = {
  region: 'region',
  database: 'glue_database',
  workgroup: 'athena_workgroup',
  tablePrefix: 'table_prefix',
  statuses: 'routed_statuses',
  fallbackTable: 'fallback_table',
  unparsedTable: 'unparsed_table',
  endpointUrl: 'endpoint_url',
  ecsClusterName: 'ecs_cluster_name',
  ecsServiceName: 'ecs_service_name',
  deliveryStream: 'delivery_stream_name',
  warehouseBucket: 'warehouse_bucket',
  errorOutputPrefix: 'error_output_prefix',
} as const;

/** The name of one setting. */
export type SettingName = keyof typeof SETTING_OUTPUTS;

/** The command-line flag that overrides each setting. */
export const SETTING_FLAGS: Readonly<Record<SettingName, string>> = {
  region: '--region',
  database: '--database',
  workgroup: '--workgroup',
  tablePrefix: '--table-prefix',
  statuses: '--statuses',
  fallbackTable: '--fallback-table',
  unparsedTable: '--unparsed-table',
  endpointUrl: '--endpoint',
  ecsClusterName: '--ecs-cluster',
  ecsServiceName: '--ecs-service',
  deliveryStream: '--delivery-stream',
  warehouseBucket: '--bucket',
  errorOutputPrefix: '--error-prefix',
};

const GLUE_RULE =
  'must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires)';
const glueName = z.string().regex(GLUE_NAME_PATTERN, { error: GLUE_RULE });
const ecsName = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,255}$/, { error: 'must be 1–255 letters, digits, hyphens or underscores' });

function toStatusList(value: unknown): unknown {
  const parts = typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value;
  if (!Array.isArray(parts)) return parts;
  return parts.map((part) => (typeof part === 'string' && /^\d+$/.test(part) ? Number(part) : part));
}

/** The zod schema the merged settings must satisfy; every field is checked before any AWS call. */
export const settingsSchema = z.object({
  region: z
    .string()
    .refine(isKnownRegion, { error: (issue) => unknownRegionRule(issue.input) })
    .optional(),
  database: glueName.optional(),
  workgroup: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,128}$/, {
      error: 'must be 1–128 characters of [a-zA-Z0-9._-] (an Athena workgroup name)',
    })
    .optional(),
  tablePrefix: z.string().regex(/^[a-z0-9_]{0,252}$/, {
    error: 'must be at most 252 characters of [a-z0-9_] (it prefixes a Glue table name)',
  }),
  statuses: z
    .preprocess(
      toStatusList,
      z
        .array(
          z
            .number({ error: 'must be a list of HTTP status codes, e.g. 200,404' })
            .int({ error: 'must hold integers from 100 to 599' })
            .min(100, { error: 'must hold integers from 100 to 599' })
            .max(599, { error: 'must hold integers from 100 to 599' }),
          { error: 'must be a list of HTTP status codes, e.g. 200,404' },
        )
        .min(1, { error: 'must contain at least one status' })
        .refine((list) => new Set(list).size === list.length, { error: 'must not contain duplicates' }),
    )
    .optional(),
  fallbackTable: glueName,
  unparsedTable: glueName,
  endpointUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  ecsClusterName: ecsName.optional(),
  ecsServiceName: ecsName.optional(),
  deliveryStream: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,64}$/, {
      error: 'must be 1–64 characters of [a-zA-Z0-9_.-] (a Firehose stream name)',
    })
    .optional(),
  warehouseBucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name (3–63 of [a-z0-9.-])' })
    .optional(),
  errorOutputPrefix: z
    .string()
    .max(1024, { error: 'must be at most 1024 characters (an S3 key prefix)' })
    .refine((prefix) => !prefix.includes('!{'), {
      error: 'must be a literal prefix: one with !{…} expressions names no single place to list',
    })
    .optional(),
});

/** Validated settings, with where each value came from. */
export interface SmokeSettings {
  /** AWS region; undefined lets the SDK use AWS_REGION / the profile. */
  readonly region?: string;
  readonly database?: string;
  readonly workgroup?: string;
  readonly tablePrefix: string;
  /** Routed statuses (or `--statuses`). */
  readonly statuses?: readonly number[];
  readonly fallbackTable: string;
  readonly unparsedTable: string;
  readonly endpointUrl?: string;
  readonly ecsClusterName?: string;
  readonly ecsServiceName?: string;
  /** Firehose delivery stream name. */
  readonly deliveryStream?: string;
  /** Bucket of table data and failed records. */
  readonly warehouseBucket?: string;
  /** Key prefix Firehose writes failed records under. */
  readonly errorOutputPrefix?: string;
  /** For each setting that has a value: `--flag`, the outputs file, the synthesized stack or `default`. */
  readonly sources: Readonly<Partial<Record<SettingName, string>>>;
  /** The synthesized stack that was read, if any. */
  readonly stackFile?: string;
  /** The outputs file that was read, if any. */
  readonly outputsFile?: string;
  /** Settings whose output is a `${…}` expression in the synthesized stack and that have no value. */
  readonly unresolved: Readonly<Partial<Record<SettingName, unknown>>>;
}

/** Where settings come from (all optional: flags alone are enough). */
export interface SettingsInput {
  /** `--app`: reads `apps/<app>/cdktf.out/stacks/icelog-<app>/cdk.tf.json` under `root`. */
  readonly app?: string;
  /** Workspace root that `--app` paths are relative to. */
  readonly root: string;
  /** Directory that `--synth` and `--outputs` paths are relative to (the user's shell). */
  readonly cwd: string;
  /** `--synth`: an explicit cdk.tf.json (overrides the path derived from `--app`). */
  readonly synthFile?: string;
  /**
   * `--outputs`: `terraform output -json` or `cdktf deploy --outputs-file` output.
   * @default - `apps/<app>/cdktf.out/outputs.json` when `app` is given and that file exists
   */
  readonly outputsFile?: string;
  /** `--stack`: the stack in a cdktf outputs file. @default - `icelog-<app>`, or the synthesized stack's name */
  readonly stack?: string;
  /** Values given as flags; they win over every file. */
  readonly flags: Readonly<Partial<Record<SettingName, unknown>>>;
  /** Settings the command cannot run without. */
  readonly required: readonly SettingName[];
}

/** Rule for `--app` (it becomes part of a path, so nothing like `../` gets through). */
export const APP_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The cdk.tf.json path for an app under the workspace root (the contract with apps/dev, apps/prod). */
export function synthPathForApp(root: string, app: string): string {
  return join(root, 'apps', app, 'cdktf.out', 'stacks', `icelog-${app}`, 'cdk.tf.json');
}

/**
 * Where the app's deploy target writes its outputs (`cdktf deploy … --outputs-file
 * apps/<app>/cdktf.out/outputs.json`); read automatically with `--app` when no `--outputs` is given.
 */
export function outputsPathForApp(root: string, app: string): string {
  return join(root, 'apps', app, 'cdktf.out', 'outputs.json');
}

/** The nearest ancestor of `start` that holds nx.json, else `start`. */
export function findWorkspaceRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return resolve(start);
  }
}

/**
 * Merges flags, the outputs file and the synthesized stack (in that order of precedence) and
 * validates the result with {@link settingsSchema}.
 * @throws UsageError listing every invalid or missing setting, with where each value came from
 */
export function loadSettings(input: SettingsInput): SmokeSettings {
  if (input.app !== undefined && !APP_NAME_PATTERN.test(input.app)) {
    throw new UsageError(
      `Invalid --app: must be a lower-case app name such as dev or prod (${APP_NAME_PATTERN.source}). Received: ${describeValue(input.app)}`,
    );
  }
  const synthPath = input.synthFile
    ? resolve(input.cwd, input.synthFile)
    : input.app
      ? synthPathForApp(input.root, input.app)
      : undefined;
  let stack: SynthesizedStack | undefined;
  if (synthPath) {
    const optional = !input.synthFile && input.outputsFile !== undefined;
    if (!optional || existsSync(synthPath)) {
      stack = readSynthesizedStack(
        synthPath,
        input.app
          ? `Synthesize the app first: "npx nx run ${input.app}:synth" (or "npx cdktf synth" in apps/${input.app}), or pass --synth <cdk.tf.json>.`
          : undefined,
      );
    }
  }
  const stackName = input.stack ?? (input.app ? `icelog-${input.app}` : stack?.stackName);
  const deployedOutputs = input.app ? outputsPathForApp(input.root, input.app) : undefined;
  const outputsPath = input.outputsFile
    ? resolve(input.cwd, input.outputsFile)
    : deployedOutputs && existsSync(deployedOutputs)
      ? deployedOutputs
      : undefined;
  const outputs: OutputsFile | undefined = outputsPath
    ? readOutputsFile(outputsPath, stackName, stack?.outputIds)
    : undefined;
  const show = (path: string) => {
    const shown = relative(input.cwd, path);
    return shown && !shown.startsWith('..') ? shown : path;
  };

  const raw: Partial<Record<SettingName, unknown>> = {};
  const sources: Partial<Record<SettingName, string>> = {};
  const unresolved: Partial<Record<SettingName, unknown>> = {};
  for (const name of Object.keys(SETTING_OUTPUTS) as SettingName[]) {
    const output = SETTING_OUTPUTS[name];
    const flag = input.flags[name];
    if (flag !== undefined) {
      raw[name] = flag;
      sources[name] = SETTING_FLAGS[name];
    } else if (outputs && outputs.values[output] !== undefined && outputs.values[output] !== null) {
      raw[name] = outputs.values[output];
      sources[name] = `output "${output}" in ${show(outputs.path)}`;
    } else if (stack && stack.outputs[output] !== undefined) {
      if (isTerraformExpression(stack.outputs[output])) unresolved[name] = stack.outputs[output];
      else {
        raw[name] = stack.outputs[output];
        sources[name] = `output "${output}" in ${show(stack.path)}`;
      }
    }
  }
  if (raw.region === undefined && stack?.providerRegion) {
    raw.region = stack.providerRegion;
    sources.region = `provider "aws" in ${show(stack.path)}`;
  }
  if (raw.tablePrefix === undefined) {
    raw.tablePrefix = DEFAULT_TABLE_PREFIX;
    sources.tablePrefix = 'default';
  }
  const prefix = typeof raw.tablePrefix === 'string' ? raw.tablePrefix : DEFAULT_TABLE_PREFIX;
  if (raw.fallbackTable === undefined) {
    raw.fallbackTable = `${prefix}other`;
    sources.fallbackTable = 'default';
  }
  if (raw.unparsedTable === undefined) {
    raw.unparsedTable = `${prefix}unparsed`;
    sources.unparsedTable = 'default';
  }

  const problems: string[] = [];
  const parsed = settingsSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '') as SettingName;
      if (seen.has(name)) continue;
      seen.add(name);
      const from = sources[name] ? ` (from ${sources[name]})` : '';
      problems.push(`Invalid ${name}${from}: ${issue.message}. Received: ${describeValue(raw[name])}`);
    }
  }
  for (const name of input.required) {
    if (raw[name] !== undefined) continue;
    const output = SETTING_OUTPUTS[name];
    if (name in unresolved) {
      const deploy = input.app
        ? `deploy with "npx nx run ${input.app}:deploy" (it writes ${show(outputsPathForApp(input.root, input.app))}, read automatically), or `
        : '';
      problems.push(
        `Missing ${name}: output "${output}" is only known after deploy (${show(stack?.path ?? '')} has ${describeValue(unresolved[name])}); ${deploy}pass --outputs <file> (written by "cdktf deploy --outputs-file <file>" or "terraform output -json") or ${SETTING_FLAGS[name]}`,
      );
    } else {
      const where = stack
        ? `${show(stack.path)} has no output "${output}"`
        : outputs
          ? `${show(outputs.path)} has no output "${output}"`
          : 'no --app, --synth or --outputs given';
      problems.push(`Missing ${name}: ${where}; pass ${SETTING_FLAGS[name]}`);
    }
  }
  if (problems.length > 0) {
    throw new UsageError(`Invalid settings:\n  - ${problems.join('\n  - ')}`);
  }
  const settings = parsed.data!;
  return {
    ...settings,
    statuses: settings.statuses as number[] | undefined,
    sources,
    stackFile: stack?.path,
    outputsFile: outputs?.path,
    unresolved,
  };
}
