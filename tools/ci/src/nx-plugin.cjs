// @ts-check
/**
 * Nx plugin (nx.json `plugins`): gives every project under apps/, packages/ and tools/ its own cached
 * `format`, `lint` and (with a tsconfig.json) `typecheck` target, so an edit re-runs the checks of
 * the projects it touches only. New projects get them without any configuration. The workspace root
 * project checks the root-level files (package.json `nx` block).
 */
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** Where projects live (the npm workspaces). */
const PROJECT_FILES = '{apps,packages,tools}/*/project.json';

/**
 * The inferred targets of the project at `root` (relative to the workspace root).
 * @param {string} root
 * @param {string} workspaceRoot
 * @returns {Record<string, import('nx/src/config/workspace-json-project-json').TargetConfiguration>}
 */
function checkTargets(root, workspaceRoot) {
  /** @type {Record<string, import('nx/src/config/workspace-json-project-json').TargetConfiguration>} */
  const targets = {
    format: {
      executor: 'nx:run-commands',
      cache: true,
      inputs: [
        { fileset: '{projectRoot}/**/*' },
        '{workspaceRoot}/.prettierrc.json',
        '{workspaceRoot}/.prettierignore',
        '{workspaceRoot}/.editorconfig',
        { externalDependencies: ['prettier'] },
      ],
      outputs: [],
      options: { command: `prettier --check ${root}`, cwd: '{workspaceRoot}' },
    },
    lint: {
      executor: 'nx:run-commands',
      cache: true,
      inputs: [
        'default',
        '{workspaceRoot}/eslint.config.mjs',
        // module boundaries: the tags of every project
        { fileset: `{workspaceRoot}/${PROJECT_FILES}` },
        {
          externalDependencies: [
            'eslint',
            'typescript-eslint',
            '@nx/eslint-plugin',
            'eslint-config-prettier',
          ],
        },
      ],
      outputs: [],
      options: { command: `eslint ${root}`, cwd: '{workspaceRoot}' },
    },
  };
  if (existsSync(join(workspaceRoot, root, 'tsconfig.json'))) {
    targets.typecheck = {
      executor: 'nx:run-commands',
      cache: true,
      dependsOn: ['^typecheck'],
      inputs: ['default', '^production', { externalDependencies: ['typescript'] }],
      outputs: ['{projectRoot}/dist', '{projectRoot}/out-tsc'],
      options: { command: `tsc -b ${root}/tsconfig.json`, cwd: '{workspaceRoot}' },
    };
  }
  return targets;
}

/** @type {import('nx/src/project-graph/plugins/public-api').CreateNodes} */
const createNodes = [
  PROJECT_FILES,
  (files, _options, context) =>
    files.map((file) => {
      const root = dirname(file);
      return [file, { projects: { [root]: { targets: checkTargets(root, context.workspaceRoot) } } }];
    }),
];

module.exports = { createNodes, createNodesV2: createNodes, checkTargets, PROJECT_FILES };
