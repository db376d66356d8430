/**
 * Lets `node -r` run the TypeScript sources directly (with `--conditions=@icelog/source` so that
 * workspace packages resolve to their sources too), compiling each .ts file with the same SWC settings
 * as jest. Used by the CLI end-to-end test, so that it needs no build.
 */
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
