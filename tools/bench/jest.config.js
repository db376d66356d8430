/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'bench',
  // The bench tests start and sample real Node processes; on a shared 2-core machine (load ~20) one
  // such test takes over jest's default 5 s of wall time.
  testTimeout: 30_000,
};
