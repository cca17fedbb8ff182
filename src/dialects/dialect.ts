/**
 * A dialect describes one family of OpenAI-compatible backends as data: which fields the
 * backend takes and how it wants them. Translation reads these flags; it never checks a
 * backend's name.
 */
export interface Dialect {
  /** Stable identifier, as accepted by OPENAI_PROVIDER. */
  readonly name: string;
  /** Human-readable name for the start-up banner and logs. */
  readonly label: string;
  /** The body field that carries the output-token limit. */
  readonly tokenLimitField: 'max_tokens' | 'max_completion_tokens';
}
