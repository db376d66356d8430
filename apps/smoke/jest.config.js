/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'smoke',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // The CLI tests run the real AWS SDK against local HTTP fakes; on a busy CI machine a scenario with
  // dozens of requests can need more than jest's default 5 s of real time.
  testTimeout: 30_000,
};
