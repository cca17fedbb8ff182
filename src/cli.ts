#!/usr/bin/env node
import { runCli } from './cli/run-cli.js';
import { NAME } from './version.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
