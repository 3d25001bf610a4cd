/**
 * Shared shell of the command-line programs: passes the arguments, turns a thrown error into a
 * one-line message on stderr and exit code 1 (no stack trace for expected failures).
 */
export async function runCli(main: (args: string[]) => Promise<void | number>): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: stop quietly instead of crashing.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    const code = await main(process.argv.slice(2));
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message}\n`);
    if (err instanceof Error && err.cause instanceof Error && !message.startsWith('Invalid config'))
      process.stderr.write(`  cause: ${err.cause.message}\n`);
    process.exitCode = 1;
  }
}
