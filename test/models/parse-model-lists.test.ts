import { describe, expect, it } from 'vitest';
import { parseGroqModels } from '../../src/models/discovery/parse-groq-models.js';
import { parseLmStudioModels } from '../../src/models/discovery/parse-lmstudio-models.js';
import { parseMistralModels } from '../../src/models/discovery/parse-mistral-models.js';
import { parseOllamaShow } from '../../src/models/discovery/parse-ollama-show.js';
import { parseOpenAIModelList } from '../../src/models/discovery/parse-openai-model-list.js';
import { parseOpenRouterModels } from '../../src/models/discovery/parse-openrouter-models.js';
import type { PlainModelFacts } from '../../src/models/model-facts.js';
import { readJsonFixture } from '../helpers/load-fixture.js';

/** Unknown facts are absent keys in the expected files; the parsers leave them undefined. */
function known(facts: PlainModelFacts): PlainModelFacts {
  return JSON.parse(JSON.stringify(facts)) as PlainModelFacts;
}

function knownByModel(facts: Map<string, PlainModelFacts>): Record<string, PlainModelFacts> {
  return Object.fromEntries([...facts].map(([model, modelFacts]) => [model, known(modelFacts)]));
}

describe('model lists read into facts', () => {
  it.each([
    ['openrouter', parseOpenRouterModels],
    ['vllm', parseOpenAIModelList],
    ['lmstudio', parseLmStudioModels],
    ['mistral', parseMistralModels],
    ['groq', parseGroqModels],
  ] as const)('reads %s.models.json into the facts of %s.facts.json', (name, parse) => {
    const answer = readJsonFixture(`model-facts/${name}.models.json`);
    expect(knownByModel(parse(answer))).toEqual(readJsonFixture(`model-facts/${name}.facts.json`));
  });

  it.each(['ollama-qwen3', 'ollama-gemma3-num-ctx'])('reads %s.show.json into its facts', (name) => {
    const answer = readJsonFixture(`model-facts/${name}.show.json`);
    expect(known(parseOllamaShow(answer))).toEqual(readJsonFixture(`model-facts/${name}.facts.json`));
  });

  it('throws on a list answer without a data array, so the store can report it', () => {
    expect(() => parseOpenAIModelList({ models: [] })).toThrow(/"data" list/);
  });

  it('skips entries without an id and reads fields of the wrong type as unknown', () => {
    const facts = parseOpenRouterModels({
      data: [{ name: 'no id' }, { id: 'odd/model', context_length: '4096', supported_parameters: 'tools' }],
    });
    expect(knownByModel(facts)).toEqual({ 'odd/model': {} });
  });
});
