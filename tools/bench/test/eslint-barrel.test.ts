import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './helpers';

interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
  readonly line: number;
  readonly severity: number;
}

const FIXTURES = join(__dirname, 'fixtures', 'eslint');
const BARREL_MESSAGE =
  'Import provider resources by deep path (@cdktf/provider-aws/lib/<resource>): the barrel costs 4 s and 550 MiB per process.';

/**
 * Lints each fixture with the `ESLint` class and the workspace's own eslint.config.mjs, as if it
 * were tools/bench/src/<name>.ts. ESLint loads its flat config with a dynamic `import()`, which
 * jest's module sandbox does not support, so the linting runs in a plain Node child process.
 */
function lintFixtures(names: readonly string[]): Record<string, LintMessage[]> {
  const files = names.map((name) => ({
    name,
    text: readFileSync(join(FIXTURES, `${name}.ts.fixture`), 'utf8'),
    filePath: join(WORKSPACE_ROOT, 'tools', 'bench', 'src', `${name}.ts`),
  }));
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(WORKSPACE_ROOT)} });
      const files = JSON.parse(process.argv[1]);
      const out = {};
      for (const file of files) {
        const [result] = await eslint.lintText(file.text, { filePath: file.filePath });
        out[file.name] = result.messages.map(({ ruleId, message, line, severity }) => ({ ruleId, message, line, severity }));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((error) => { console.error(error); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script, JSON.stringify(files)], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (result.status !== 0) {
    throw new Error(`eslint failed: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as Record<string, LintMessage[]>;
}

describe('the workspace ESLint config forbids the provider barrel', () => {
  let messages: Record<string, LintMessage[]>;

  beforeAll(() => {
    messages = lintFixtures(['barrel-import', 'lazy-index-import', 'index-import', 'deep-import']);
  }, 60_000);

  it('reports an import of @cdktf/provider-aws', () => {
    expect(messages['barrel-import']).toEqual([
      {
        ruleId: 'no-restricted-imports',
        message: `'@cdktf/provider-aws' import is restricted from being used. ${BARREL_MESSAGE}`,
        line: 2,
        severity: 2,
      },
    ]);
  });

  it('reports an import of @cdktf/provider-aws/lib/lazy-index', () => {
    expect(messages['lazy-index-import']).toEqual([
      {
        ruleId: 'no-restricted-imports',
        message: `'@cdktf/provider-aws/lib/lazy-index' import is restricted from being used by a pattern. ${BARREL_MESSAGE}`,
        line: 2,
        severity: 2,
      },
    ]);
  });

  it('reports an import of @cdktf/provider-aws/lib/index', () => {
    expect(messages['index-import']).toEqual([
      {
        ruleId: 'no-restricted-imports',
        message: `'@cdktf/provider-aws/lib/index' import is restricted from being used by a pattern. ${BARREL_MESSAGE}`,
        line: 2,
        severity: 2,
      },
    ]);
  });

  it('accepts a deep import of one resource module', () => {
    expect(messages['deep-import']).toEqual([]);
  });
});
