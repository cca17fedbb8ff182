import { CommanderError } from 'commander';
import { EXIT_USAGE } from './apply-cli-conventions.js';
import { createProgram, type ProgramStreams } from './create-program.js';

/**
 * Runs the command line and resolves with the exit status: the command's own, 0 after --help
 * or --version, EXIT_USAGE for anything the parser refused (already explained on stderr).
 */
export async function runCli(
  argv: readonly string[],
  streams: ProgramStreams = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let exitCode = 0;
  const program = createProgram(streams, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  return exitCode;
}
