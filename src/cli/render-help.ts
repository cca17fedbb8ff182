import { NAME, VERSION } from '../version.js';

export function renderHelp(): string {
  return `${NAME} ${VERSION} — run Claude Code and any Anthropic API client on an OpenAI-compatible backend.

Usage:
  ${NAME}                       start the proxy (configured by environment variables or a .env file)
  ${NAME} code [claude args]    start the proxy on a free port (or reuse the running one) and run
                                Claude Code against it; arguments go to claude, e.g.
                                ${NAME} code -p "explain this repo" --model deepseek-v4-pro
  ${NAME} doctor [--model M] [--json]
                                check the configured backend directly and through the proxy:
                                one line per probe, suggestions, exit 0 when Claude Code's
                                needs (streaming, tool calls) are met
  ${NAME} --help                show this help
  ${NAME} --version             print the version

Configuration (environment or .env):
  OPENAI_BASE_URL   backend base URL, e.g. https://api.deepseek.com (default: local Ollama)
  OPENAI_API_KEY    backend API key (optional for local backends)
  OPENAI_MODEL      backend model used for Claude model names
  BIG_MODEL         backend model for claude-opus-* (default: OPENAI_MODEL)
  MIDDLE_MODEL      backend model for claude-sonnet-* (default: OPENAI_MODEL)
  SMALL_MODEL       backend model for claude-haiku-*, Claude Code's background model (default: OPENAI_MODEL)
  PROXY_HOST        address to listen on (default 127.0.0.1)
  PROXY_PORT        port to listen on (default 8000)
  TIMEOUT           upstream timeout in seconds (default 300)
  OPENAI_PROVIDER   backend dialect: generic, openai, deepseek, glm, qwen, openrouter, vllm,
                    sglang, ollama, lmstudio, groq, mistral, gemini (default: detected from the URL)
  MAX_OUTPUT_TOKENS cap on max_tokens for every request (default: the model's known cap)
  THINK_TAGS        on, off or open: <think> reasoning in answers becomes thinking blocks;
                    open when the chat template puts <think> in the prompt
                    (default: on for local servers and generic, off for hosted APIs)
  DEBUG             true for debug logs with request and response bodies
                    (with "code", written to a file in the temp directory)
  PROXY_API_KEY     key(s), comma-separated, clients must send as x-api-key or
                    Authorization: Bearer on /v1 and /metrics (default: none)
  ALLOW_UNAUTHENTICATED  true to listen on a non-loopback PROXY_HOST without PROXY_API_KEY
  BODY_LIMIT_MB     largest request body in megabytes (default 32)
  LOG_FORMAT        json (default) or pretty
  SHUTDOWN_GRACE_SECONDS  how long open streams may finish after SIGTERM (default 8)
`;
}
