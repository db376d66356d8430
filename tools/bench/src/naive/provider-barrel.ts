import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package whose barrel the naive comparator imports. */
export const PROVIDER_PACKAGE = '@cdktf/provider-aws';

const NAMESPACE_EXPORT = /^export \* as ([A-Za-z_$][\w$]*) from '\.\/([^']+)';$/gm;

/**
 * The barrel namespace of every `lib/<dir>` of the provider package, read from the barrel's own
 * `lib/index.d.ts` (`export * as s3Bucket from './s3-bucket';`), so the rewrite never guesses a name.
 */
export function readBarrelNamespaces(providerRoot: string): Map<string, string> {
  const text = readFileSync(join(providerRoot, 'lib', 'index.d.ts'), 'utf8');
  return parseBarrelNamespaces(text);
}

/** Parses `export * as <namespace> from './<dir>';` lines into a dir → namespace map. */
export function parseBarrelNamespaces(indexDts: string): Map<string, string> {
  const namespaces = new Map<string, string>();
  for (const match of indexDts.matchAll(NAMESPACE_EXPORT)) {
    namespaces.set(match[2], match[1]);
  }
  if (namespaces.size === 0) {
    throw new Error(`${PROVIDER_PACKAGE} barrel: no "export * as <name> from './<dir>'" line found`);
  }
  return namespaces;
}

/**
 * The `lib/<dir>` a deep import names (`@cdktf/provider-aws/lib/s3-bucket` → `s3-bucket`), or
 * `undefined` when `specifier` is not a deep import of one resource module. The barrel itself
 * (`@cdktf/provider-aws`, `lib/index`, `lib/lazy-index`) is not a deep import.
 */
export function deepImportDir(specifier: string): string | undefined {
  const prefix = `${PROVIDER_PACKAGE}/lib/`;
  if (!specifier.startsWith(prefix)) {
    return undefined;
  }
  const dir = specifier
    .slice(prefix.length)
    .replace(/\/index(\.js)?$/, '')
    .replace(/\.js$/, '');
  if (dir === 'index' || dir === 'lazy-index' || dir === '') {
    return undefined;
  }
  return dir;
}
