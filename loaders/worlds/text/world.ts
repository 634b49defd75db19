/**
 * The text world: vocabulary, fact table, prompts (split into training and held-out), and the
 * demonstration corpus, all from one seed with no downloads. Sequences for a language model are
 * laid out in a fixed window of `context` tokens:
 *   [<pad> ... <pad> <bos> prompt <sep>] [response <eos> <pad> ...]
 *    \______ promptWidth, left-padded _/  \____ responseWidth ____/
 * so every response starts at the same position and a batch needs no ragged shapes.
 */
import {deriveSeed, Rng} from "../../random.ts";
import {demonstrate} from "./corpus.ts";
import type {CorpusOptions, Demonstration} from "./corpus.ts";
import {buildFacts} from "./facts.ts";
import type {Fact} from "./facts.ts";
import {buildPrompts} from "./prompts.ts";
import type {Prompt} from "./prompts.ts";
import {decode, encode} from "./tokenizer.ts";
import {BOS, EOS, PAD, SEP, buildVocabulary} from "./vocabulary.ts";
import type {Vocabulary} from "./vocabulary.ts";

export interface TextWorldOptions extends CorpusOptions {
  /** topics drawn from the library of 12 (default 10) */
  readonly topics: number;
  /** share of prompts held out from the corpus, for evaluation (default 0.2) */
  readonly heldout: number;
  /** tokens in a prompt + response window (default 32) */
  readonly context: number;
}

export const textWorldDefaults: TextWorldOptions = {topics: 10, heldout: 0.2, context: 32, demonstrations: 3000, max_sentences: 4, drift: 0.15, repetition: 0.1, wrong: 0.15};

export interface TextLayout {
  /** tokens per sequence */
  readonly context: number;
  /** tokens of the left-padded prompt part, <bos> and <sep> included */
  readonly promptWidth: number;
  /** tokens of the response part (context - promptWidth), <eos> included */
  readonly responseWidth: number;
}

export interface TextWorld {
  readonly seed: number;
  readonly options: TextWorldOptions;
  readonly vocabulary: Vocabulary;
  readonly facts: readonly Fact[];
  readonly prompts: readonly Prompt[];
  /** prompt indices of the corpus's prompts */
  readonly train: Int32Array;
  /** prompt indices kept out of the corpus */
  readonly heldout: Int32Array;
  readonly demonstrations: readonly Demonstration[];
  readonly layout: TextLayout;
}

/** A batch of n responses of width `width` (row-major token ids, <eos> then <pad> after the end), each to a prompt of the world. */
export interface TextResponses {
  /** prompt index (in the world's list) of each response [n] */
  readonly prompts: Int32Array;
  /** token ids [n * width] */
  readonly tokens: Int32Array;
  readonly width: number;
}

export function generateTextWorld(seed: number, options: Partial<TextWorldOptions> = {}): TextWorld {
  const o: TextWorldOptions = {...textWorldDefaults, ...options};
  if (!(o.heldout > 0 && o.heldout < 1)) throw new Error(`invalid heldout: ${o.heldout} (expected a share in (0, 1))`);
  const vocabulary = buildVocabulary(deriveSeed(seed, "vocabulary"), {topics: o.topics});
  const facts = buildFacts(vocabulary, deriveSeed(seed, "facts"));
  const prompts = buildPrompts(vocabulary, facts);

  const order = Int32Array.from(prompts, (p) => p.index);
  new Rng(deriveSeed(seed, "split")).shuffle(order);
  const cut = Math.round(prompts.length * o.heldout);
  const heldout = order.slice(0, cut).sort();
  const train = order.slice(cut).sort();

  const promptWidth = 2 + Math.max(...prompts.map((p) => encode(vocabulary, p.text).length));
  const layout = {context: o.context, promptWidth, responseWidth: o.context - promptWidth};
  if (layout.responseWidth < 4) throw new Error(`invalid context: ${o.context} (expected at least ${promptWidth + 4}: prompts take ${promptWidth} tokens)`);

  const world = {seed, options: o, vocabulary, facts, prompts, train, heldout, demonstrations: [], layout};
  return {...world, demonstrations: writeDemonstrations(world, train, o.demonstrations, deriveSeed(seed, "corpus"))};
}

/** n demonstrations for prompts drawn uniformly from `prompts` (world indices): the corpus uses the training prompts; held-out prompts give held-out demonstrations. */
export function writeDemonstrations(world: TextWorld, prompts: Int32Array, n: number, seed: number): Demonstration[] {
  const rng = new Rng(seed);
  return Array.from({length: n}, () => demonstrate(world.prompts[prompts[rng.int(prompts.length)]], world.vocabulary.topics, rng, world.options, world.layout.responseWidth - 1));
}

/** The prompt part of a sequence: [<pad> ... <bos> prompt <sep>], promptWidth ids. */
export function promptTokens(world: TextWorld, prompt: number): Int32Array {
  const ids = encode(world.vocabulary, world.prompts[prompt].text);
  const out = new Int32Array(world.layout.promptWidth).fill(PAD);
  out.set([BOS, ...ids, SEP], out.length - ids.length - 2);
  return out;
}

/** The response part of a sequence: [response <eos> <pad> ...], responseWidth ids (cut without <eos> when too long). */
export function responseTokens(world: TextWorld, text: string): Int32Array {
  const ids = encode(world.vocabulary, text);
  const out = new Int32Array(world.layout.responseWidth).fill(PAD);
  out.set(ids.subarray(0, out.length));
  if (ids.length < out.length) out[ids.length] = EOS;
  return out;
}

/** The ids of response i before its <eos> (all of them when it has none). */
export function responseIds(responses: TextResponses, i: number): Int32Array {
  const row = responses.tokens.subarray(i * responses.width, (i + 1) * responses.width);
  const end = row.indexOf(EOS);
  return end < 0 ? row : row.subarray(0, end);
}

/** The text of response i (special tokens dropped). */
export function responseText(world: TextWorld, responses: TextResponses, i: number): string {
  return decode(world.vocabulary, responseIds(responses, i));
}

/** Whether response i ended with <eos> inside its window. */
export function responseEnded(responses: TextResponses, i: number): boolean {
  return responses.tokens.subarray(i * responses.width, (i + 1) * responses.width).includes(EOS);
}

/** The corpus as responses: demonstration d is row d. */
export function demonstrationResponses(world: TextWorld, demonstrations: readonly Demonstration[] = world.demonstrations): TextResponses {
  const R = world.layout.responseWidth;
  const tokens = new Int32Array(demonstrations.length * R);
  demonstrations.forEach((d, i) => tokens.set(responseTokens(world, d.text), i * R));
  return {prompts: Int32Array.from(demonstrations, (d) => d.prompt), tokens, width: R};
}
