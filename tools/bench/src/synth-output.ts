import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A path replaced by a placeholder before two synth outputs are compared. */
export interface PathPlaceholder {
  readonly path: string;
  readonly placeholder: string;
}

/** `<outdir>/stacks/<stack>/cdk.tf.json`, the file cdktf writes for a stack. */
export function stackFile(outdir: string, stack: string): string {
  return join(outdir, 'stacks', stack, 'cdk.tf.json');
}

/**
 * A synthesized stack with machine-specific paths replaced by placeholders (every string value and
 * key), so the output of the real app and of the naive comparator, written from different folders,
 * compare equal when they describe the same infrastructure. cdktf's own `//` metadata (construct
 * paths, unique ids, stack name, version, overrides) is kept: it must match too.
 */
export function normalizeSynthOutput(json: unknown, placeholders: readonly PathPlaceholder[]): unknown {
  const ordered = [...placeholders].sort((a, b) => b.path.length - a.path.length);
  const replace = (text: string): string =>
    ordered.reduce((result, { path, placeholder }) => result.split(path).join(placeholder), text);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return replace(value);
    }
    if (Array.isArray(value)) {
      return value.map(walk);
    }
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [replace(key), walk(item)]));
    }
    return value;
  };
  return walk(json);
}

/** Reads and normalizes a stack file. */
export function readNormalizedStack(file: string, placeholders: readonly PathPlaceholder[]): unknown {
  return normalizeSynthOutput(JSON.parse(readFileSync(file, 'utf8')), placeholders);
}

/**
 * JSON paths where `a` and `b` differ (at most `limit`), e.g.
 * `resource.aws_s3_bucket.Warehouse.bucket: "a" ≠ "b"`; empty when they are equal.
 */
export function diffJson(a: unknown, b: unknown, limit = 10, path = '$'): string[] {
  const differences: string[] = [];
  const visit = (left: unknown, right: unknown, at: string): void => {
    if (differences.length >= limit) {
      return;
    }
    const bothObjects =
      left !== null && right !== null && typeof left === 'object' && typeof right === 'object';
    if (bothObjects && Array.isArray(left) === Array.isArray(right)) {
      const keys = new Set([...Object.keys(left as object), ...Object.keys(right as object)]);
      for (const key of [...keys].sort()) {
        visit(
          (left as Record<string, unknown>)[key],
          (right as Record<string, unknown>)[key],
          `${at}.${key}`,
        );
      }
      return;
    }
    if (JSON.stringify(left) !== JSON.stringify(right)) {
      differences.push(`${at}: ${preview(left)} ≠ ${preview(right)}`);
    }
  };
  visit(a, b, path);
  return differences;
}

function preview(value: unknown): string {
  if (value === undefined) {
    return '(missing)';
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
