import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { buildClaudeCodeEnvironment } from '../models/build-claude-code-environment.js';
import { factValues } from '../models/model-facts.js';
import { settleModelDiscovery, startModelDiscovery } from '../models/start-model-discovery.js';
import { createProviderRegistry, type ProviderRegistry } from '../providers/create-provider-registry.js';
import { describeModel } from '../routing/build-model-catalog.js';
import { startServer } from '../server/start-server.js';
import { NAME } from '../version.js';
import type { CliOutput } from './apply-cli-conventions.js';
import { findExecutable } from './find-executable.js';
import { loadConfigOrExplain } from './load-config-or-explain.js';
import { probeProxy } from './probe-proxy.js';
import { steadyHeapGrowth } from './steady-heap-growth.js';

/** Shell conventions: 127 for a command not found, 126 for one that cannot run. */
const EXIT_NOT_FOUND = 127;
const EXIT_CANNOT_RUN = 126;

/** Sent when the running proxy needs no key: Claude Code wants some token, and the proxy never forwards it. */
const PLACEHOLDER_TOKEN = NAME;

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** How long Claude Code's start waits for the backends' model facts; a slow list is not worth more. */
const FACTS_WAIT_MS = 3_000;

interface AttachedProxy {
  url: string;
  reused: boolean;
  /** The key Claude Code presents to the proxy. */
  clientToken: string;
  /** Where the facts of the backend models come from: the proxy's own providers, or a set made for this run. */
  providers: ProviderRegistry;
  /** Where the in-process proxy writes its logs (DEBUG=true only). */
  logFile?: string | undefined;
  stop(): Promise<void>;
}

/**
 * `infiniproxy code [claude args...]`: reuses the proxy already running at PROXY_HOST:PROXY_PORT
 * or starts one in-process on a free loopback port, runs `claude` against it with the terminal
 * handed over, and returns Claude Code's exit code after stopping the proxy it started.
 */
export async function runCode(
  args: readonly string[],
  options: {
    configPath?: string | undefined;
    printEnv?: boolean;
    stdout?: CliOutput;
    stderr?: CliOutput;
  } = {},
): Promise<number> {
  const config = loadConfigOrExplain(options.configPath);
  if (!config) return 1;
  if (options.printEnv) return printEnvironment(config, args, options.stdout ?? process.stdout);
  const claude = findExecutable('claude');
  if (!claude) {
    process.stderr.write(
      `${NAME}: "claude" was not found on PATH. Install Claude Code (npm install -g @anthropic-ai/claude-code) or add its directory to PATH.\n`,
    );
    return EXIT_NOT_FOUND;
  }

  const proxy = await attachProxy(config);
  try {
    await settleModelDiscovery(proxy.providers, config, FACTS_WAIT_MS);
    const facts = buildClaudeCodeEnvironment({
      config,
      factsOf: factsLookup(proxy.providers),
      env: process.env,
      claudeArgs: args,
    });
    process.stderr.write(describeLaunch(config, proxy));
    const env = { ...claudeEnvironment(process.env, proxy.url, proxy.clientToken), ...facts.variables };
    return await runClaude(claude, args, env);
  } finally {
    await proxy.stop();
  }
}

/**
 * `code --print-env`: what `code` would hand Claude Code, as `export` lines for `eval`, for a
 * proxy the user runs at PROXY_HOST:PROXY_PORT. The facts are read from the backends here.
 */
async function printEnvironment(
  config: Config,
  args: readonly string[],
  stdout: { write(text: string): unknown },
): Promise<number> {
  const providers = discoverLocally(config);
  try {
    await settleModelDiscovery(providers, config, FACTS_WAIT_MS);
    const facts = buildClaudeCodeEnvironment({
      config,
      factsOf: factsLookup(providers),
      env: process.env,
      claudeArgs: args,
    });
    const lines = [
      `export ANTHROPIC_BASE_URL=${shellQuote(`http://${probeHost(config.host)}:${config.port}`)}`,
      `export ANTHROPIC_AUTH_TOKEN=${shellQuote(config.proxyApiKeys[0] ?? PLACEHOLDER_TOKEN)}`,
      // A real Anthropic key beside the token makes Claude Code ask which one to use.
      'unset ANTHROPIC_API_KEY',
      ...Object.entries(facts.variables).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
      ...facts.kept.map((name) => `# ${name} is already set; left as it is`),
    ];
    stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await providers.close();
  }
}

/** Providers made only to read model facts from, with problems reported on stderr. */
function discoverLocally(config: Config): ProviderRegistry {
  const providers = createProviderRegistry(config);
  startModelDiscovery(providers, config, (message) => process.stderr.write(`${NAME}: ${message}\n`));
  return providers;
}

function factsLookup(providers: ProviderRegistry) {
  return (provider: string, model: string) => {
    const facts = providers.get(provider)?.modelFacts.get(model);
    return facts ? factValues(facts) : {};
  };
}

/** Single quotes keep every character as it is; a quote inside is closed, escaped and reopened. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

async function attachProxy(config: Config): Promise<AttachedProxy> {
  if (config.port !== 0) {
    const url = `http://${probeHost(config.host)}:${config.port}`;
    if (await probeProxy(url)) {
      const clientToken = config.proxyApiKeys[0] ?? PLACEHOLDER_TOKEN;
      const providers = discoverLocally(config);
      return { url, reused: true, clientToken, providers, stop: () => providers.close() };
    }
  }
  // Logs would draw over Claude Code's screen, so they go to a file, and only when asked for.
  const logFile = config.debug ? createPrivateLogFile() : undefined;
  // A key made for this run only: other local users and processes cannot use the proxy's backend.
  const clientToken = randomBytes(24).toString('base64url');
  steadyHeapGrowth();
  const server = await startServer(
    { ...config, host: '127.0.0.1', proxyApiKeys: [clientToken] },
    { port: 0, logger: logFile !== undefined, ...(logFile ? { logFile } : {}) },
  );
  return {
    url: server.url,
    reused: false,
    clientToken,
    logFile,
    providers: server.context.gateway.providers,
    stop: () => server.close(),
  };
}

/**
 * Debug logs hold whole prompts and code, so they go to a file only this user can read, in a
 * fresh directory (mkdtemp makes it 0700 with an unguessable name): no other user can read
 * it, or plant a symlink at a predictable path for the proxy to write through.
 */
function createPrivateLogFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), `${NAME}-`)), 'proxy.log');
  closeSync(openSync(file, 'wx', 0o600));
  return file;
}

/** A proxy listening on every interface is reached through loopback. */
function probeHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Claude Code talks to the proxy with the proxy's key as its auth token. ANTHROPIC_API_KEY is
 * removed so a real Anthropic key in the shell is neither sent anywhere nor makes Claude Code
 * ask which credential to use.
 */
export function claudeEnvironment(env: NodeJS.ProcessEnv, url: string, token: string): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env, ANTHROPIC_BASE_URL: url, ANTHROPIC_AUTH_TOKEN: token };
  delete result.ANTHROPIC_API_KEY;
  return result;
}

function describeLaunch(config: Config, proxy: AttachedProxy): string {
  const where = proxy.reused
    ? `using the proxy already running at ${proxy.url}`
    : `proxy on ${proxy.url} → ${describeProviders(config)}`;
  const lines = [`${NAME}: ${where}`];
  // The page asks for a proxy key, and this proxy's key was made for this run: say it here,
  // apart from the URL, since a key never goes in one.
  if (!proxy.reused && config.inspector.enabled) {
    lines.push(`${NAME}: inspector on ${proxy.url}/ui (key for the page: ${proxy.clientToken})`);
  }
  if (proxy.logFile) lines.push(`${NAME}: debug logs go to ${proxy.logFile}`);
  if (!proxy.reused && describeModel(config, 'claude-sonnet-4-5') === undefined) {
    lines.push(
      `${NAME}: OPENAI_MODEL is not set, so Claude model names will be rejected; set it or pass --model <backend model>`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Runs Claude Code with the terminal handed over; resolves with its exit code (128 + n when killed by signal n). */
async function runClaude(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, args, {
    stdio: 'inherit',
    env,
    // Windows runs .cmd and .bat shims only through a shell.
    shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(command),
  });
  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  try {
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    if (code !== null) return code;
    return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
  } catch (error) {
    process.stderr.write(`${NAME}: could not run ${command}: ${(error as Error).message}\n`);
    return EXIT_CANNOT_RUN;
  } finally {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
  }
}

/** The backend's URL, or with several providers each one's name and URL. */
function describeProviders(config: Config): string {
  const [only, ...others] = config.providers;
  if (only && others.length === 0) return only.backend.displayUrl;
  return config.providers.map((provider) => `${provider.name} (${provider.backend.displayUrl})`).join(', ');
}
