import { endpointsBlock } from './endpoints';

/** Thrown when a stack cannot be planned offline; the message says why and what to do. */
export class OfflineConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfflineConfigError';
  }
}

/** Static credentials the provider signs with; the fake server accepts any. */
export const FAKE_CREDENTIALS = {
  accessKey: 'AKIAICELOGOFFLINEFAKE',
  secretKey: 'icelog-tf-offline-fake-secret-key-not-a-real-one',
} as const;

/** Options of {@link offlineStackConfig}. */
export interface OfflineConfigOptions {
  /** URL of the fake AWS server every endpoint points at. */
  readonly endpointUrl: string;
  /** URL of the refusing proxy for anything else. */
  readonly proxyUrl: string;
  /** Endpoint names to set (the provider's own list, aliases excluded). */
  readonly endpointNames: readonly string[];
  /**
   * Path of the local state file, relative to the working directory.
   * @default 'terraform.tfstate'
   */
  readonly statePath?: string;
}

/** The rewritten configuration and what was changed, for the report. */
export interface OfflineConfig {
  /** Terraform JSON to write as `cdk.tf.json` in the working directory. */
  readonly config: Record<string, unknown>;
  /** Human-readable notes, e.g. `backend "s3" replaced by a local backend`. */
  readonly notes: readonly string[];
}

/** Provider arguments kept as the stack sets them: they shape the plan, not the connection. */
const KEPT_PROVIDER_ARGUMENTS = new Set([
  'alias',
  'region',
  'default_tags',
  'ignore_tags',
  'allowed_account_ids',
  'forbidden_account_ids',
  'retry_mode',
]);

const AWS_SOURCES = new Set(['aws', 'hashicorp/aws', 'registry.terraform.io/hashicorp/aws']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rewrites a synthesized stack so `terraform plan` runs against the fake AWS server with nothing
 * reaching the network: the remote backend becomes a local one, and every `aws` provider block gets
 * fake static credentials, the `skip_*` switches, every service endpoint pointed at the fake, path-style
 * S3, and a refusing proxy. Throws {@link OfflineConfigError} for stacks that need other providers or
 * remote state, which cannot be planned offline.
 */
export function offlineStackConfig(stack: unknown, options: OfflineConfigOptions): OfflineConfig {
  if (!isObject(stack)) throw new OfflineConfigError('cdk.tf.json must hold a JSON object');
  const config = structuredClone(stack) as Record<string, unknown>;
  const notes: string[] = [];

  const terraform = isObject(config.terraform) ? config.terraform : {};
  config.terraform = terraform;
  const providers = isObject(terraform.required_providers) ? terraform.required_providers : {};
  const foreign = Object.entries(providers)
    .filter(([name, req]) => {
      const source = isObject(req) && typeof req.source === 'string' ? req.source : name;
      return !AWS_SOURCES.has(source.toLowerCase());
    })
    .map(([name, req]) =>
      isObject(req) && typeof req.source === 'string' ? `${name} (${req.source})` : name,
    );
  if (foreign.length > 0) {
    throw new OfflineConfigError(
      `the stack requires providers other than hashicorp/aws (${foreign.join(', ')}); only hashicorp/aws is mirrored, so it cannot be planned offline`,
    );
  }
  for (const name of Object.keys(isObject(config.provider) ? config.provider : {})) {
    if (name !== 'aws' && name !== '//') {
      throw new OfflineConfigError(
        `the stack configures provider "${name}"; only "aws" can be planned offline`,
      );
    }
  }
  const remoteState = isObject(config.data) ? config.data.terraform_remote_state : undefined;
  if (isObject(remoteState) && Object.keys(remoteState).some((k) => k !== '//')) {
    throw new OfflineConfigError(
      'the stack reads terraform_remote_state, which needs the real backend; it cannot be planned offline',
    );
  }

  for (const kind of ['backend', 'cloud'] as const) {
    const block = terraform[kind];
    if (block === undefined) continue;
    const types =
      kind === 'backend' && isObject(block) ? Object.keys(block).filter((k) => k !== '//') : [kind];
    notes.push(
      `${kind === 'backend' ? `backend "${types.join('", "')}"` : 'cloud block'} replaced by a local backend`,
    );
    delete terraform[kind];
  }
  terraform.backend = { local: { path: options.statePath ?? 'terraform.tfstate' } };

  const providerBlock = isObject(config.provider) ? config.provider : {};
  const aws = providerBlock.aws;
  const awsConfigs = aws === undefined ? [{}] : Array.isArray(aws) ? aws : [aws];
  const endpoints = endpointsBlock(options.endpointUrl, options.endpointNames);
  config.provider = {
    aws: awsConfigs.map((raw, i) => {
      const original = isObject(raw) ? raw : {};
      const dropped = Object.keys(original).filter((k) => !KEPT_PROVIDER_ARGUMENTS.has(k) && k !== '//');
      if (dropped.length > 0) {
        notes.push(
          `provider aws[${i}]${original.alias ? ` (${String(original.alias)})` : ''}: dropped ${dropped.sort().join(', ')}`,
        );
      }
      const kept = Object.fromEntries(
        Object.entries(original).filter(([k]) => KEPT_PROVIDER_ARGUMENTS.has(k)),
      );
      return {
        ...kept,
        access_key: FAKE_CREDENTIALS.accessKey,
        secret_key: FAKE_CREDENTIALS.secretKey,
        skip_credentials_validation: true,
        skip_metadata_api_check: 'true',
        skip_region_validation: true,
        skip_requesting_account_id: true,
        s3_use_path_style: true,
        max_retries: 1,
        http_proxy: options.proxyUrl,
        https_proxy: options.proxyUrl,
        no_proxy: '127.0.0.1,localhost',
        endpoints: [endpoints],
      };
    }),
  };
  if (aws === undefined) notes.push('no aws provider block in the stack: added one with offline settings');
  return { config, notes };
}

/** Account id for the fake STS: the stack's first `allowed_account_ids` entry when it pins one. */
export function pinnedAccountId(stack: unknown): string | undefined {
  if (!isObject(stack) || !isObject(stack.provider)) return undefined;
  const aws = stack.provider.aws;
  for (const p of Array.isArray(aws) ? aws : [aws]) {
    if (!isObject(p) || !Array.isArray(p.allowed_account_ids)) continue;
    const id = p.allowed_account_ids.find((x): x is string => typeof x === 'string' && /^\d{12}$/.test(x));
    if (id) return id;
  }
  return undefined;
}
