import { DIALECT_NAMES } from '../dialects/all-dialects.js';
import { renderTable } from './render-table.js';

/**
 * Every setting the environment (or .env) may hold, one line each or a few aligned
 * continuation lines. Kept as data so the two columns line up however long a name grows.
 */
const SETTINGS: readonly (readonly [string, ...string[]])[] = [
  [
    'INFINIPROXY_CONFIG',
    'config file with providers and routes (same as --config FILE); when set,',
    'the backend variables below are ignored',
  ],
  ['OPENAI_BASE_URL', 'backend base URL, e.g. https://api.deepseek.com (default: local Ollama)'],
  ['OPENAI_API_KEY', 'backend API key (optional for local backends)'],
  ['OPENAI_MODEL', 'backend model used for Claude model names'],
  ['BIG_MODEL', 'backend model for claude-opus-* (default: OPENAI_MODEL)'],
  ['MIDDLE_MODEL', 'backend model for claude-sonnet-* (default: OPENAI_MODEL)'],
  [
    'SMALL_MODEL',
    "backend model for claude-haiku-*, Claude Code's background model",
    '(default: OPENAI_MODEL)',
  ],
  [
    'OPENAI_PROVIDER',
    `backend dialect: ${DIALECT_NAMES.slice(0, 7).join(', ')},`,
    `${DIALECT_NAMES.slice(7).join(', ')} (default: detected from the URL)`,
  ],
  [
    'OPENAI_PROTOCOL',
    'chat (Chat Completions), responses (Responses API) or anthropic',
    '(Anthropic-compatible /v1/messages) (default: chat; anthropic for a URL ending in /anthropic)',
  ],
  ['TIMEOUT', 'upstream timeout in seconds (default 300)'],
  ['PROXY_HOST', 'address to listen on (default 127.0.0.1)'],
  ['PROXY_PORT', 'port to listen on (default 8000)'],
  ['MAX_OUTPUT_TOKENS', "cap on max_tokens for every request (default: the model's known cap)"],
  [
    'THINK_TAGS',
    'on, off or open: <think> reasoning in answers becomes thinking blocks;',
    'open when the chat template puts <think> in the prompt',
    '(default: on for local servers and generic, off for hosted APIs)',
  ],
  ['RETRY_ATTEMPTS', 'tries per provider before the first byte, 1 for none (default 3)'],
  [
    'DEBUG',
    'true for debug logs with request and response bodies',
    '(with "code", written to a file in the temp directory)',
  ],
  [
    'PROXY_API_KEY',
    'key(s), comma-separated, clients must send as x-api-key or',
    'Authorization: Bearer on /v1 and /metrics (default: none)',
  ],
  ['ALLOW_UNAUTHENTICATED', 'true to listen on a non-loopback PROXY_HOST without PROXY_API_KEY'],
  ['BODY_LIMIT_MB', 'largest request body in megabytes (default 32)'],
  ['LOG_FORMAT', 'json (default) or pretty'],
  ['SHUTDOWN_GRACE_SECONDS', 'how long open streams may finish after SIGTERM (default 8)'],
  [
    'INSPECTOR',
    'false to turn off the page at /ui that shows recent exchanges (default true;',
    'it asks for a PROXY_API_KEY key, or without keys answers only this machine)',
  ],
  ['INSPECTOR_MAX_EXCHANGES', 'how many recent exchanges the inspector keeps (default 200)'],
  ['INSPECTOR_MAX_BODY_KB', 'each body the inspector keeps is cut beyond this size (default 256)'],
];

/** The reference of environment settings that ends the main `--help`. */
export function renderEnvironmentHelp(): string {
  const rows = SETTINGS.flatMap(([name, first, ...rest]) => [
    [name, first ?? ''],
    ...rest.map((line) => ['', line]),
  ]);
  return `Configuration (environment or .env):\n${renderTable(rows)}\n`;
}
