import { dialectsByName } from '../../dialects/all-dialects.js';
import { describeDialectReason } from '../../dialects/describe-dialect-reason.js';
import type { DialectName } from '../../dialects/dialect.js';
import type { DoctorContext } from './create-doctor-context.js';
import type { ProbeResult, Suggestion } from './doctor-report.js';

/** A Claude Code turn: its system prompt and tool schemas alone are about 19K tokens. */
const CLAUDE_CODE_TURN_TOKENS = 20_000;

/** What to change, read from the probe results and what the probes learned. */
export function suggestFixes(context: DoctorContext, results: readonly ProbeResult[]): Suggestion[] {
  const { findings } = context;
  const backend = context.provider.backend;
  const setting = settingNames(context);
  const suggestions: Suggestion[] = [];
  const add = (code: string, message: string) => suggestions.push({ code, message });

  if (findings.unreachable) {
    add(
      'check-base-url',
      backend.isDefault
        ? `OPENAI_BASE_URL is not set, so the local Ollama default ${backend.displayUrl} was tried: start Ollama or set OPENAI_BASE_URL to your backend.`
        : `Check ${setting.baseUrl} (${backend.displayUrl}) and that the server is running and reachable from here.`,
    );
    return suggestions;
  }
  if (findings.authenticationFailed) {
    add(
      'check-api-key',
      backend.apiKey
        ? `The backend rejected ${setting.apiKey}: check the key is current and meant for this backend.`
        : `The backend wants an API key: set ${setting.apiKey}.`,
    );
  }
  if (!context.model) {
    add('set-model', `Set ${setting.model} to a model the backend serves (or pass --model to try one).`);
  } else if (findings.modelUnknown && !findings.authenticationFailed) {
    const listed = findings.listedModels?.slice(0, 5).join(', ');
    add(
      'set-model',
      `The backend does not know the model "${context.model}": set ${setting.model} to a model it serves${listed ? ` (it lists ${listed})` : ''}.`,
    );
  }
  const slow = results.filter((result) => /in time/.test(result.detail)).map((result) => result.title);
  if (slow.length > 0) {
    add(
      'timeout',
      `No answer within ${formatTimeout(context.probeTimeoutMs)} for ${slow.join(', ')}: the backend is slow, overloaded or still loading the model; try again, and raise TIMEOUT if it is just slow.`,
    );
  }
  if (findings.pathNotFound) {
    add(
      'check-base-url-path',
      `The backend answered 404 for ${backend.chatCompletionsPath}: check the path in ${setting.baseUrl} (${backend.displayUrl}); most backends want it to end in /v1.`,
    );
  }
  suggestDialect(context, add);
  if (findings.outputCap !== undefined) {
    add(
      'set-max-output-tokens',
      `Set MAX_OUTPUT_TOKENS=${findings.outputCap}: the backend refuses max_tokens ${findings.outputTokensSent} for this model.`,
    );
  }
  if (findings.toolCallAsText || findings.toolsRejected || findings.toolCallMissing) {
    add(
      'choose-tool-model',
      findings.toolCallAsText
        ? `"${context.model}" printed the tool call as text instead of a structured call: use a model that supports tool calls, or turn on the server's tool-call parser (vLLM: --enable-auto-tool-choice --tool-call-parser …).`
        : findings.toolsRejected
          ? `The backend refused tools for "${context.model}": Claude Code needs a model that supports tool calls.`
          : `"${context.model}" did not make a structured tool call: Claude Code needs a model that supports tool calls.`,
    );
  }
  if (findings.thinkTagsInText) suggestThinkTags(context, add);
  if (findings.server?.dialect === 'llamacpp') suggestLlamaServerFlags(context, results, add);
  if (findings.usageInStream === false) {
    add(
      'stream-usage',
      context.dialect.requestFields.has('stream_options')
        ? 'The backend sends no usage in streams even when asked (stream_options.include_usage); Claude Code sees estimated token counts.'
        : `The ${context.dialect.label} dialect does not ask for usage in streams; if the backend supports stream_options, set OPENAI_PROVIDER to a dialect that sends it (e.g. vllm or openai).`,
    );
  }
  return suggestions;
}

function suggestDialect(context: DoctorContext, add: (code: string, message: string) => void): void {
  const { dialect, dialectReason } = context;
  const how = describeDialectReason(dialectReason);
  const server = context.findings.server;
  const better: DialectName | undefined =
    server && server.dialect !== dialect.name ? server.dialect : undefined;
  if (better && server) {
    add(
      'set-provider',
      `Dialect: ${dialect.label} (${how}), but the server says it is ${dialectsByName[better].label} (${server.evidence}): set OPENAI_PROVIDER=${better}.`,
    );
  } else {
    const hint =
      dialectReason === 'default'
        ? '; if the backend is one of the known servers, set OPENAI_PROVIDER to match it'
        : '';
    add('dialect', `Dialect: ${dialect.label} (${how})${hint}.`);
  }
}

/** Tags the proxy already takes out need nothing; otherwise the setting that does, or the server's parser. */
function suggestThinkTags(context: DoctorContext, add: (code: string, message: string) => void): void {
  const mode = context.config.thinkTags ?? context.dialect.thinkTags;
  const parser =
    "or turn on the server's reasoning parser (vLLM and SGLang: --reasoning-parser …; llama.cpp: --reasoning-format deepseek)";
  if (mode === 'on' && context.findings.thinkCloseTagOnly) {
    add(
      'set-think-tags-open',
      `Answers start inside the reasoning and only </think> appears (the chat template puts <think> in the prompt), so thinking shows up as answer text: set THINK_TAGS=open, ${parser}.`,
    );
  } else if (mode === 'off') {
    add(
      'enable-think-tags',
      `Reasoning arrives as <think> tags inside the text, which the ${context.dialect.label} dialect leaves as answer text: set THINK_TAGS=on, ${parser}.`,
    );
  }
}

/**
 * llama-server's two start-up flags that decide whether Claude Code works: --jinja (its
 * chat-template engine; without it tool calls come back as text, and any tool_choice but
 * auto is refused) and -c (its context, shared by the -np slots; the default is small).
 */
function suggestLlamaServerFlags(
  context: DoctorContext,
  results: readonly ProbeResult[],
  add: (code: string, message: string) => void,
): void {
  const { findings } = context;
  const refusedWithoutJinja = results.some((result) => /--jinja/.test(result.backendError ?? ''));
  if (findings.toolCallAsText || findings.toolCallMissing || refusedWithoutJinja) {
    add(
      'llama-server-jinja',
      'llama-server gave no structured tool call: start it with --jinja (tool calls need its chat-template engine) and a model whose chat template supports tools.',
    );
  }
  const window = findings.contextWindow;
  if (window !== undefined && window < CLAUDE_CODE_TURN_TOKENS) {
    add(
      'llama-server-context',
      `llama-server's context is ${window} tokens per request, smaller than one Claude Code turn (about ${CLAUDE_CODE_TURN_TOKENS / 1000}K tokens): restart it with -c 65536 or more (with -np N, each slot gets a share of -c).`,
    );
  }
}

function formatTimeout(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** Where the user changes each setting: an environment variable, or a key of the config file. */
function settingNames(context: DoctorContext): { baseUrl: string; apiKey: string; model: string } {
  if (context.config.source.kind === 'env') {
    return { baseUrl: 'OPENAI_BASE_URL', apiKey: 'OPENAI_API_KEY', model: 'OPENAI_MODEL' };
  }
  const name = context.provider.name;
  return {
    baseUrl: `providers.${name}.base_url`,
    apiKey: `providers.${name}.api_key`,
    model: `the route's model for ${name}`,
  };
}
