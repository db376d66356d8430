import { ValidationError } from '@icelog/core';
import { FluentBitParserFilter, renderParserFilterSection } from './filter';
import { FluentBitOutput, renderOutputSection } from './output';
import { GENERATED_HEADER } from './parser';

/** An output and the tag pattern it takes, for {@link renderConfigFile}. */
export interface FluentBitRoutedOutput {
  /** Tag pattern of the records to send. */
  readonly match: string;
  /** Where to send them. */
  readonly output: FluentBitOutput;
}

/** Content of an extra (non-parser) Fluent Bit config file. */
export interface FluentBitConfigFileInput {
  /** Parser filters, in order. */
  readonly filters: readonly FluentBitParserFilter[];
  /**
   * Outputs to render as `[OUTPUT]` sections. With FireLens, leave this empty and give the output as
   * the app container's `logConfiguration.options` instead (see {@link fireLensOutputOptions}).
   * @default - none
   */
  readonly outputs?: readonly FluentBitRoutedOutput[];
}

/**
 * Renders the extra config file: `[FILTER]` sections (and optional `[OUTPUT]` sections). The
 * aws-for-fluent-bit init image `@INCLUDE`s every file that does not contain the text `[PARSER]`, after
 * the config FireLens generates, so these filters run after FireLens' ECS-metadata filter.
 */
export function renderConfigFile(input: FluentBitConfigFileInput): string {
  if (input.filters.length === 0 && (input.outputs ?? []).length === 0) {
    throw new ValidationError('filters', input.filters, 'must contain at least one filter or output');
  }
  const sections = [
    ...input.filters.map((filter, i) => renderParserFilterSection(filter, `filters[${i}]`)),
    ...(input.outputs ?? []).map((o, i) => renderOutputSection(o.output, o.match, `outputs[${i}]`)),
  ];
  // Every value is validated to a bracket-free pattern, so the text can never contain "[PARSER]".
  return `${GENERATED_HEADER}\n${sections.join('\n')}`;
}
