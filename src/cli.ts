#!/usr/bin/env node
import { holdYoungGeneration } from './cli/start-up-heap.js';
import { NAME } from './version.js';

// Before anything else is loaded (hence the import() below): see start-up-heap.ts.
holdYoungGeneration();
const { runCli } = await import('./cli/run-cli.js');

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
