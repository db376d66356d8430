/**
 * The change-safety matrix (real terraform plans of every routine change against a seeded state):
 * its own target, `nx run dev:change-safety`, because it takes minutes of provider CPU.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'dev-change-safety',
  testMatch: ['<rootDir>/change-safety/**/*.test.ts'],
  testTimeout: 1_800_000,
};
