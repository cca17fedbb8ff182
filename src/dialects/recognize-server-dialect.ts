import { DIALECT_NAMES, dialectsByName } from './all-dialects.js';
import type { DialectName } from './dialect.js';

/** What a backend said about itself when asked at start-up (or by the doctor). */
export interface ServerFacts {
  /** `owned_by` values of its GET /models entries. */
  modelOwners: readonly string[];
  /** The signature paths (see DialectDetection.signature) it answered as only its server does. */
  signaturePaths: readonly string[];
}

export interface ServerRecognition {
  dialect: DialectName;
  /** What gave it away, for the log line and the doctor: `owned_by "llamacpp"`, `GET /props`. */
  evidence: string;
}

/**
 * The dialect whose server software the facts name, if any: an `owned_by` value a dialect
 * lists, else a signature path that answered. Undefined when nothing is conclusive.
 */
export function recognizeServerDialect(facts: ServerFacts): ServerRecognition | undefined {
  const owners = new Set(facts.modelOwners.map((owner) => owner.toLowerCase()));
  for (const name of DIALECT_NAMES) {
    const owner = dialectsByName[name].detect.modelOwners?.find((candidate) => owners.has(candidate));
    if (owner) return { dialect: name, evidence: `owned_by "${owner}" in GET /models` };
  }
  for (const name of DIALECT_NAMES) {
    const path = dialectsByName[name].detect.signature?.path;
    if (path && facts.signaturePaths.includes(path)) return { dialect: name, evidence: `GET ${path}` };
  }
  return undefined;
}

/** Every signature worth asking for: the path and the key its JSON answer must hold. */
export function serverSignatures(): { path: string; key: string }[] {
  return DIALECT_NAMES.flatMap((name) => {
    const signature = dialectsByName[name].detect.signature;
    return signature ? [signature] : [];
  });
}
