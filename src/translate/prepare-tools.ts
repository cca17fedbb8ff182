import type { Dialect, ToolChoiceSupport } from '../dialects/dialect.js';
import type { AnthropicRequest, AnthropicTool } from '../wire/anthropic-request-schema.js';
import type { OpenAIFunctionTool, OpenAIToolChoice } from '../wire/openai.js';
import { assertNever } from './convert-user-content.js';
import type { ToolNameMap } from './create-tool-name-map.js';
import { knownJsonOf, rememberJson } from './known-json.js';
import { rememberToolList } from './remember-tool-lists.js';
import { stripSchemaKeywords } from './strip-schema-keywords.js';

export interface PreparedTools {
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
}

const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} } as const;

/** Input schemas of the client-executed tools Anthropic defines by `type` instead of by schema. */
const definedToolSchemas: ReadonlyArray<
  [prefix: string, description: string, schema: Record<string, unknown>]
> = [
  [
    'bash_',
    'Run a shell command. Set restart to true to restart the shell session.',
    {
      type: 'object',
      properties: { command: { type: 'string' }, restart: { type: 'boolean' } },
    },
  ],
  [
    'text_editor_',
    'View, create and edit files. Commands: view, create, str_replace, insert, undo_edit.',
    {
      type: 'object',
      properties: {
        command: { type: 'string', enum: ['view', 'create', 'str_replace', 'insert', 'undo_edit'] },
        path: { type: 'string' },
        file_text: { type: 'string' },
        old_str: { type: 'string' },
        new_str: { type: 'string' },
        insert_line: { type: 'integer' },
        view_range: { type: 'array', items: { type: 'integer' } },
      },
      required: ['command', 'path'],
    },
  ],
];

/** Tools the Anthropic API runs on its own servers; a Chat Completions backend cannot. */
const serverToolPrefixes = ['web_search_', 'web_fetch_', 'code_execution_', 'tool_search_tool_', 'mcp_'];

export interface PrepareToolsOptions {
  dialect: Pick<
    Dialect,
    | 'toolChoice'
    | 'unsupportedSchemaKeywords'
    | 'stringEnumsOnly'
    | 'singleSchemaTypes'
    | 'label'
    | 'toolNames'
  >;
  toolNames: ToolNameMap;
  warnings: string[];
}

/** Function tools and the tool choice, in the names and schema dialect the backend takes. */
export function prepareTools(
  request: Pick<AnthropicRequest, 'tools' | 'tool_choice'>,
  options: PrepareToolsOptions,
): PreparedTools {
  const { dialect, toolNames, warnings } = options;
  const list = convertToolList(request.tools ?? [], options);
  warnings.push(...list.warnings);
  const tools = list.tools;
  if (tools.length === 0) return {};

  const prepared: PreparedTools = { tools };
  const choice = request.tool_choice;
  if (!choice) return prepared;
  const support = dialect.toolChoice;
  switch (choice.type) {
    case 'auto':
      prepared.tool_choice = 'auto';
      break;
    case 'any':
      prepared.tool_choice = support === 'all' || support === 'required-with-one-tool' ? 'required' : 'auto';
      break;
    case 'tool':
      Object.assign(prepared, forceNamedTool(tools, toolNames.toBackend(choice.name), support));
      break;
    case 'none':
      // A backend that cannot be told "none" gets no tools at all, which means the same.
      if (support === 'auto-only') return {};
      prepared.tool_choice = 'none';
      return prepared;
    default:
      return assertNever(choice);
  }
  if (prepared.tool_choice === 'auto' && choice.type !== 'auto') {
    warnings.push(`sent tool_choice "${choice.type}" as "auto": ${dialect.label} cannot force a tool`);
  }
  if (choice.disable_parallel_tool_use) prepared.parallel_tool_calls = false;
  return prepared;
}

/**
 * A named tool in the form the backend obeys. Where a named function is not understood,
 * "required" over a list holding only that tool forces the same call. A name the request
 * does not declare keeps every tool, so the backend can still answer something sensible.
 */
function forceNamedTool(
  tools: OpenAIFunctionTool[],
  name: string,
  support: ToolChoiceSupport,
): Pick<PreparedTools, 'tools' | 'tool_choice'> {
  switch (support) {
    case 'all':
    case 'no-required':
      return { tool_choice: { type: 'function', function: { name } } };
    case 'required-with-one-tool': {
      const named = tools.filter((tool) => tool.function.name === name);
      return { tools: named.length > 0 ? named : tools, tool_choice: 'required' };
    }
    case 'auto-only':
      return { tool_choice: 'auto' };
    default:
      return assertNever(support);
  }
}

interface ConvertedToolList {
  tools: OpenAIFunctionTool[];
  warnings: string[];
}

/**
 * The client's tools in the backend's form. The result depends only on the list and the
 * dialect (tool names map by the dialect's rule alone, see create-tool-name-map.ts), so a
 * list seen before for the same dialect is reused with its JSON (remember-tool-lists.ts):
 * the frozen array goes into the body, and the body's serialisation takes its known text.
 */
function convertToolList(tools: readonly AnthropicTool[], options: PrepareToolsOptions): ConvertedToolList {
  const { dialect, toolNames } = options;
  const convert = (source: readonly AnthropicTool[]): ConvertedToolList => {
    const warnings: string[] = [];
    const converted: OpenAIFunctionTool[] = [];
    for (const tool of source) {
      const fn = convertTool(tool, warnings);
      if (!fn) continue;
      fn.function.name = toolNames.toBackend(fn.function.name);
      fn.function.parameters = stripSchemaKeywords(
        fn.function.parameters,
        dialect.unsupportedSchemaKeywords,
        {
          stringEnumsOnly: dialect.stringEnumsOnly,
          singleTypes: dialect.singleSchemaTypes,
        },
      );
      converted.push(fn);
    }
    return { tools: converted, warnings };
  };
  // Only a name map that follows the dialect's own rule makes the dialect a complete key.
  if (tools.length === 0 || toolNames.rule === undefined || toolNames.rule !== dialect.toolNames)
    return convert(tools);
  return rememberToolList(
    dialect,
    tools,
    (source) => {
      const list = convert(source);
      rememberJson(list.tools);
      return list;
    },
    (list) => knownJsonOf(list.tools)?.length ?? 0,
  );
}

function convertTool(tool: AnthropicTool, warnings: string[]): OpenAIFunctionTool | undefined {
  const type = tool.type;
  if (type === undefined || type === 'custom' || tool.input_schema !== undefined) {
    return functionTool(tool.name, tool.description, tool.input_schema ?? EMPTY_OBJECT_SCHEMA);
  }
  const defined = definedToolSchemas.find(([prefix]) => type.startsWith(prefix));
  if (defined) return functionTool(tool.name, tool.description ?? defined[1], defined[2]);
  const isServerTool = serverToolPrefixes.some((prefix) => type.startsWith(prefix));
  warnings.push(
    isServerTool
      ? `dropped server tool "${tool.name}" (${type}): only the Anthropic API can run it`
      : `dropped tool "${tool.name}" of unknown type ${type}`,
  );
  return undefined;
}

function functionTool(
  name: string,
  description: string | undefined,
  parameters: Record<string, unknown>,
): OpenAIFunctionTool {
  const fn: OpenAIFunctionTool['function'] = { name, parameters };
  if (description) fn.description = description;
  return { type: 'function', function: fn };
}
