/** A minimal Messages request body for tests; fields can be overridden or added. */
export function messagesBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: 'claude-fixture',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'Hi' }],
    ...overrides,
  };
}

/** POSTs to the proxy's /v1/messages with plain fetch, for assertions on the raw bytes and headers. */
export async function postMessages(
  proxyUrl: string,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${proxyUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'test-client-key' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}
