/**
 * Error responses in the shape each backend documents or is seen to send, so a strict
 * backend's refusal reaches the proxy exactly as the real one's would.
 */
export interface BackendError {
  status: number;
  body: unknown;
}

/** What a rule found wrong, before it is dressed in a backend's error shape. */
export interface Violation {
  message: string;
  /** HTTP status when the backend does not use its usual 400 for this case. */
  status?: number;
  code?: string;
  param?: string;
  /** A body the backend sends for this case only (Mistral's 422 validation list). */
  body?: unknown;
}

export type ErrorShape = (violation: Violation) => BackendError;

/** OpenAI, DeepSeek, LM Studio, Ollama, generic servers: `{"error":{message,type,param,code}}`. */
export const openaiErrorShape: ErrorShape = (violation) => ({
  status: violation.status ?? 400,
  body: violation.body ?? {
    error: {
      message: violation.message,
      type: 'invalid_request_error',
      param: violation.param ?? null,
      code: violation.code ?? null,
    },
  },
});

/** Groq: `{"error":{message,type}}` with no param or code. */
export const groqErrorShape: ErrorShape = (violation) => ({
  status: violation.status ?? 400,
  body: violation.body ?? { error: { message: violation.message, type: 'invalid_request_error' } },
});

/** Mistral and vLLM-style servers: a top-level `{"object":"error",message,type,param,code}`. */
export const mistralErrorShape: ErrorShape = (violation) => ({
  status: violation.status ?? 400,
  body: violation.body ?? {
    object: 'error',
    message: violation.message,
    type: 'invalid_request_message_error',
    param: violation.param ?? null,
    code: violation.code ?? null,
  },
});

/** vLLM and SGLang: the same top-level object, type BadRequestError and the status as code. */
export const vllmErrorShape: ErrorShape = (violation) => ({
  status: violation.status ?? 400,
  body: violation.body ?? {
    object: 'error',
    message: violation.message,
    type: 'BadRequestError',
    param: violation.param ?? null,
    code: violation.status ?? 400,
  },
});

/** DashScope compatible-mode: the OpenAI envelope with a DashScope code and a request id. */
export const dashscopeErrorShape: ErrorShape = (violation) => ({
  status: violation.status ?? 400,
  body: violation.body ?? {
    error: {
      code: violation.code ?? 'invalid_parameter_error',
      param: violation.param ?? null,
      message: `<400> InternalError.Algo.InvalidParameter: ${violation.message}`,
      type: 'invalid_request_error',
    },
    id: 'chatcmpl-strict',
    request_id: 'strict-request',
  },
});

/** Zhipu GLM: `{"error":{code,message}}` with a numeric business code as a string. */
export const zhipuErrorShape: ErrorShape = (violation) => ({
  status: violation.status ?? 400,
  body: violation.body ?? { error: { code: violation.code ?? '1214', message: violation.message } },
});

/** Gemini's OpenAI endpoint: the Google error wrapped in an array. */
export const geminiErrorShape: ErrorShape = (violation) => ({
  status: violation.status ?? 400,
  body: violation.body ?? [
    { error: { code: violation.status ?? 400, message: violation.message, status: 'INVALID_ARGUMENT' } },
  ],
});

/** OpenRouter: `{"error":{code:<status>,message}}`. */
export const openrouterErrorShape: ErrorShape = (violation) => ({
  status: violation.status ?? 400,
  body: violation.body ?? { error: { code: violation.status ?? 400, message: violation.message } },
});

/** DeepSeek: the OpenAI envelope with `invalid_request_error` as the code too. */
export const deepseekErrorShape: ErrorShape = (violation) =>
  openaiErrorShape({ ...violation, code: violation.code ?? 'invalid_request_error' });

/** llama.cpp's llama-server: `{"error":{code,message,type}}` with the status as the code. */
export const llamacppErrorShape: ErrorShape = (violation) => ({
  status: violation.status ?? 400,
  body: violation.body ?? {
    error: { code: violation.status ?? 400, message: violation.message, type: 'invalid_request_error' },
  },
});
