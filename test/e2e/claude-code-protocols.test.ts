import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerEveryRequest } from '../helpers/answer-every-request.js';
import { json, type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { chain, startGateway, type TestGateway } from '../helpers/start-gateway.js';
import {
  type StrictResponsesBackend,
  startStrictResponsesBackend,
} from '../helpers/start-strict-responses-backend.js';
import { parseClaudeCodeResult, readClaudeCodeVersion, runClaudeCode } from './run-claude-code.js';
import { scriptAnthropicToolLoop, scriptResponsesToolLoop } from './script-protocol-tool-loops.js';
import type { ToolLoopStep } from './script-tool-loop.js';
import { type EgressTrap, startEgressTrap } from './start-egress-trap.js';

/**
 * The real Claude Code CLI, headless, through providers of the two other protocols: a
 * strict Responses API backend, an Anthropic-compatible backend, and a chain whose first
 * entry is down and whose second speaks the other protocol. Nothing leaves 127.0.0.1.
 */

const MAIN_MODEL = 'e2e-main-model';
const RUN_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 40_000;

const closing: Array<{ close(): Promise<void> }> = [];
let egress: EgressTrap;
let project: string;
let home: string;
let versionCheck: Promise<string> | undefined;

beforeEach(async () => {
  versionCheck ??= readClaudeCodeVersion();
  await versionCheck;
  egress = await startEgressTrap();
  project = realpathSync(mkdtempSync(join(tmpdir(), 'infiniproxy-e2e-project-')));
  home = realpathSync(mkdtempSync(join(tmpdir(), 'infiniproxy-e2e-home-')));
});
afterEach(async () => {
  for (const item of closing.splice(0).reverse()) await item.close();
  await egress.close();
  rmSync(project, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

async function track<T extends { close(): Promise<void> }>(item: Promise<T>): Promise<T> {
  const started = await item;
  closing.push(started);
  return started;
}

function runClaude(gateway: TestGateway, prompt: string, allowedTools: readonly string[]) {
  return runClaudeCode({
    prompt,
    allowedTools,
    cwd: project,
    home,
    baseUrl: gateway.url,
    egressProxyUrl: egress.url,
    timeoutMs: RUN_TIMEOUT_MS,
  });
}

/** Writes notes.txt and returns the one-step script that reads it and quotes it. */
function readNotesScript(reasoning: string) {
  const note = 'The release is called Amber Falcon.';
  writeFileSync(join(project, 'notes.txt'), `${note}\n`);
  const step: ToolLoopStep = {
    reasoning,
    call: { id: 'call_read_notes', name: 'Read', input: { file_path: join(project, 'notes.txt') } },
  };
  return {
    note,
    script: {
      mainModel: MAIN_MODEL,
      steps: [step],
      finalText: (output: string) => `The notes say: ${output}`,
    },
  };
}

function mainTurns(backend: ScriptedBackend, url: string): Record<string, unknown>[] {
  return backend.requests
    .filter((request) => request.url === url)
    .map((request) => request.body as Record<string, unknown>)
    .filter((body) => body.model === MAIN_MODEL && Array.isArray(body.tools) && body.tools.length > 0);
}

describe('Claude Code through a responses provider', () => {
  it(
    'reads a file through a strict Responses backend, which gets its encrypted reasoning back with the call',
    async () => {
      const backend: StrictResponsesBackend = await track(startStrictResponsesBackend());
      const gateway = await track(
        startGateway({
          providers: { codex: { url: backend.baseUrl, protocol: 'responses' } },
          routes: { default: chain(`codex/${MAIN_MODEL}`) },
        }),
      );
      const reasoning = 'The answer is in notes.txt; read it first.';
      const { note, script } = readNotesScript(reasoning);
      answerEveryRequest(backend, scriptResponsesToolLoop(script));

      const run = await runClaude(gateway, 'What does notes.txt say?', ['Read']);

      expect(backend.rejections).toEqual([]);
      const result = parseClaudeCodeResult(run);
      expect(result).toMatchObject({ is_error: false, subtype: 'success' });
      expect(result.result).toContain(note);
      const turns = mainTurns(backend, '/v1/responses');
      expect(turns).toHaveLength(2);
      const input = turns[1]!.input as Record<string, unknown>[];
      const callAt = input.findIndex((item) => item.type === 'function_call');
      expect(input[callAt - 1]).toMatchObject({ type: 'reasoning', encrypted_content: `enc:${reasoning}` });
      expect(input[callAt]).toMatchObject({ call_id: 'call_read_notes', name: 'Read' });
      expect(input[callAt + 1]).toMatchObject({
        type: 'function_call_output',
        call_id: 'call_read_notes',
        output: expect.stringContaining(note),
      });
      expect(egress.attempts).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('Claude Code through an anthropic provider', () => {
  it(
    'writes a file and runs it through an Anthropic-compatible backend that gets the route model',
    async () => {
      const backend = await track(startScriptedBackend());
      const gateway = await track(
        startGateway({
          providers: { ds: backend.baseUrl.replace(/\/v1$/, '/anthropic') },
          routes: { default: chain(`ds/${MAIN_MODEL}`) },
        }),
      );
      const script = '#!/bin/sh\necho "sum=$((19 + 23))"\n';
      answerEveryRequest(
        backend,
        scriptAnthropicToolLoop({
          mainModel: MAIN_MODEL,
          steps: [
            {
              reasoning: 'Write the script, then run it.',
              call: {
                id: 'toolu_write_sum',
                name: 'Write',
                input: { file_path: join(project, 'sum.sh'), content: script },
              },
            },
            {
              call: {
                id: 'toolu_run_sum',
                name: 'Bash',
                input: { command: 'sh sum.sh', description: 'Run sum.sh' },
              },
            },
          ],
          finalText: (output) => `The script printed: ${output.trim()}`,
        }),
      );

      const run = await runClaude(
        gateway,
        'Write sum.sh that prints a sum, run it and tell me what it printed.',
        ['Write', 'Bash'],
      );

      expect(parseClaudeCodeResult(run)).toMatchObject({
        is_error: false,
        result: 'The script printed: sum=42',
      });
      expect(readFileSync(join(project, 'sum.sh'), 'utf8')).toBe(script);
      const turns = mainTurns(backend, '/anthropic/v1/messages');
      expect(turns).toHaveLength(3);
      // Claude Code sends the backend's thinking block back unchanged; the proxy passes it on.
      expect(JSON.stringify(turns[1]!.messages)).toContain('"signature":"backend-signature"');
      expect(egress.attempts).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('Claude Code through a chain mixing protocols', () => {
  it(
    'falls back from a failing anthropic provider to a responses provider and completes the tool loop',
    async () => {
      const down = await track(startScriptedBackend());
      const responses: StrictResponsesBackend = await track(startStrictResponsesBackend());
      const gateway = await track(
        startGateway({
          providers: {
            ds: down.baseUrl.replace(/\/v1$/, '/anthropic'),
            codex: { url: responses.baseUrl, protocol: 'responses' },
          },
          routes: { default: chain(`ds/${MAIN_MODEL}`, `codex/${MAIN_MODEL}`) },
          retry: { attempts: 1 },
        }),
      );
      answerEveryRequest(down, () =>
        json(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
      );
      const { note, script } = readNotesScript('Read the notes.');
      answerEveryRequest(responses, scriptResponsesToolLoop(script));

      const run = await runClaude(gateway, 'What does notes.txt say?', ['Read']);

      expect(responses.rejections).toEqual([]);
      const result = parseClaudeCodeResult(run);
      expect(result).toMatchObject({ is_error: false, subtype: 'success' });
      expect(result.result).toContain(note);
      expect(down.requests.length).toBeGreaterThan(0);
      expect(mainTurns(responses, '/v1/responses')).toHaveLength(2);
      expect(egress.attempts).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
