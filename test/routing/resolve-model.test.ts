import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/errors.js';
import { isClaudeModel, type ModelMapping, resolveModel } from '../../src/routing/resolve-model.js';

const allFamilies: ModelMapping = {
  model: 'default-model',
  familyModels: { opus: 'big-model', sonnet: 'middle-model', haiku: 'small-model' },
};
const defaultOnly: ModelMapping = {
  model: 'default-model',
  familyModels: { opus: undefined, sonnet: undefined, haiku: undefined },
};
const smallOnly: ModelMapping = {
  model: undefined,
  familyModels: { opus: undefined, sonnet: undefined, haiku: 'small-model' },
};

describe('resolveModel', () => {
  it.each([
    ['claude-opus-4-8', 'big-model'],
    ['claude-opus-4-5-20251101', 'big-model'],
    ['claude-sonnet-4-5', 'middle-model'],
    ['claude-3-5-sonnet-20241022', 'middle-model'],
    ['claude-haiku-4-5-20251001', 'small-model'],
    ['claude-3-5-haiku-latest', 'small-model'],
    ['Claude-Haiku-4-5', 'small-model'],
    ['haiku', 'small-model'],
    ['opus', 'big-model'],
    ['claude-mythos-5', 'default-model'],
    ['claude-fable-5-2', 'default-model'],
    ['claude-2.1', 'default-model'],
    ['deepseek-chat', 'deepseek-chat'],
    ['anthropic/claude-sonnet-4.5', 'anthropic/claude-sonnet-4.5'],
    ['qwen3-coder-plus', 'qwen3-coder-plus'],
    ['my-sonnet-finetune', 'my-sonnet-finetune'],
  ])('maps %s to %s when every family is configured', (clientModel, backendModel) => {
    expect(resolveModel(allFamilies, clientModel)).toEqual({ clientModel, backendModel });
  });

  it.each([
    ['claude-opus-4-8', 'default-model'],
    ['claude-haiku-4-5', 'default-model'],
    ['deepseek-reasoner', 'deepseek-reasoner'],
  ])('maps %s to %s when only OPENAI_MODEL is set', (clientModel, backendModel) => {
    expect(resolveModel(defaultOnly, clientModel).backendModel).toBe(backendModel);
  });

  it('maps a haiku name to SMALL_MODEL when OPENAI_MODEL is unset', () => {
    expect(resolveModel(smallOnly, 'claude-haiku-4-5').backendModel).toBe('small-model');
  });

  it('names OPENAI_MODEL and BIG_MODEL in the error when an opus name has no backend model', () => {
    expect(() => resolveModel(smallOnly, 'claude-opus-4-8')).toThrow(InvalidRequestError);
    expect(() => resolveModel(smallOnly, 'claude-opus-4-8')).toThrow(
      'No backend model is configured for "claude-opus-4-8": set OPENAI_MODEL (or BIG_MODEL for opus models)',
    );
  });

  it('names only OPENAI_MODEL in the error when a Claude name has no family', () => {
    expect(() => resolveModel(smallOnly, 'claude-mythos-5')).toThrow(
      'No backend model is configured for "claude-mythos-5": set OPENAI_MODEL to a model your backend serves',
    );
  });

  it('passes a non-Claude name through when nothing is configured', () => {
    expect(resolveModel(smallOnly, 'llama3.2').backendModel).toBe('llama3.2');
  });
});

describe('isClaudeModel', () => {
  it.each([
    ['claude-opus-4-8', true],
    ['claude', true],
    ['sonnet', true],
    ['claudette-7b', false],
    ['anthropic/claude-opus-4', false],
    ['gpt-4o', false],
  ])('classifies %s as a Claude name: %s', (model, expected) => {
    expect(isClaudeModel(model)).toBe(expected);
  });
});
