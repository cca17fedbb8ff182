import { createProgram } from './create-program.js';

/** The main `--help` text: usage, commands, examples and the environment settings. */
export function renderHelp(): string {
  const discard = { write: () => true };
  return createProgram({ stdout: discard, stderr: discard }, () => undefined).helpInformation();
}
