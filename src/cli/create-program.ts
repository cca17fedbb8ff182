import { Command, Help } from 'commander';
import { NAME, VERSION } from '../version.js';
import { applyCliConventions, type CliOutput, EXIT_USAGE } from './apply-cli-conventions.js';
import { renderDoctorHelp } from './doctor/parse-doctor-args.js';
import { addGatewayCommands } from './gateway-commands.js';
import { renderEnvironmentHelp } from './render-environment-help.js';
import { parseWorkers } from './serve-cluster.js';
import { runServe } from './serve-command.js';

export interface ProgramStreams {
  stdout: CliOutput;
  stderr: CliOutput;
}

const EXAMPLES = `Examples:
  ${NAME}                                   start the proxy configured by the environment
  ${NAME} --config infiniproxy.yaml         start it with the providers and routes of a file
  ${NAME} code -p "explain this repo" --model deepseek-v4-pro
  eval "$(${NAME} code --print-env)"          set Claude Code's variables for a proxy you run yourself
  ${NAME} models                            show each model's context window, output limit and capabilities
  ${NAME} config print > infiniproxy.yaml   turn the environment configuration into a file
  ${NAME} --config infiniproxy.yaml config check
`;

interface ServeOptions {
  workers?: number;
}

const WORKERS_HELP =
  'serve with N processes (node:cluster) sharing the port, or "auto" for one per core (default: 1); metrics are summed over them, each keeps its own cooldowns, concurrency slots and reasoning memory';

const COMMAND_TERMS: Readonly<Record<string, string>> = {
  serve: 'serve',
  code: 'code [--print-env] [claude args...]',
  models: 'models [--json]',
  doctor: 'doctor [options]',
  config: 'config check [FILE] | print',
  keys: 'keys create|list|revoke|rotate',
  usage: 'usage [options]',
  help: 'help [command]',
};

/**
 * The whole command line. Each action hands its exit status to `setExitCode`; usage errors
 * are thrown as CommanderError (see runCli). Commands other than serve import their modules
 * when they run: the doctor alone brings the Anthropic SDK, which a proxy serving for weeks
 * would otherwise hold in memory. `code` and `doctor` take their arguments as they
 * are: claude's options must reach claude untouched, and the doctor parses its own so that
 * runDoctor(args) stays the one entry point tests and the command line share.
 */
export function createProgram(streams: ProgramStreams, setExitCode: (code: number) => void): Command {
  const program = applyCliConventions(new Command(NAME), streams, {
    // Written out: `code` and `doctor` pass their arguments on, so commander cannot derive their usage.
    subcommandTerm: (command) => COMMAND_TERMS[command.name()] ?? command.name(),
    formatHelp: (command, helper) =>
      `${Help.prototype.formatHelp.call(helper, command, helper)}\n${EXAMPLES}\n${renderEnvironmentHelp()}`,
  })
    .description('Run Claude Code and any Anthropic API client on OpenAI-compatible backends.')
    .usage('[--config FILE] [command] [options]')
    .version(VERSION, '-v, --version', 'print the version')
    .option(
      '--config <file>',
      'read providers and routes from this YAML or JSON file (also INFINIPROXY_CONFIG)',
    )
    .option('--workers <n>', WORKERS_HELP, parseWorkers)
    .helpCommand('help [command]', 'show the help of a command')
    .enablePositionalOptions()
    .allowExcessArguments()
    .action(async (_options, command: Command) => {
      const [unknown] = command.args;
      if (unknown !== undefined) {
        command.error(`unknown command '${unknown}'`, {
          code: 'commander.unknownCommand',
          exitCode: EXIT_USAGE,
        });
      }
      setExitCode(await runServe(serveOptions(program.opts<ServeOptions>().workers)));
    });
  const configPath = (): string | undefined => program.opts<{ config?: string }>().config;
  const serveOptions = (workers: number | undefined) => ({
    configPath: configPath(),
    ...(workers === undefined ? {} : { workers }),
  });
  const subcommand = (name: string) => applyCliConventions(program.command(name), streams);

  subcommand('serve')
    .description('start the proxy (the default command); with a config file, reload it on change or SIGHUP')
    .option('--workers <n>', WORKERS_HELP, parseWorkers)
    .action(async (options: ServeOptions) =>
      setExitCode(await runServe(serveOptions(options.workers ?? program.opts<ServeOptions>().workers))),
    );

  subcommand('code')
    .usage('[--print-env] [claude args...]')
    .description(
      "start the proxy on a free port (or reuse the running one) and run Claude Code against it, told the backend models' names, windows and output limits; every other argument goes to claude (claude's own help: code -- --help)",
    )
    // Only before claude's arguments: after the first of them, everything is claude's.
    .option(
      '--print-env',
      'print the environment code would give Claude Code as export lines for eval, and exit',
    )
    .argument('[claude args...]')
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .action(async (args: string[], options: { printEnv?: boolean }) => {
      const { runCode } = await import('./code-command.js');
      setExitCode(
        await runCode(args, { configPath: configPath(), printEnv: options.printEnv === true, ...streams }),
      );
    });

  subcommand('models')
    .description(
      "list each provider's models with context window, output limit, vision, tools and reasoning, and where each fact comes from",
    )
    .option('--json', 'print the facts as JSON')
    .action(async (options: { json?: boolean }) => {
      const { runModels } = await import('./models-command.js');
      setExitCode(await runModels({ configPath: configPath(), json: options.json === true, ...streams }));
    });

  subcommand('doctor')
    // `help doctor` shows the options the doctor's own parser reads, as `doctor --help` does.
    .configureHelp({ formatHelp: () => renderDoctorHelp() })
    .description(
      "check the configured backends directly and through the proxy: one line per probe, suggestions, exit 0 when Claude Code's needs are met (--model M, --provider NAME, --json)",
    )
    .helpOption(false)
    .argument('[args...]')
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .action(async (args: string[]) => {
      const { defaultDoctorIo, runDoctor } = await import('./doctor-command.js');
      setExitCode(await runDoctor(args, { ...defaultDoctorIo(), ...streams, configPath: configPath() }));
    });

  const config = subcommand('config')
    .usage('check [FILE] | print')
    .description('validate the configuration, or print it as a config file');
  applyCliConventions(config.command('check'), streams)
    .description('validate FILE (default: the configuration in effect) and show its providers and routes')
    .argument('[file]', 'the config file to check')
    .action(async (file: string | undefined) => {
      const [{ runConfigCheck }, { defaultConfigCommandIo }] = await Promise.all([
        import('./config-check-command.js'),
        import('./config-command-io.js'),
      ]);
      setExitCode(runConfigCheck(file, { ...defaultConfigCommandIo(configPath()), ...streams }));
    });
  applyCliConventions(config.command('print'), streams)
    .description(
      'print the configuration in effect (environment or file) as YAML, secrets as references to the variables holding them',
    )
    .action(async () => {
      const [{ runConfigPrint }, { defaultConfigCommandIo }] = await Promise.all([
        import('./config-print-command.js'),
        import('./config-command-io.js'),
      ]);
      setExitCode(runConfigPrint({ ...defaultConfigCommandIo(configPath()), ...streams }));
    });
  addGatewayCommands(program, streams, setExitCode);
  return program;
}
