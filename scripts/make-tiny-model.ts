/**
 * Writes a tiny random-weight model in GGUF that llama.cpp's llama-server loads and serves:
 * the Qwen2 architecture at toy size (64-wide, 2 layers, ~80 MB, 128K context), the real
 * Qwen2 tokenizer (read from the vocab file in the llama.cpp source) and the Qwen2.5
 * tool-use chat template. Its text is noise; what it exercises is real: the server's HTTP,
 * SSE framing, chat template, tool-call parsing, prompt cache and error bodies.
 *
 * Three output biases make the noise usable in tests: the end-of-turn token is likely, so
 * answers stay short; `<tool_call>` is likely, so tool calls happen without being forced;
 * `"` is likely, so JSON strings inside a call close quickly. Two wired-in successions do
 * the rest: `<tool_call>` is followed by a newline, which is what makes llama-server switch
 * to its tool-call grammar (before it, even a "required" call is free text), and
 * `</tool_call>` by the end of the turn. Weights come from a fixed seed, so the file is the
 * same on every machine.
 *
 *   usage: node --import tsx scripts/make-tiny-model.ts LLAMA_CPP_SOURCE_DIR OUT.gguf
 *
 * Node only, so the test set-up needs no Python packages.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const [source, out] = process.argv.slice(2);
if (!source || !out) {
  process.stderr.write('usage: make-tiny-model.ts LLAMA_CPP_SOURCE_DIR OUT.gguf\n');
  process.exit(2);
}

const SHAPE = { embd: 64, layers: 2, heads: 4, kvHeads: 2, ff: 192, context: 131_072 };
const BIAS = { endOfTurn: 2.5, toolCall: 2.0, quote: 2.5 };
const ALIGNMENT = 32;

/** GGUF value types, as numbered by the format. */
const T = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  str: 8,
  arr: 9,
  u64: 10,
  i64: 11,
  f64: 12,
};
const SCALAR_BYTES: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

type Value =
  | { type: number; value: number | bigint | boolean | string }
  | { type: typeof T.arr; itemType: number; items: Array<number | bigint | boolean | string> };

/** Reads the key-value section of a GGUF file (the vocab file has no tensors worth reading). */
function readGgufKeys(path: string): Map<string, Value> {
  const buffer = readFileSync(path);
  let at = 0;
  const u32 = () => {
    at += 4;
    return buffer.readUInt32LE(at - 4);
  };
  const u64 = () => {
    at += 8;
    return buffer.readBigUInt64LE(at - 8);
  };
  const str = () => {
    const length = Number(u64());
    at += length;
    return buffer.toString('utf8', at - length, at);
  };
  const scalar = (type: number): number | bigint | boolean | string => {
    const offset = at;
    if (type === T.str) return str();
    at += SCALAR_BYTES[type] ?? Number.NaN;
    switch (type) {
      case T.u8:
        return buffer.readUInt8(offset);
      case T.i8:
        return buffer.readInt8(offset);
      case T.u16:
        return buffer.readUInt16LE(offset);
      case T.i16:
        return buffer.readInt16LE(offset);
      case T.u32:
        return buffer.readUInt32LE(offset);
      case T.i32:
        return buffer.readInt32LE(offset);
      case T.f32:
        return buffer.readFloatLE(offset);
      case T.bool:
        return buffer.readUInt8(offset) !== 0;
      case T.u64:
        return buffer.readBigUInt64LE(offset);
      case T.i64:
        return buffer.readBigInt64LE(offset);
      case T.f64:
        return buffer.readDoubleLE(offset);
      default:
        throw new Error(`unknown GGUF value type ${type} in ${path}`);
    }
  };
  if (buffer.toString('latin1', 0, 4) !== 'GGUF') throw new Error(`${path} is not a GGUF file`);
  at = 4;
  const version = u32();
  if (version < 2) throw new Error(`${path}: GGUF version ${version} is too old`);
  u64(); // tensor count
  const keyCount = Number(u64());
  const keys = new Map<string, Value>();
  for (let index = 0; index < keyCount; index++) {
    const key = str();
    const type = u32();
    if (type === T.arr) {
      const itemType = u32();
      const count = Number(u64());
      const items = Array.from({ length: count }, () => scalar(itemType));
      keys.set(key, { type, itemType, items });
    } else keys.set(key, { type, value: scalar(type) });
  }
  return keys;
}

/** Collects the bytes of a GGUF file's header: keys, then tensor descriptions. */
class GgufHeader {
  private readonly parts: Buffer[] = [];
  private keyCount = 0;
  private readonly tensors: Array<{ name: string; dims: number[]; data: Float32Array }> = [];

  add(key: string, value: Value): void {
    this.keyCount++;
    this.parts.push(ggufString(key), u32(value.type));
    if ('items' in value) {
      this.parts.push(u32(value.itemType), u64(value.items.length));
      for (const item of value.items) this.parts.push(encodeScalar(value.itemType, item));
    } else this.parts.push(encodeScalar(value.type, value.value));
  }

  tensor(name: string, dims: number[], data: Float32Array): void {
    this.tensors.push({ name, dims, data });
  }

  write(path: string): void {
    const infos: Buffer[] = [];
    let offset = 0;
    for (const tensor of this.tensors) {
      // dims are ggml's `ne`: the fastest-moving dimension first.
      infos.push(ggufString(tensor.name), u32(tensor.dims.length));
      for (const dim of tensor.dims) infos.push(u64(dim));
      infos.push(u32(0 /* F32 */), u64(offset));
      offset = align(offset + tensor.data.byteLength);
    }
    const head = Buffer.concat([
      Buffer.from('GGUF', 'latin1'),
      u32(3),
      u64(this.tensors.length),
      u64(this.keyCount),
      ...this.parts,
      ...infos,
    ]);
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, head);
      writeSync(fd, Buffer.alloc(align(head.length) - head.length));
      for (const tensor of this.tensors) {
        const bytes = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
        writeSync(fd, bytes);
        writeSync(fd, Buffer.alloc(align(bytes.length) - bytes.length));
      }
    } finally {
      closeSync(fd);
    }
  }
}

function align(size: number): number {
  return Math.ceil(size / ALIGNMENT) * ALIGNMENT;
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

function u64(value: number | bigint): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(BigInt(value));
  return buffer;
}

function ggufString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([u64(bytes.length), bytes]);
}

function encodeScalar(type: number, value: number | bigint | boolean | string): Buffer {
  const buffer = Buffer.alloc(SCALAR_BYTES[type] ?? 0);
  switch (type) {
    case T.str:
      return ggufString(String(value));
    case T.u8:
    case T.bool:
      buffer.writeUInt8(Number(value));
      return buffer;
    case T.i8:
      buffer.writeInt8(Number(value));
      return buffer;
    case T.u16:
      buffer.writeUInt16LE(Number(value));
      return buffer;
    case T.i16:
      buffer.writeInt16LE(Number(value));
      return buffer;
    case T.u32:
      buffer.writeUInt32LE(Number(value));
      return buffer;
    case T.i32:
      buffer.writeInt32LE(Number(value));
      return buffer;
    case T.f32:
      buffer.writeFloatLE(Number(value));
      return buffer;
    case T.u64:
      buffer.writeBigUInt64LE(BigInt(value));
      return buffer;
    case T.i64:
      buffer.writeBigInt64LE(BigInt(value));
      return buffer;
    case T.f64:
      buffer.writeDoubleLE(Number(value));
      return buffer;
    default:
      throw new Error(`cannot write GGUF value type ${type}`);
  }
}

/** A small seeded generator (mulberry32), so every build writes the same weights. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = createRandom(20_260_101);
/** Small uniform noise: keeps activations tame through the two layers. */
function noise(count: number, scale = 0.03): Float32Array {
  const data = new Float32Array(count);
  for (let index = 0; index < count; index++) data[index] = (random() * 2 - 1) * scale;
  return data;
}
const ones = (count: number) => new Float32Array(count).fill(1);

const vocab = readGgufKeys(join(source, 'models/ggml-vocab-qwen2.gguf'));
const tokensValue = vocab.get('tokenizer.ggml.tokens');
if (!tokensValue || !('items' in tokensValue)) throw new Error('the vocab file has no token list');
const tokens = tokensValue.items.map(String);
// The vocab file predates Qwen2.5, which uses these two ids for its tool-call tags.
tokens[151_657] = '<tool_call>';
tokens[151_658] = '</tool_call>';
const idOf = (token: string): number => {
  const id = tokens.indexOf(token);
  if (id < 0) throw new Error(`token ${JSON.stringify(token)} is not in the vocab`);
  return id;
};
const END_OF_TURN = idOf('<|im_end|>');
const END_OF_TEXT = idOf('<|endoftext|>');

const NEWLINE = idOf('\u010a');
const TOOL_CALL = idOf('<tool_call>');
const TOOL_CALL_END = idOf('</tool_call>');
/**
 * Successions wired through reserved dimensions of the residual stream: only `after`'s
 * embedding writes its dimension, no layer writes it (those rows of the attention and FFN
 * outputs are zero), and only `next`'s output row reads it, strongly.
 */
const SUCCESSIONS = [
  { after: TOOL_CALL, next: NEWLINE },
  { after: TOOL_CALL_END, next: END_OF_TURN },
] as const;
const SUCCESSION_WEIGHT = 2;

const header = new GgufHeader();
const str = (value: string): Value => ({ type: T.str, value });
const num = (type: number, value: number): Value => ({ type, value });
header.add('general.architecture', str('qwen2'));
header.add('general.name', str('infiniproxy-tiny-qwen2'));
header.add('general.file_type', num(T.u32, 0));
header.add('qwen2.context_length', num(T.u32, SHAPE.context));
header.add('qwen2.embedding_length', num(T.u32, SHAPE.embd));
header.add('qwen2.block_count', num(T.u32, SHAPE.layers));
header.add('qwen2.feed_forward_length', num(T.u32, SHAPE.ff));
header.add('qwen2.attention.head_count', num(T.u32, SHAPE.heads));
header.add('qwen2.attention.head_count_kv', num(T.u32, SHAPE.kvHeads));
header.add('qwen2.rope.freq_base', num(T.f32, 1_000_000));
header.add('qwen2.attention.layer_norm_rms_epsilon', num(T.f32, 1e-6));
for (const [key, value] of vocab) {
  if (!key.startsWith('tokenizer.ggml.') || key.endsWith('_token_id')) continue;
  header.add(key, key === 'tokenizer.ggml.tokens' ? { type: T.arr, itemType: T.str, items: tokens } : value);
}
header.add('tokenizer.ggml.bos_token_id', num(T.u32, END_OF_TEXT));
header.add('tokenizer.ggml.eos_token_id', num(T.u32, END_OF_TURN));
header.add('tokenizer.ggml.padding_token_id', num(T.u32, END_OF_TEXT));
header.add('tokenizer.ggml.add_bos_token', { type: T.bool, value: false });
header.add(
  'tokenizer.chat_template',
  str(readFileSync(join(source, 'models/templates/Qwen-Qwen2.5-7B-Instruct.jinja'), 'utf8')),
);

const { embd, ff } = SHAPE;
const kv = (embd / SHAPE.heads) * SHAPE.kvHeads;
const outputBias = new Float32Array(tokens.length);
outputBias[END_OF_TURN] = BIAS.endOfTurn;
outputBias[TOOL_CALL] = BIAS.toolCall;
outputBias[idOf('"')] = BIAS.quote;

// Row r of a [embd, n] tensor is data[r * embd ... r * embd + embd - 1].
const embeddings = noise(embd * tokens.length);
const outputs = noise(embd * tokens.length);
for (let token = 0; token < tokens.length; token++) {
  for (let dim = 0; dim < SUCCESSIONS.length; dim++) {
    embeddings[token * embd + dim] = 0;
    outputs[token * embd + dim] = 0;
  }
}
SUCCESSIONS.forEach(({ after, next }, dim) => {
  embeddings[after * embd + dim] = 1;
  outputs[next * embd + dim] = SUCCESSION_WEIGHT;
});
/** A layer's output projection that leaves the reserved dimensions alone. */
function sparingReserved(rows: number, columns: number): Float32Array {
  // ggml [columns, rows]: output dimension r is row r.
  const data = noise(rows * columns);
  data.fill(0, 0, SUCCESSIONS.length * columns);
  return data;
}

header.tensor('token_embd.weight', [embd, tokens.length], embeddings);
header.tensor('output_norm.weight', [embd], ones(embd));
header.tensor('output.weight', [embd, tokens.length], outputs);
header.tensor('output.bias', [tokens.length], outputBias);
for (let layer = 0; layer < SHAPE.layers; layer++) {
  const name = (part: string) => `blk.${layer}.${part}`;
  header.tensor(name('attn_norm.weight'), [embd], ones(embd));
  header.tensor(name('attn_q.weight'), [embd, embd], noise(embd * embd));
  header.tensor(name('attn_q.bias'), [embd], noise(embd));
  header.tensor(name('attn_k.weight'), [embd, kv], noise(embd * kv));
  header.tensor(name('attn_k.bias'), [kv], noise(kv));
  header.tensor(name('attn_v.weight'), [embd, kv], noise(embd * kv));
  header.tensor(name('attn_v.bias'), [kv], noise(kv));
  header.tensor(name('attn_output.weight'), [embd, embd], sparingReserved(embd, embd));
  header.tensor(name('ffn_norm.weight'), [embd], ones(embd));
  header.tensor(name('ffn_gate.weight'), [embd, ff], noise(embd * ff));
  header.tensor(name('ffn_up.weight'), [embd, ff], noise(embd * ff));
  header.tensor(name('ffn_down.weight'), [ff, embd], sparingReserved(embd, ff));
}
header.write(out);
process.stdout.write(`wrote ${out}: ${tokens.length} tokens\n`);
