export interface CurlSource {
  url: string;
  /** How the provider is sent its key: Bearer, or x-api-key (Anthropic-compatible endpoints). */
  auth: 'bearer' | 'x-api-key';
  /** The provider's extra headers (config `headers:`), which may hold keys of their own. */
  headers: Readonly<Record<string, string>>;
  body: string;
  redact: (text: string) => string;
}

/** Header names that carry credentials; their values become shell variables, never text. */
const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie|password/i;

/**
 * The backend request as a curl command a user can paste into a shell: the key is
 * `$OPENAI_API_KEY`, any credential in the provider's extra headers a variable named after
 * the header, and the body goes through a quoted heredoc so the shell expands nothing in it.
 */
export function renderCurl(source: CurlSource): string {
  const lines = [
    `curl ${quote(source.url)}`,
    `  -H 'content-type: application/json'`,
    source.auth === 'x-api-key'
      ? `  -H "x-api-key: $OPENAI_API_KEY"`
      : `  -H "authorization: Bearer $OPENAI_API_KEY"`,
  ];
  for (const [name, value] of Object.entries(source.headers)) {
    if (name.toLowerCase() === 'authorization') continue;
    lines.push(
      SECRET_HEADER.test(name)
        ? `  -H "${name}: $${variableName(name)}"`
        : `  -H ${quote(`${name}: ${source.redact(value)}`)}`,
    );
  }
  lines.push(`  --data-binary @- <<'JSON'`);
  return `${lines.join(' \\\n')}\n${source.body}\nJSON\n`;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function variableName(header: string): string {
  return header.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
