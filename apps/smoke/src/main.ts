#!/usr/bin/env node
import { runCli } from './cli';
import { endQuietlyOnBrokenPipe } from './broken-pipe';

// A reader that goes away (`icelog-smoke --help | head -1`) ends the process quietly.
endQuietlyOnBrokenPipe(process.stdout);
endQuietlyOnBrokenPipe(process.stderr);

// First Ctrl-C: stop the running Athena queries and exit 130. A second one kills the process.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('SIGINT')));

runCli(process.argv.slice(2), { signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 3;
  },
);
