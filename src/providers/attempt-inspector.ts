/**
 * What a protocol tells the inspector about one attempt, when the inspector is on. Every
 * call hands over something the protocol already holds (the bytes it sends, the text it read,
 * the bytes it received), so watching costs a function call and a reference, never a second
 * serialization. Absent when INSPECTOR=false.
 */
export interface AttemptInspector {
  /**
   * The exact body about to be sent to the backend, and its `tools` as built: a tool list
   * remembered from an earlier turn is kept once, for every body that holds it.
   */
  sent(body: string | Uint8Array, toolList?: unknown): void;
  /** A complete (non-streaming) answer's body. */
  answered(text: string): void;
  /** One piece of a streamed answer, as it arrived. */
  received(chunk: Uint8Array): void;
  /** The streamed body was read to its end, failed, or was let go. */
  ended(): void;
}
