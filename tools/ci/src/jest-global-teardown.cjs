// @ts-check
module.exports = require('./jest-temp.cjs').teardown;
