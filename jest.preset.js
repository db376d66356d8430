/**
 * Shared jest settings. Tests run TypeScript through @swc/jest (no type-checking: `typecheck` does
 * that), and resolve workspace packages to their sources through the `@icelog/source` export
 * condition, so tests never need a build first.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@icelog/source', 'node', 'node-addons', 'require', 'default'],
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  clearMocks: true,
  // Tests run real engines (jq, nginx, Node child processes, Terraform); on a shared 2-core machine at
  // load ~20 some take longer than jest's default 5 s of wall time without being wrong.
  testTimeout: 30_000,
};
