import type { ServerRecognition } from '../../dialects/recognize-server-dialect.js';

/**
 * Facts the probes learn about the backend, read later by other probes (the model to
 * use, whether it is reachable) and by suggestFixes. Every field starts undefined or false.
 */
export interface DoctorFindings {
  unreachable: boolean;
  /** The backend rejected the API key (401 or 403). */
  authenticationFailed: boolean;
  /** Model ids from GET /models, when the backend lists them. */
  listedModels: string[] | undefined;
  /** `owned_by` values from the model list; servers such as vLLM and SGLang name themselves there. */
  modelOwners: string[];
  /** Signature paths the backend answered as only its server does (llama-server's /props). */
  signaturePaths: string[];
  /** The server software, when the model list or a signature path names it. */
  server: ServerRecognition | undefined;
  /** The context window the server reports for one request (llama-server's n_ctx per slot). */
  contextWindow: number | undefined;
  /** The backend said it does not know the model asked for. */
  modelUnknown: boolean;
  /** The backend answered 404 without naming the model: the endpoint path is likely wrong. */
  pathNotFound: boolean;
  /** Which field reasoning arrived in, when it did. */
  reasoningField: 'reasoning_content' | 'reasoning' | undefined;
  /** The text contained <think> tags: the server's reasoning parser is off. */
  thinkTagsInText: boolean;
  /** The text had </think> without starting with <think>: the chat template opens it in the prompt. */
  thinkCloseTagOnly: boolean;
  usageInStream: boolean | undefined;
  /** The model wrote the tool call out as JSON text instead of a structured call. */
  toolCallAsText: boolean;
  /** Forced to call a tool, the model answered in plain text. */
  toolCallMissing: boolean;
  /** The backend refused the request because the model takes no tools. */
  toolsRejected: boolean;
  /** The largest max_tokens the backend was seen to accept, when a larger one was refused. */
  outputCap: number | undefined;
  /** What the proxy would send as max_tokens for a Claude Code request. */
  outputTokensSent: number | undefined;
}

export function createDoctorFindings(): DoctorFindings {
  return {
    unreachable: false,
    authenticationFailed: false,
    listedModels: undefined,
    modelOwners: [],
    signaturePaths: [],
    server: undefined,
    contextWindow: undefined,
    modelUnknown: false,
    pathNotFound: false,
    reasoningField: undefined,
    thinkTagsInText: false,
    thinkCloseTagOnly: false,
    usageInStream: undefined,
    toolCallAsText: false,
    toolCallMissing: false,
    toolsRejected: false,
    outputCap: undefined,
    outputTokensSent: undefined,
  };
}
