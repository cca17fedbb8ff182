import type { Command, HelpConfiguration } from 'commander';

export interface CliOutput {
  write(text: string): unknown;
  /** Set on terminals; the doctor draws a spinner only there. */
  isTTY?: boolean;
}

/** Exit status for a command line that could not be understood, as in most Unix tools. */
export const EXIT_USAGE = 2;

/** Wide enough for the option column and a readable description column beside it. */
const HELP_WIDTH = 100;

/**
 * The one way every command reports a usage error: `infiniproxy doctor: unknown option
 * '--bogus'`, then where to find the usage. Commands parsed by commander and the doctor's own
 * argument parser both end up here, so a typo reads the same everywhere.
 */
export function renderUsageError(commandPath: string, message: string): string {
  const text = message.replace(/^error: /, '').trimEnd();
  return `${commandPath}: ${text}\nRun "${commandPath} --help" to see its usage.\n`;
}

/**
 * Makes a commander command behave like the rest of the command line: errors are thrown (the
 * caller turns them into exit status 2) instead of exiting the process, help and errors go to
 * the given streams, and help is laid out at a fixed width so tests and terminals agree.
 */
export function applyCliConventions(
  command: Command,
  streams: { stdout: CliOutput; stderr: CliOutput },
  help: HelpConfiguration = {},
): Command {
  return (
    command
      .exitOverride()
      // Commands inherit their parent's setting; the root allows extra operands only to name them in its error.
      .allowExcessArguments(false)
      .helpOption('-h, --help', 'show this help')
      .configureHelp({ helpWidth: HELP_WIDTH, sortSubcommands: false, ...help })
      .configureOutput({
        writeOut: (text) => streams.stdout.write(text),
        writeErr: (text) => streams.stderr.write(text),
        outputError: (text, write) => write(renderUsageError(commandPath(command), text)),
      })
  );
}

/** `infiniproxy config check`, from the command up through its parents. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent)
    names.unshift(current.name());
  return names.join(' ');
}
