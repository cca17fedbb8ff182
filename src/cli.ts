#!/usr/bin/env node
import { ConfigError, loadConfig } from './config/load-config.js';
import { renderBanner, startServer } from './server/start-server.js';
import { NAME, VERSION } from './version.js';

const HELP = `${NAME} ${VERSION} — run Claude Code and any Anthropic API client on an OpenAI-compatible backend.

Usage:
  ${NAME}              start the proxy (configured by environment variables or a .env file)
  ${NAME} --help       show this help
  ${NAME} --version    print the version

Configuration (environment or .env):
  OPENAI_BASE_URL   backend base URL, e.g. https://api.deepseek.com/v1 (default: local Ollama)
  OPENAI_API_KEY    backend API key (optional for local backends)
  OPENAI_MODEL      backend model used for Claude model names
  PROXY_HOST        address to listen on (default 127.0.0.1)
  PROXY_PORT        port to listen on (default 8000)
  TIMEOUT           upstream timeout in seconds (default 300)
  DEBUG             true for debug logs with request and response bodies
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command !== undefined && command !== 'serve') {
    process.stderr.write(`${NAME}: unknown command "${command}". Run "${NAME} --help".\n`);
    return 2;
  }
  return serve();
}

async function serve(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${NAME}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const server = await startServer(config);
  process.stdout.write(renderBanner(server));
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
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
