#!/usr/bin/env node
import { runCode } from './cli/code-command.js';
import { runDoctor } from './cli/doctor-command.js';
import { renderHelp } from './cli/render-help.js';
import { runServe } from './cli/serve-command.js';
import { NAME, VERSION } from './version.js';

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(renderHelp());
      return 0;
    case '--version':
    case '-v':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case 'code':
      return runCode(rest);
    case 'doctor':
      return runDoctor(rest);
    case undefined:
    case 'serve':
      return runServe();
    default:
      process.stderr.write(`${NAME}: unknown command "${command}". Run "${NAME} --help".\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
