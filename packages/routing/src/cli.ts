#!/usr/bin/env node
/** The `icelog-route-sim` executable. See simulator-cli.ts for the command. */
import { fireLensRecordParser } from './simulate';
import { EXIT_USAGE, runRouteSimulator } from './simulator-cli';

/**
 * `--nginx`: raw lines go through the exact parser (regex + Types casts) that the FireLens sidecar
 * runs, from @icelog/ecs-firelens; it is loaded only when asked for.
 */
const nginxLineParser = fireLensRecordParser(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (line) => (require('@icelog/ecs-firelens') as typeof import('@icelog/ecs-firelens')).parseNginxLine(line),
  { source: 'stdout', container_name: 'app' },
);

runRouteSimulator(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  { nginxLineParser },
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `icelog-route-sim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT_USAGE;
  },
);
