#!/usr/bin/env node
// @ts-check
/**
 * `npm test`: the README's test command. Checks (and on a root Debian machine installs) the engines
 * the tests run, then runs every check through Nx with a per-run temp folder that is removed at the
 * end, so a run leaves nothing in the system temp folder and never reads what an earlier run left.
 *
 *   npm test                          every check of every project
 *   npm test -- --affected --base=X   only the projects affected since X (the pull-request workflow)
 *   npm test -- --dry-run             preflight without installing, and the Nx command, nothing run
 *   npm test -- <nx options>          passed to Nx (e.g. --skip-nx-cache)
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { preflight } = require('./preflight.cjs');

/** Every check, in the order the README lists them. */
const TARGETS = Object.freeze(['format', 'lint', 'typecheck', 'test', 'synth', 'validate']);

const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The Nx command line for the given test-command arguments.
 * @param {readonly string[]} args
 * @returns {{ dryRun: boolean, nxArgs: string[] }}
 */
function nxCommand(args) {
  const dryRun = args.includes('--dry-run');
  const affected = args.includes('--affected');
  const rest = args.filter((a) => a !== '--dry-run' && a !== '--affected');
  return {
    dryRun,
    nxArgs: [affected ? 'affected' : 'run-many', '-t', ...TARGETS, ...rest],
  };
}

/**
 * Runs the test command; resolves with its exit code.
 * @param {readonly string[]} args
 * @returns {Promise<number>}
 */
async function main(args) {
  const { dryRun, nxArgs } = nxCommand(args);
  const started = Date.now();
  const check = preflight({ checkOnly: dryRun });
  for (const line of check.lines) (check.ok ? console.log : console.error)(line);
  if (!check.ok) return 1;
  console.log(`icelog test: nx ${nxArgs.join(' ')}`);
  if (dryRun) return 0;

  const runDir = mkdtempSync(join(tmpdir(), 'icelog-test-'));
  const env = {
    ...process.env,
    TMPDIR: runDir,
    // One Terraform provider schema read per run, shared by the projects; never one from an earlier run.
    ICELOG_TF_CACHE_DIR: join(runDir, 'tf-schema-cache'),
    NX_ISOLATE_PLUGINS: 'false',
    ICELOG_TERRAFORM: check.terraform.present ? 'present' : 'absent',
  };
  const nx = require.resolve('nx/bin/nx.js', { paths: [WORKSPACE_ROOT] });
  const child = spawn(process.execPath, [nx, ...nxArgs], { cwd: WORKSPACE_ROOT, env, stdio: 'inherit' });
  /** @param {NodeJS.Signals} signal */
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    const code = await new Promise((done) => {
      child.on('close', (status, signal) => done(status ?? (signal ? 128 : 1)));
    });
    return code;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
    console.log(
      `icelog test: ${((Date.now() - started) / 1000).toFixed(1)} s; per-run temp folder ${runDir} removed`,
    );
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

module.exports = { TARGETS, nxCommand, main };
