import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerEveryRequest } from '../helpers/answer-every-request.js';
import { type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';
import { type StrictBackend, startStrictBackend } from '../helpers/start-strict-backend.js';
import { type ChatMessage, type ChatRequest, readChatRequest } from './read-chat-request.js';
import { parseClaudeCodeResult, readClaudeCodeVersion, runClaudeCode } from './run-claude-code.js';
import { scriptToolLoop, type ToolLoopStep } from './script-tool-loop.js';
import { type EgressTrap, startEgressTrap } from './start-egress-trap.js';

/**
 * The real Claude Code CLI, run headless through the proxy against a scripted
 * OpenAI-compatible backend that streams tool calls. Nothing leaves 127.0.0.1.
 */

const MAIN_MODEL = 'e2e-main-model';
const SMALL_MODEL = 'e2e-small-model';
/** A DeepSeek V4 name: its strict backend treats it as thinking unless told otherwise. */
const MAIN_MODEL_V4 = 'deepseek-v4-pro';
// A run takes one or two seconds; the limits only bound a hang.
const RUN_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 40_000;

let backend: ScriptedBackend;
let proxy: TestProxy;
let egress: EgressTrap;
let project: string;
let home: string;
let versionCheck: Promise<string> | undefined;

beforeEach(async () => {
  // Checked once, but in beforeEach so a broken binary fails each test with the reason instead of skipping it.
  versionCheck ??= readClaudeCodeVersion();
  await versionCheck;
  backend = await startScriptedBackend();
  proxy = await startProxy({
    OPENAI_BASE_URL: backend.baseUrl,
    OPENAI_MODEL: MAIN_MODEL,
    // Claude Code's haiku calls then reach the backend under a name of their own.
    SMALL_MODEL,
  });
  egress = await startEgressTrap();
  project = realpathSync(mkdtempSync(join(tmpdir(), 'infiniproxy-e2e-project-')));
  home = realpathSync(mkdtempSync(join(tmpdir(), 'infiniproxy-e2e-home-')));
  return async () => {
    await proxy.close();
    await backend.close();
    await egress.close();
    rmSync(project, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  };
});

function runClaude(prompt: string, allowedTools: readonly string[]) {
  return runClaudeCode({
    prompt,
    allowedTools,
    cwd: project,
    home,
    baseUrl: proxy.url,
    egressProxyUrl: egress.url,
    timeoutMs: RUN_TIMEOUT_MS,
  });
}

/** The backend requests that carried the agent's turns, leaving out background calls. */
function mainTurns(): ChatRequest[] {
  return backend.requests
    .map(readChatRequest)
    .filter((chat): chat is ChatRequest => chat?.model === MAIN_MODEL && (chat.tools?.length ?? 0) > 0);
}

/** The assistant message that made a tool call, the call with its input parsed, and the message after it. */
function toolExchange(messages: readonly ChatMessage[], callId: string) {
  const callAt = messages.findIndex((message) => message.tool_calls?.some((call) => call.id === callId));
  const call = messages[callAt]?.tool_calls?.find((candidate) => candidate.id === callId);
  return {
    assistant: messages[callAt],
    call: call && { name: call.function.name, input: JSON.parse(call.function.arguments) as unknown },
    next: messages[callAt + 1],
  };
}

describe('Claude Code through the proxy', () => {
  it(
    'writes a file, runs it with Bash and answers with its output when the backend streams each tool call',
    async () => {
      // The script prints a sum it computes, so "sum=42" can only come from really running it.
      const script = '#!/bin/sh\necho "sum=$((19 + 23))"\n';
      const write: ToolLoopStep = {
        call: {
          id: 'call_write_sum',
          name: 'Write',
          input: { file_path: join(project, 'sum.sh'), content: script },
        },
      };
      const bash: ToolLoopStep = {
        call: {
          id: 'call_run_sum',
          name: 'Bash',
          input: { command: 'sh sum.sh', description: 'Run sum.sh' },
        },
      };
      answerEveryRequest(
        backend,
        scriptToolLoop({
          mainModel: MAIN_MODEL,
          steps: [write, bash],
          finalText: (output) => `The script printed: ${output.trim()}`,
        }),
      );

      const run = await runClaude('Write sum.sh that prints a sum, run it and tell me what it printed.', [
        'Write',
        'Bash',
      ]);

      expect(parseClaudeCodeResult(run)).toMatchObject({
        is_error: false,
        subtype: 'success',
        result: 'The script printed: sum=42',
      });
      expect(run.exitCode).toBe(0);
      expect(readFileSync(join(project, 'sum.sh'), 'utf8')).toBe(script);

      const turns = mainTurns();
      expect(turns.map((turn) => turn.stream)).toEqual([true, true, true]);
      const afterWrite = turns[1]!.messages;
      expect(afterWrite.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_write_sum' });
      const final = turns[2]!.messages;
      expect(toolExchange(final, 'call_write_sum')).toMatchObject({
        assistant: { role: 'assistant' },
        call: { name: 'Write', input: write.call.input },
        next: {
          role: 'tool',
          tool_call_id: 'call_write_sum',
          content: expect.stringContaining(join(project, 'sum.sh')),
        },
      });
      expect(toolExchange(final, 'call_run_sum')).toMatchObject({
        assistant: { role: 'assistant' },
        call: { name: 'Bash', input: bash.call.input },
        next: { role: 'tool', tool_call_id: 'call_run_sum', content: expect.stringContaining('sum=42') },
      });
      expect(final.at(-1)).toBe(toolExchange(final, 'call_run_sum').next);
      expect(egress.attempts).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'completes a tool turn whose stream opens with reasoning_content deltas',
    async () => {
      const note = 'The release is called Amber Falcon.';
      writeFileSync(join(project, 'notes.txt'), `${note}\n`);
      const reasoning = 'The user asks about the notes, so I read notes.txt before answering.';
      answerEveryRequest(
        backend,
        scriptToolLoop({
          mainModel: MAIN_MODEL,
          steps: [
            {
              reasoning,
              call: { id: 'call_read_notes', name: 'Read', input: { file_path: join(project, 'notes.txt') } },
            },
          ],
          finalText: (output) => `The notes say: ${output}`,
        }),
      );

      const run = await runClaude('What does notes.txt say?', ['Read']);

      const result = parseClaudeCodeResult(run);
      expect(result).toMatchObject({ is_error: false, subtype: 'success' });
      expect(result.result).toContain(note);
      expect(run.exitCode).toBe(0);

      const turns = mainTurns();
      expect(turns).toHaveLength(2);
      const exchange = toolExchange(turns[1]!.messages, 'call_read_notes');
      expect(exchange).toMatchObject({
        call: { name: 'Read', input: { file_path: join(project, 'notes.txt') } },
        next: { role: 'tool', tool_call_id: 'call_read_notes', content: expect.stringContaining(note) },
      });
      // Reasoning belongs in a thinking block; it must not come back to the backend as answer text.
      expect(JSON.stringify(exchange.assistant?.content ?? null)).not.toContain(reasoning);
      expect(egress.attempts).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('Claude Code through the proxy to a DeepSeek thinking model', () => {
  it(
    'gives DeepSeek its reasoning_content back in the tool loop, which its strict backend demands',
    async () => {
      // The default pair is swapped for a strict DeepSeek backend; the teardown closes whatever is current.
      await proxy.close();
      await backend.close();
      const strict: StrictBackend = await startStrictBackend('deepseek');
      backend = strict;
      proxy = await startProxy({
        OPENAI_BASE_URL: strict.baseUrl,
        OPENAI_PROVIDER: 'deepseek',
        OPENAI_MODEL: MAIN_MODEL_V4,
        SMALL_MODEL,
      });

      const note = 'The deploy window is Tuesday 14:00 UTC.';
      writeFileSync(join(project, 'deploy.txt'), `${note}\n`);
      const reasoning = 'The answer is in deploy.txt; read it first.';
      answerEveryRequest(
        strict,
        scriptToolLoop({
          mainModel: MAIN_MODEL_V4,
          steps: [
            {
              reasoning,
              call: {
                id: 'call_read_deploy',
                name: 'Read',
                input: { file_path: join(project, 'deploy.txt') },
              },
            },
          ],
          finalText: (output) => `Deploy notes: ${output}`,
        }),
      );

      const run = await runClaude('When is the deploy window? It is in deploy.txt.', ['Read']);

      expect(strict.rejections).toEqual([]);
      const result = parseClaudeCodeResult(run);
      expect(result).toMatchObject({ is_error: false, subtype: 'success' });
      expect(result.result).toContain(note);
      const turns = strict.requests
        .map(readChatRequest)
        .filter(
          (chat): chat is ChatRequest => chat?.model === MAIN_MODEL_V4 && (chat.tools?.length ?? 0) > 0,
        );
      expect(turns).toHaveLength(2);
      expect(toolExchange(turns[1]!.messages, 'call_read_deploy').assistant).toMatchObject({
        role: 'assistant',
        reasoning_content: reasoning,
      });
      expect(egress.attempts).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
