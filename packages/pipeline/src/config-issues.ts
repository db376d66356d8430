import type { z } from 'zod';
import { describeValue } from '@icelog/core';

/**
 * Turns zod issues into one line per problem: `Invalid config <path>: <rule>. Received: <value>`.
 *
 * A union that fails reports its own message, which lists the allowed values — unless exactly one of its
 * alternatives has the shape of the input (e.g. an object where the alternatives are a string preset or
 * an object): then the problems inside that alternative are reported, with their full paths, because
 * they say exactly which key is wrong.
 */
export function formatIssues(input: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues
    .flatMap((issue) => expand(issue, issue.path))
    .map(({ path, message }) => {
      const at = path.length > 0 ? path.join('.') : '(root)';
      return `Invalid config ${at}: ${message}. Received: ${describeValue(valueAt(input, path))}`;
    });
}

interface Problem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function expand(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    const where = path.length > 0 ? `of ${path.join('.')}` : 'of the configuration';
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: `is not a key ${where} (a typo would silently drop a setting, so unknown keys are errors)`,
    }));
  }
  if (issue.code === 'invalid_union') {
    const sameShape = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 0));
    if (sameShape.length === 1) {
      return sameShape[0].flatMap((inner) => expand(inner, [...path, ...inner.path]));
    }
  }
  return [{ path, message: issue.message }];
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
