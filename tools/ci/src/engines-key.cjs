#!/usr/bin/env node
// @ts-check
/**
 * One key for the engines the tests depend on: runs exactly the commands of nx.json's `engines`
 * named input (jq, nginx, Terraform, the provider mirror listing) and hashes what they print, with
 * the environment variables it names. The pull-request workflow keys its Nx cache with it, so a cache
 * written with other engines is never restored.
 */
const { execSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The `engines` named input of nx.json.
 * @param {string} [root]
 * @returns {({ runtime: string } | { env: string })[]}
 */
function engineInputs(root = WORKSPACE_ROOT) {
  const nx = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8'));
  return nx.namedInputs.engines;
}

/**
 * What each engine input resolves to on this machine: the command's output, or the variable's value.
 * @param {NodeJS.ProcessEnv} [env]
 * @param {string} [root]
 * @returns {string[]}
 */
function engineFacts(env = process.env, root = WORKSPACE_ROOT) {
  return engineInputs(root).map((input) =>
    'runtime' in input
      ? `${input.runtime} => ${execSync(input.runtime, { cwd: root, env, encoding: 'utf8', shell: '/bin/sh' })}`
      : `$${input.env} = ${env[input.env] ?? ''}`,
  );
}

/**
 * sha256 of the engine facts, hex.
 * @param {NodeJS.ProcessEnv} [env]
 * @param {string} [root]
 * @returns {string}
 */
function enginesKey(env = process.env, root = WORKSPACE_ROOT) {
  return createHash('sha256').update(engineFacts(env, root).join('\n')).digest('hex');
}

if (require.main === module) {
  if (process.argv.includes('--facts')) console.log(engineFacts().join('\n'));
  else console.log(enginesKey());
}

module.exports = { engineInputs, engineFacts, enginesKey };
