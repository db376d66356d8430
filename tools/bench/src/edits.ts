import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** An edit the bench makes in the clone to time the incremental `npm test` a developer waits for. */
export interface BenchEdit {
  /** Budget id of the measurement, e.g. `npm-test.readme`. */
  readonly id: string;
  /** What is measured, in words. */
  readonly description: string;
  /** The file edited, relative to the workspace root. */
  readonly file: string;
  /** Target wall time in milliseconds (issue 11). */
  readonly limitMs: number;
}

/**
 * The incremental runs of issue 11: a source edit in one package (routing: a mid-graph package,
 * used by pipeline and the apps) re-runs only the affected projects' checks in ≤ 30 s, and a
 * README-only edit ≤ 10 s.
 */
export const TEST_EDITS: readonly BenchEdit[] = [
  {
    id: 'npm-test.one-package',
    description: 'npm test after a one-package source edit (packages/routing/src/index.ts)',
    file: 'packages/routing/src/index.ts',
    limitMs: 30_000,
  },
  {
    id: 'npm-test.readme',
    description: 'npm test after a README-only edit',
    file: 'README.md',
    limitMs: 10_000,
  },
];

/** A line that changes the file's content hash and nothing else (a comment, formatted as Prettier wants). */
export function editMarker(file: string, n: number): string {
  const text = `icelog bench edit ${n}`;
  switch (extname(file)) {
    case '.md':
      return `\n<!-- ${text} -->\n`;
    case '.ts':
    case '.js':
      return `// ${text}\n`;
    default:
      throw new Error(
        `no edit marker for ${file}: add one for ${extname(file) || 'files without extension'}`,
      );
  }
}

/** Appends the marker to `edit.file` in `root`; returns the function that restores the file. */
export function applyEdit(root: string, edit: BenchEdit, n: number): () => void {
  const path = join(root, edit.file);
  const original = readFileSync(path, 'utf8');
  writeFileSync(path, `${original}${editMarker(edit.file, n)}`);
  return () => writeFileSync(path, original);
}
