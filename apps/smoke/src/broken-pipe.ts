/**
 * Makes a broken pipe on `stream` end the process quietly, as Unix tools do: when the reader goes
 * away (`icelog-smoke --help | head -1`), further output has nowhere to go, so the process exits
 * with the exit code it already has instead of crashing on an unhandled `EPIPE` error event.
 */
export function endQuietlyOnBrokenPipe(
  stream: NodeJS.WritableStream,
  exit: (code?: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    else throw error;
  });
}
