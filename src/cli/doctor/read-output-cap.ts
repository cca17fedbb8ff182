/**
 * Finds the largest accepted max_tokens in a backend's refusal, in the wordings backends use:
 * DeepSeek "the valid range of max_tokens is [1, 8192]", OpenAI "supports at most 16384
 * completion tokens", Groq "must be less than or equal to `8192`", vLLM "maximum context
 * length is 8192 tokens and your request has 12 input tokens". Undefined when none matches.
 */
export function readOutputCap(message: string): number | undefined {
  const range = /\[\s*\d+\s*,\s*(\d+)\s*\]/.exec(message);
  if (range) return Number(range[1]);
  const atMost =
    /(?:at most|less than or equal to|must be <=|maximum (?:value|allowed)[^\d]{0,40})\s*`?(\d+)/i.exec(
      message,
    );
  if (atMost) return Number(atMost[1]);
  const context = /maximum context length is (\d+) tokens[^\d]+(\d+) (?:input )?tokens/i.exec(message);
  if (context) {
    const room = Number(context[1]) - Number(context[2]);
    return room > 0 ? room : undefined;
  }
  return undefined;
}
