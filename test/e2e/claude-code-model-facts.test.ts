import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerEveryRequest } from '../helpers/answer-every-request.js';
import { buildChunkStream, type ChunkStreamPart } from '../helpers/build-chunk-stream.js';
import {
  json,
  type RecordedRequest,
  type Reply,
  type ScriptedBackend,
  sse,
  startScriptedBackend,
} from '../helpers/scripted-backend.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { type ChatRequest, readChatRequest } from './read-chat-request.js';
import { CLAUDE_CODE_BIN, parseClaudeCodeResult, readClaudeCodeVersion } from './run-claude-code.js';
import { type EgressTrap, startEgressTrap } from './start-egress-trap.js';

/**
 * The real Claude Code CLI started by `infiniproxy code` against a scripted vLLM server whose
 * model has a 120,000-token window, published as max_model_len. `code` tells Claude Code the
 * window (CLAUDE_CODE_AUTO_COMPACT_WINDOW) and the backend model's name; Claude Code then
 * compacts by itself once an answer reports more input than the window leaves room for,
 * where it would otherwise have gone on as if it had a Claude model's 200K.
 */

const MODEL = 'e2e-window-model';
const WINDOW = 120_000;
/** Over 120,000 − min(output, 20,000) − 13,000, where Claude Code 2.1.197 compacts. */
const LARGE_INPUT = 100_000;
const RUN_TIMEOUT_MS = 60_000;
const TOOL_ROUNDS = 3;
const PASTED_NOTES = 'Notes on the build: every module compiles on its own and the tests pass. '.repeat(
  3_000,
);
const TEST_TIMEOUT_MS = 90_000;

let backend: ScriptedBackend;
let egress: EgressTrap;
let project: string;
let home: string;
let versionCheck: Promise<string> | undefined;

beforeEach(async () => {
  versionCheck ??= readClaudeCodeVersion();
  await versionCheck;
  backend = await startScriptedBackend();
  egress = await startEgressTrap();
  project = realpathSync(mkdtempSync(join(tmpdir(), 'infiniproxy-e2e-project-')));
  home = realpathSync(mkdtempSync(join(tmpdir(), 'infiniproxy-e2e-home-')));
  return async () => {
    await backend.close();
    await egress.close();
    rmSync(project, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  };
});

/** `infiniproxy code <claude args>` with nothing inherited but PATH, which finds the pinned claude first. */
async function runThroughCode(
  claudeArgs: readonly string[],
  input = '',
  extraEnv: Record<string, string> = {},
) {
  const run = spawnCli(['code', ...claudeArgs], {
    cwd: project,
    env: {
      PATH: `${dirname(CLAUDE_CODE_BIN)}:${process.env.PATH}`,
      HOME: home,
      OPENAI_BASE_URL: backend.baseUrl,
      OPENAI_PROVIDER: 'vllm',
      OPENAI_MODEL: MODEL,
      PROXY_PORT: '0',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_MAX_RETRIES: '0',
      HTTPS_PROXY: egress.url,
      HTTP_PROXY: egress.url,
      NO_PROXY: '127.0.0.1,localhost',
      ...extraEnv,
    },
  });
  // `code` hands its stdin to claude, which reads a -p prompt from there.
  run.child.stdin.end(input);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  try {
    const exitCode = await run.exited;
    return { exitCode, timedOut: false, stdout: run.stdout(), stderr: run.stderr() };
  } finally {
    clearTimeout(timer);
  }
}

/** vLLM's model list: the window is all it publishes. */
function modelList(): Reply {
  return json(200, {
    object: 'list',
    data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'vllm', root: MODEL, max_model_len: WINDOW }],
  });
}

function lastUserText(chat: ChatRequest): string {
  const last = chat.messages.findLast((message) => message.role === 'user');
  return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '');
}

/** Claude Code's compaction asks the model for a summary of the conversation so far. */
function isSummaryRequest(chat: ChatRequest): boolean {
  return /summary/i.test(lastUserText(chat));
}

function chatRequests(): ChatRequest[] {
  return backend.requests.map(readChatRequest).filter((chat): chat is ChatRequest => chat !== undefined);
}

function stream(parts: ChunkStreamPart[], promptTokens = 1_000): Reply {
  return sse(
    buildChunkStream(parts, {
      usage: { prompt_tokens: promptTokens, completion_tokens: 20, total_tokens: promptTokens + 20 },
    }),
  );
}

describe('Claude Code started by infiniproxy code', () => {
  it(
    'compacts the conversation once an answer reports more input than the published window leaves room for',
    async () => {
      let toolCalls = 0;
      answerEveryRequest(backend, (request: RecordedRequest) => {
        if (request.method === 'GET' && request.url === '/v1/models') return modelList();
        const chat = readChatRequest(request);
        if (!chat) return json(404, { error: { message: `no route for ${request.url}` } });
        if (isSummaryRequest(chat))
          return stream([{ text: 'Summary: the user asked to list files; ls ran.' }]);
        if ((chat.tools?.length ?? 0) === 0 || !lastUserText(chat).includes('List the files'))
          return stream([{ text: 'Background answer' }]);
        // Three rounds of tool calls give compaction older rounds to summarise; the answer that makes
        // the third reports the conversation as large as it has become.
        if (toolCalls < TOOL_ROUNDS) {
          toolCalls++;
          const call = { command: `ls -a #${toolCalls}`, description: 'List files' };
          return stream(
            [{ toolCall: { id: `call_ls_${toolCalls}`, name: 'Bash', arguments: JSON.stringify(call) } }],
            toolCalls === TOOL_ROUNDS ? LARGE_INPUT : 80_000,
          );
        }
        return stream([{ text: 'Done listing.' }]);
      });

      // About 55,000 tokens of task, so the reported input is the conversation's own, not a fixed prefix
      // compaction could not shrink; too long for one command-line argument, so it goes in on stdin.
      const task = `${PASTED_NOTES}\nList the files here.`;
      const run = await runThroughCode(['-p', '--output-format', 'json', '--allowedTools', 'Bash'], task);

      const chats = chatRequests();
      const describe = () =>
        chats
          .map(
            (chat) => `${chat.model} tools=${chat.tools?.length ?? 0}: ${lastUserText(chat).slice(0, 120)}`,
          )
          .join('\n');
      expect(parseClaudeCodeResult(run), describe()).toMatchObject({ is_error: false });
      expect(chats.some(isSummaryRequest), describe()).toBe(true);
      expect(egress.attempts).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'hands Claude Code the backend model names and the published window, as its Bash tool sees them',
    async () => {
      const variables = [
        'ANTHROPIC_DEFAULT_OPUS_MODEL',
        'ANTHROPIC_DEFAULT_OPUS_MODEL_NAME',
        'ANTHROPIC_DEFAULT_HAIKU_MODEL_NAME',
        'CLAUDE_CODE_AUTO_COMPACT_WINDOW',
        'CLAUDE_CODE_MAX_OUTPUT_TOKENS',
      ];
      const command = variables.map((name) => `echo ${name}=$${name}`).join('; ');
      let printed: string | undefined;
      answerEveryRequest(backend, (request: RecordedRequest) => {
        if (request.method === 'GET' && request.url === '/v1/models') return modelList();
        const chat = readChatRequest(request);
        if (!chat) return json(404, { error: { message: `no route for ${request.url}` } });
        if (chat.model !== MODEL || (chat.tools?.length ?? 0) === 0)
          return stream([{ text: 'Background answer' }]);
        const result = chat.messages.find((message) => message.role === 'tool');
        if (!result) {
          return stream([
            {
              toolCall: {
                id: 'call_env',
                name: 'Bash',
                arguments: JSON.stringify({ command, description: 'Print variables' }),
              },
            },
          ]);
        }
        printed = typeof result.content === 'string' ? result.content : JSON.stringify(result.content);
        return stream([{ text: 'Printed.' }]);
      });

      const run = await runThroughCode(
        ['-p', 'Print the model variables.', '--output-format', 'json', '--allowedTools', 'Bash'],
        '',
        { SMALL_MODEL: 'e2e-small-model', MAX_OUTPUT_TOKENS: '8192' },
      );

      expect(parseClaudeCodeResult(run)).toMatchObject({ is_error: false, result: 'Printed.' });
      expect(printed).toContain('ANTHROPIC_DEFAULT_OPUS_MODEL=claude-opus-4-8');
      expect(printed).toContain(`ANTHROPIC_DEFAULT_OPUS_MODEL_NAME=${MODEL}`);
      expect(printed).toContain('ANTHROPIC_DEFAULT_HAIKU_MODEL_NAME=e2e-small-model');
      expect(printed).toContain(`CLAUDE_CODE_AUTO_COMPACT_WINDOW=${WINDOW}`);
      // The operator's MAX_OUTPUT_TOKENS caps what the model would otherwise allow.
      expect(printed).toContain('CLAUDE_CODE_MAX_OUTPUT_TOKENS=8192');
      // The Claude id stays on the wire: the main turns still reached the opus route's backend model.
      expect(chatRequests().some((chat) => chat.model === MODEL)).toBe(true);
      expect(egress.attempts).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
