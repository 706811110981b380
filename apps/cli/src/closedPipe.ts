/**
 * `architect prompts list | head -1`: head exits after one line and the pipe closes under us.
 * That is the reader saying "enough", not a failure: exit quietly with status 0 instead of
 * Node's unhandled 'error' (an EPIPE stack trace and status 1). Other stream errors still fail.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return exit(0);
    process.stderr.write(`architect: cannot write output: ${err.message}\n`);
    exit(1);
  });
}
