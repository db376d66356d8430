import { Body, blocks, text } from '../hcl';
import { StackModel } from '../stack';

/** One container of a task definition, as written in `container_definitions`. */
export interface ContainerView {
  /** The container's `name`, or `#<index>` when it has none. */
  readonly name: string;
  readonly body: Body;
}

/** The containers of a task definition, or why they cannot be read. */
export type ContainerDefinitions =
  | { readonly kind: 'containers'; readonly containers: readonly ContainerView[] }
  | { readonly kind: 'opaque'; readonly expression: string };

/**
 * Reads `container_definitions`, a JSON string in the resource (cdktf: `JSON.stringify([...])`,
 * whose values may hold `${…}` expressions). A `${jsonencode(…)}` or other expression, or text that
 * is not a JSON array, is opaque.
 */
export function readContainerDefinitions(stack: StackModel, value: unknown): ContainerDefinitions {
  const resolved = stack.resolve(value);
  if (typeof resolved !== 'string')
    return { kind: 'opaque', expression: JSON.stringify(resolved) ?? 'unset' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(resolved);
  } catch {
    return { kind: 'opaque', expression: resolved };
  }
  if (!Array.isArray(parsed)) return { kind: 'opaque', expression: resolved };
  return {
    kind: 'containers',
    containers: blocks(parsed).map((body, i) => ({ name: text(body.name) ?? `#${i}`, body })),
  };
}

/** The finding message for container definitions that cannot be read. */
export function opaqueContainersMessage(expression: string): string {
  return `container_definitions cannot be read at synth time (${truncate(expression)}): render it with JSON.stringify so that it can be checked`;
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
