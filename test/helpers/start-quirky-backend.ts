import { answerEveryRequest } from './answer-every-request.js';
import { buildChunkStream, type ChunkStreamPart } from './build-chunk-stream.js';
import {
  completion,
  hang,
  json,
  type Reply,
  type ScriptedBackend,
  sse,
  startScriptedBackend,
} from './scripted-backend.js';

/** The ways a backend can fall short of what Claude Code needs; all off is a healthy backend. */
export interface BackendQuirks {
  /** Model ids served and listed; others get a 404 like OpenAI's model_not_found. */
  models?: string[];
  /** `owned_by` in the model list (vLLM puts "vllm" there). */
  ownedBy?: string;
  /** Answers 401 unless this key is sent as a bearer token. */
  requiredKey?: string;
  /** Quotes the key it was sent in that 401, as OpenAI's "Incorrect API key provided: sk-…" does. */
  echoesKey?: boolean;
  /** Prints tool calls as JSON text, like small local models without a tool parser. */
  toolCallsAsText?: boolean;
  /** Leaves the usage chunk out of streams. */
  noStreamUsage?: boolean;
  /** Refuses max_tokens above this with DeepSeek's wording. */
  outputCap?: number;
  /** Refuses too large a max_tokens without saying the limit. */
  capUnstated?: boolean;
  /** Returns reasoning_content beside the answer. */
  reasoning?: boolean;
  /**
   * Puts reasoning inside <think> tags in the text, as a server without a reasoning parser
   * does; `close-only`: only </think>, as when the chat template opens the tag in the prompt.
   */
  thinkTags?: boolean | 'close-only';
  /** Refuses any request with tools, as Ollama does for models without tool support. */
  rejectsTools?: boolean;
  /** Accepts chat requests and never answers them. */
  hangs?: boolean;
  /** Answers 404 to GET /models. */
  noModelsEndpoint?: boolean;
  /** Answers GET /props with this, as llama-server does (with its context size). */
  props?: Record<string, unknown>;
}

interface ChatBody {
  model?: string;
  stream?: boolean;
  tools?: { function?: { name?: string } }[];
  max_tokens?: number;
  max_completion_tokens?: number;
}

/** A scripted backend answering every request by inspection, with the given quirks. */
export async function startQuirkyBackend(quirks: BackendQuirks = {}): Promise<ScriptedBackend> {
  const backend = await startScriptedBackend();
  const models = quirks.models ?? ['backend-model'];
  answerEveryRequest(backend, (request) => {
    if (quirks.requiredKey && request.headers.authorization !== `Bearer ${quirks.requiredKey}`) {
      const sent = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
      return json(401, {
        error: {
          message: quirks.echoesKey
            ? `Incorrect API key provided: ${sent}. You can find your API key in your account settings.`
            : 'Authentication Fails, Your api key is invalid',
          type: 'authentication_error',
        },
      });
    }
    if (quirks.props && request.method === 'GET' && request.url === '/props') return json(200, quirks.props);
    // Like most servers, only the /v1 paths exist.
    if (!request.url.startsWith('/v1/')) return json(404, '404 page not found');
    if (request.method === 'GET' && request.url.endsWith('/models')) {
      if (quirks.noModelsEndpoint) return json(404, { error: { message: 'Not Found' } });
      return json(200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', owned_by: quirks.ownedBy ?? 'scripted' })),
      });
    }
    if (quirks.hangs) return hang();
    const body = (request.body ?? {}) as ChatBody;
    if (!body.model || !models.includes(body.model)) {
      return json(404, {
        error: {
          message: `The model \`${body.model}\` does not exist or you do not have access to it.`,
          type: 'invalid_request_error',
          code: 'model_not_found',
        },
      });
    }
    if (quirks.rejectsTools && body.tools) {
      return json(400, {
        error: { message: `registry.ollama.ai/library/${body.model} does not support tools` },
      });
    }
    const maxTokens = body.max_tokens ?? body.max_completion_tokens ?? 0;
    if (quirks.outputCap !== undefined && maxTokens > quirks.outputCap) {
      return json(400, {
        error: {
          message: quirks.capUnstated
            ? 'max_tokens is too large for this model'
            : `Invalid max_tokens value, the valid range of max_tokens is [1, ${quirks.outputCap}]`,
          type: 'invalid_request_error',
        },
      });
    }
    return answer(quirks, body);
  });
  return backend;
}

function answer(quirks: BackendQuirks, body: ChatBody): Reply {
  const toolName = body.tools?.[0]?.function?.name;
  const callArguments = JSON.stringify({ city: 'Paris' });
  const printedCall = `{"name": "${toolName}", "arguments": ${callArguments}}`;
  const thinking = 'The user wants one word.';
  const text =
    quirks.thinkTags === 'close-only'
      ? `${thinking}</think>ready`
      : quirks.thinkTags
        ? `<think>${thinking}</think>ready`
        : 'ready';
  const parts: ChunkStreamPart[] = [];
  if (quirks.reasoning) parts.push({ reasoning: thinking });
  if (toolName && !quirks.toolCallsAsText) {
    parts.push({ toolCall: { id: 'call_1', name: toolName, arguments: callArguments } });
  } else parts.push({ text: toolName ? printedCall : text });

  if (body.stream) {
    const stream = buildChunkStream(parts);
    return sse(quirks.noStreamUsage ? withoutUsage(stream) : stream);
  }
  const call = parts.find((part) => 'toolCall' in part);
  return completion(
    {
      content: call ? null : toolName ? printedCall : text,
      ...(quirks.reasoning ? { reasoning_content: thinking } : {}),
      ...(call
        ? {
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: toolName, arguments: callArguments } },
            ],
          }
        : {}),
    },
    { finishReason: call ? 'tool_calls' : 'stop' },
  );
}

function withoutUsage(stream: string): string {
  return stream
    .split('\n\n')
    .filter((event) => !event.includes('"usage"'))
    .join('\n\n');
}
