import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderCurl } from '../../src/inspector/render-curl.js';
import { createSecretRedactor } from '../../src/server/redact-secrets.js';

const redact = createSecretRedactor(['sk-real-backend-key']);

describe('renderCurl', () => {
  it('names the key $OPENAI_API_KEY and sends the body through a quoted heredoc', () => {
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: "it's $HOME `pwd`" }] });
    const curl = renderCurl({
      url: 'https://api.example.com/v1/chat/completions',
      auth: 'bearer',
      headers: {},
      body,
      redact,
    });
    expect(curl).toBe(
      [
        "curl 'https://api.example.com/v1/chat/completions' \\",
        "  -H 'content-type: application/json' \\",
        '  -H "authorization: Bearer $OPENAI_API_KEY" \\',
        "  --data-binary @- <<'JSON'",
        body,
        'JSON',
        '',
      ].join('\n'),
    );
  });

  it('turns credential headers into variables and redacts secrets in the others', () => {
    const curl = renderCurl({
      url: 'https://openrouter.example/api/v1/chat/completions',
      auth: 'bearer',
      headers: {
        'X-Title': "Bob's sk-real-backend-key app",
        'api-key': 'azure-secret',
        Authorization: 'Bearer x',
      },
      body: '{}',
      redact,
    });
    expect(curl).toContain(`  -H 'X-Title: Bob'\\''s [redacted] app'`);
    expect(curl).toContain('  -H "api-key: $API_KEY"');
    expect(curl).not.toContain('azure-secret');
    expect(curl).not.toContain('sk-real-backend-key');
    expect(curl.match(/authorization/gi)).toHaveLength(1);
  });

  it('sends the key as x-api-key to an Anthropic-compatible endpoint', () => {
    const curl = renderCurl({
      url: 'https://api.deepseek.com/anthropic/v1/messages',
      auth: 'x-api-key',
      headers: {},
      body: '{}',
      redact,
    });
    expect(curl).toContain('  -H "x-api-key: $OPENAI_API_KEY"');
    expect(curl).not.toContain('authorization');
  });

  it('is a command a shell reads back into the same body', () => {
    const body = JSON.stringify({ text: 'quotes \' " and $VARS and `ticks`\\n' });
    const curl = renderCurl({
      url: 'http://127.0.0.1:9/v1/chat/completions',
      auth: 'bearer',
      headers: {},
      body,
      redact,
    });
    // A curl that prints the body it would have sent.
    const fake = 'curl() { cat; }\n';
    expect(execFileSync('sh', ['-c', fake + curl], { encoding: 'utf8', stdio: 'pipe' })).toBe(`${body}\n`);
  });
});
