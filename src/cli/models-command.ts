import type { Config } from '../config/config.js';
import { collectProviderModels } from '../models/collect-provider-models.js';
import { FACT_NAMES, type Fact, type FactName, type ModelFacts } from '../models/model-facts.js';
import { settleModelDiscovery, startModelDiscovery } from '../models/start-model-discovery.js';
import { createProviderRegistry } from '../providers/create-provider-registry.js';
import { NAME } from '../version.js';
import type { CliOutput } from './apply-cli-conventions.js';
import { loadConfigOrExplain } from './load-config-or-explain.js';
import { renderTable } from './render-table.js';

/** Backends get this long to publish their facts; one that takes longer is shown as unknown. */
const DISCOVERY_WAIT_MS = 5_000;

export interface ModelsCommandOptions {
  configPath?: string | undefined;
  json?: boolean;
  stdout: CliOutput;
  stderr: CliOutput;
}

interface ProviderReport {
  name: string;
  dialect: string;
  url: string;
  models: Array<{ model: string } & Record<FactName, Fact<number | boolean> | null>>;
}

const HEADINGS: Readonly<Record<FactName, string>> = {
  contextWindow: 'context',
  maxOutputTokens: 'output',
  vision: 'vision',
  tools: 'tools',
  reasoning: 'reasoning',
};

/**
 * `infiniproxy models`: per provider, each model the configuration names, with its context
 * window, output limit, vision, tools and reasoning, and where each fact came from: the
 * config file's model_info, the backend's own model list, or the built-in table.
 */
export async function runModels(options: ModelsCommandOptions): Promise<number> {
  const config = loadConfigOrExplain(options.configPath);
  if (!config) return 1;
  const providers = createProviderRegistry(config);
  try {
    startModelDiscovery(providers, config, (message) => options.stderr.write(`${NAME}: ${message}\n`));
    await settleModelDiscovery(providers, config, DISCOVERY_WAIT_MS);
    const reports: ProviderReport[] = providers.all.map((provider) => ({
      name: provider.name,
      dialect: provider.dialect.name,
      url: provider.config.backend.displayUrl,
      models: collectProviderModels(config, provider.name).map((model) =>
        describeFacts(model, provider.modelFacts.get(model)),
      ),
    }));
    options.stdout.write(
      options.json ? `${JSON.stringify({ providers: reports }, null, 2)}\n` : render(reports, config),
    );
    return 0;
  } finally {
    await providers.close();
  }
}

function describeFacts(model: string, facts: ModelFacts): ProviderReport['models'][number] {
  const entry: ProviderReport['models'][number] = {
    model,
    contextWindow: null,
    maxOutputTokens: null,
    vision: null,
    tools: null,
    reasoning: null,
  };
  for (const name of FACT_NAMES) entry[name] = facts[name] ?? null;
  return entry;
}

function render(reports: readonly ProviderReport[], config: Pick<Config, 'source'>): string {
  const sections = reports.map((report) => {
    const heading = `provider ${report.name} (${report.dialect}, ${report.url})`;
    if (report.models.length === 0) {
      const where = config.source.kind === 'env' ? 'set OPENAI_MODEL' : 'name one in routes or models';
      return `${heading}\n  no models named: ${where}`;
    }
    const rows = [
      ['model', ...FACT_NAMES.map((name) => HEADINGS[name])],
      ...report.models.map((entry) => [entry.model, ...FACT_NAMES.map((name) => renderFact(entry[name]))]),
    ];
    return `${heading}\n${renderTable(rows)}`;
  });
  const legend =
    'Sources: config = model_info in the config file, backend = what the backend publishes, ' +
    'built-in = the dialect\'s table; "?" = unknown.';
  return `${sections.join('\n\n')}\n\n${legend}\n`;
}

function renderFact(fact: Fact<number | boolean> | null): string {
  if (fact === null) return '?';
  const value = typeof fact.value === 'boolean' ? (fact.value ? 'yes' : 'no') : String(fact.value);
  return `${value} (${fact.source})`;
}
