// @ts-check
/**
 * Jest globalSetup / globalTeardown of every project (jest.preset.js): the run gets its own temp
 * folder inside the current one (TMPDIR), and the folder is removed when the run ends. Whatever a
 * suite or a library leaves in os.tmpdir() (cdktf's `cdktf.outdir.*`, a test's scratch directories)
 * goes with it, and no run reads what an earlier run left. Workers start after globalSetup, so they
 * inherit TMPDIR.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const KEY = 'ICELOG_JEST_RUN_TMPDIR';
const PARENT_KEY = 'ICELOG_JEST_PARENT_TMPDIR';

/** Creates the run's temp folder and points TMPDIR at it. */
async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'icelog-jest-'));
  process.env[PARENT_KEY] = process.env.TMPDIR ?? '';
  process.env[KEY] = dir;
  process.env.TMPDIR = dir;
}

/** Removes the run's temp folder and restores TMPDIR. */
async function teardown() {
  const dir = process.env[KEY];
  if (dir) rmSync(dir, { recursive: true, force: true });
  const parent = process.env[PARENT_KEY];
  if (parent) process.env.TMPDIR = parent;
  else delete process.env.TMPDIR;
  delete process.env[KEY];
  delete process.env[PARENT_KEY];
}

module.exports = { setup, teardown };
