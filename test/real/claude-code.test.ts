import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClaudeCodeVersion, runClaudeCode } from '../e2e/run-claude-code.js';
import { type EgressTrap, startEgressTrap } from '../e2e/start-egress-trap.js';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';
import { type LlamaServer, startLlamaServer } from './start-llama-server.js';

/**
 * The real Claude Code CLI, headless, through the proxy to a real llama-server: a first
 * turn of about 19K tokens of system prompt and tool schemas, streamed answers, tool calls
 * the tiny model makes at random, and llama.cpp's prompt cache on the following turns.
 * Nothing leaves 127.0.0.1.
 */

// A CPU token of the tiny model takes a fifth of a second or more on a busy two-core machine,
// and Claude Code asks for 32000: the cap keeps each turn short.
const MAX_OUTPUT_TOKENS = '16';
const RUN_TIMEOUT_MS = 600_000;

let llama: LlamaServer;
let proxy: TestProxy;
let egress: EgressTrap;
let project: string;
let home: string;

beforeAll(async () => {
  await readClaudeCodeVersion();
  // Two slots: the agent's 19K-token turns keep one prompt cache, background calls the other.
  llama = await startLlamaServer(65_536, 2);
  proxy = await startProxy(
    { OPENAI_BASE_URL: llama.baseUrl, OPENAI_MODEL: llama.model, MAX_OUTPUT_TOKENS },
    { serverProbeMs: 5_000 },
  );
  egress = await startEgressTrap();
  project = realpathSync(mkdtempSync(join(tmpdir(), 'infiniproxy-real-project-')));
  home = realpathSync(mkdtempSync(join(tmpdir(), 'infiniproxy-real-home-')));
  writeFileSync(join(project, 'notes.txt'), 'The build is green.\n');
});
afterAll(async () => {
  await proxy?.close();
  await llama?.close();
  await egress?.close();
  if (project) rmSync(project, { recursive: true, force: true });
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('Claude Code through the proxy to llama-server', () => {
  it('ends a three-turn -p session with a result and no protocol error', {
    timeout: RUN_TIMEOUT_MS + 30_000,
  }, async () => {
    const run = await runClaudeCode({
      prompt: 'Read notes.txt and tell me what it says.',
      allowedTools: ['Read'],
      cwd: project,
      home,
      baseUrl: proxy.url,
      egressProxyUrl: egress.url,
      timeoutMs: RUN_TIMEOUT_MS,
      extraArgs: ['--max-turns', '3'],
      // Titles and summaries by the small model: not the session under test, and slow here.
      extraEnv: { DISABLE_NON_ESSENTIAL_MODEL_CALLS: '1' },
    });
    expect(run.timedOut).toBe(false);
    // The model is noise, so the session may end on any turn, or run out of its three (an
    // error_max_turns result has no `result` text); what it must not do is fail on what the
    // proxy sent: an API error, or a stream the client could not read.
    const result = JSON.parse(run.stdout) as {
      type: string;
      subtype: string;
      num_turns: number;
      result?: string;
    };
    expect(result.type).toBe('result');
    expect(['success', 'error_max_turns']).toContain(result.subtype);
    expect(result.num_turns).toBeGreaterThan(0);
    expect(`${result.result ?? ''}\n${run.stderr}`).not.toMatch(
      /API Error|Unexpected event|stream ended|invalid_request_error/i,
    );
    expect(egress.attempts).toEqual([]);
  });
});
