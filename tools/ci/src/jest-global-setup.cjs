// @ts-check
module.exports = require('./jest-temp.cjs').setup;
