import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { NAME } from '../../version.js';
import { applyCliConventions } from '../apply-cli-conventions.js';

export interface DoctorArgs {
  model: string | undefined;
  /** Probe only this provider of the configuration; undefined probes every one. */
  provider: string | undefined;
  json: boolean;
  help: boolean;
}

/** A value that looks like an option is a forgotten argument (`--model --json`), not a model called "--json". */
function nameValue(what: string) {
  return (value: string) => {
    if (value.startsWith('-')) throw new InvalidArgumentError(`needs a ${what}`);
    return value;
  };
}

/** The doctor's options, defined once: parsed here and shown by `infiniproxy doctor --help`. */
function createDoctorCommand(): Command {
  const discard = { write: () => true };
  return applyCliConventions(new Command(`${NAME} doctor`), { stdout: discard, stderr: discard })
    .description(
      'Probe the configured backends directly and through an in-process proxy, and print what works and what to change.\nExit status 0 when everything Claude Code needs works.',
    )
    .addOption(
      new Option('-m, --model <model>', 'probe this backend model instead of the configured one').argParser(
        nameValue('model name'),
      ),
    )
    .addOption(
      new Option('--provider <name>', 'probe only this provider of the config file').argParser(
        nameValue('provider name'),
      ),
    )
    .option('--json', 'print the report as JSON');
}

/** The doctor's help text, as `--help` prints it. */
export function renderDoctorHelp(): string {
  return createDoctorCommand().helpInformation();
}

/** `--model M` (or `--model=M`), `--provider NAME`, `--json`, `--help`; anything else is a usage error naming it. */
export function parseDoctorArgs(args: readonly string[]): DoctorArgs | { error: string } {
  const command = createDoctorCommand();
  try {
    command.parse([...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed') {
      return { model: undefined, provider: undefined, json: false, help: true };
    }
    return { error: error.message.replace(/^error: /, '') };
  }
  const options = command.opts<{ model?: string; provider?: string; json?: boolean }>();
  return { model: options.model, provider: options.provider, json: options.json === true, help: false };
}
