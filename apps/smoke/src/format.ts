/** Column alignment in {@link renderTable}. */
export type Align = 'left' | 'right';

/**
 * Renders a plain-text table: a header row, then one line per row, columns separated by two spaces,
 * no trailing blanks. Numbers read best right-aligned.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        align[column] === 'right' ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** Seconds with one decimal (`12.3`), or `-` when unknown. */
export function formatSeconds(seconds: number | undefined): string {
  return seconds === undefined ? '-' : seconds.toFixed(1);
}
