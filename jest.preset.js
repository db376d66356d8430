const { join } = require('node:path');

/**
 * Terraform-backed test files (`terraform.test.ts`, `*.terraform.test.ts`) run the real Terraform and
 * hashicorp/aws provider and fail when either is missing. The test command (`npm test`) checks for
 * them first; where they are absent it says so loudly and sets ICELOG_TERRAFORM=absent, and only
 * then are these files left out (never faked). Run directly (jest / nx run), they always run.
 */
const TERRAFORM_TESTS = ['/(?:[^/]+\\.)?terraform\\.test\\.ts$'];

/**
 * Shared jest settings. Tests run TypeScript through @swc/jest (no type-checking: `typecheck` does
 * that), and resolve workspace packages to their sources through the `@icelog/source` export
 * condition, so tests never need a build first. Each run gets its own temp folder (TMPDIR), removed
 * at the end (tools/ci/src/jest-temp.cjs).
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
  testPathIgnorePatterns: [
    '/node_modules/',
    ...(process.env.ICELOG_TERRAFORM === 'absent' ? TERRAFORM_TESTS : []),
  ],
  globalSetup: join(__dirname, 'tools', 'ci', 'src', 'jest-global-setup.cjs'),
  globalTeardown: join(__dirname, 'tools', 'ci', 'src', 'jest-global-teardown.cjs'),
  cacheDirectory: join(__dirname, 'node_modules', '.cache', 'jest'),
  // Generous under load (2 cores shared by parallel Nx tasks); a test that needs longer says so.
  testTimeout: 30_000,
  clearMocks: true,
  // Tests run real engines (jq, nginx, Node child processes, Terraform); on a shared 2-core machine at
  // load ~20 some take longer than jest's default 5 s of wall time without being wrong.
  testTimeout: 30_000,
};
