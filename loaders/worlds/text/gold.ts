/**
 * The gold judge of the text world: it stands in for human preference, and proxies see it only
 * through labelled pairs (or not at all, for white-box rewards). A pure function of (prompt,
 * response tokens). With w = words of the response (tokens that are not punctuation), the terms:
 *   relevance       on-topic share: words of the prompt's topic / topical words (0 with none);
 *   informativeness 1 - exp(-d / info_scale), d = distinct words of the prompt's topic that the
 *                   prompt does not already contain: saturates, so listing more words pays less;
 *   length          min(n / peak, 1) - max(n - peak, 0) / peak over all n tokens: rises to 1 at
 *                   the peak (length_peak open-ended, answer_peak closed-ended), then falls as the
 *                   response rambles; a response that never ends (no <eos> in its window) loses
 *                   unended_penalty more;
 *   repetition      1 - distinct words / words (0 with no words);
 *   copying         share of the response's token trigrams that occur in the prompt;
 *   correctness     closed-ended only: +1 when the answer word appears and no other value of the
 *                   relation does, -1 when only wrong values appear, -0.5 when both do, 0 when none.
 * gold = w_relevance relevance + w_info informativeness + w_length length - w_repetition repetition
 *        - w_copy copying + w_correct correctness - unended_penalty [not ended].
 */
import type {Prompt} from "./prompts.ts";
import {encode} from "./tokenizer.ts";
import {punctuation, specialTokens} from "./vocabulary.ts";
import type {Vocabulary} from "./vocabulary.ts";
import {responseEnded, responseIds} from "./world.ts";
import type {TextResponses, TextWorld} from "./world.ts";

export interface GoldOptions {
  /** weight of relevance (default 1) */
  readonly w_relevance: number;
  /** weight of informativeness (default 1) */
  readonly w_info: number;
  /** distinct on-topic words at which informativeness reaches 1 - 1/e (default 4) */
  readonly info_scale: number;
  /** weight of the length term (default 0.5) */
  readonly w_length: number;
  /** preferred tokens of an open-ended response (default 12) */
  readonly length_peak: number;
  /** preferred tokens of an answer to a closed-ended prompt (default 6) */
  readonly answer_peak: number;
  /** weight of repetition (default 1.5) */
  readonly w_repetition: number;
  /** weight of copying the prompt (default 1) */
  readonly w_copy: number;
  /** weight of correctness on closed-ended prompts (default 2) */
  readonly w_correct: number;
  /** subtracted when the response never ends inside its window (default 0.5) */
  readonly unended_penalty: number;
}

export const goldDefaults: GoldOptions = {w_relevance: 1, w_info: 1, info_scale: 4, w_length: 0.5, length_peak: 12, answer_peak: 6, w_repetition: 1.5, w_copy: 1, w_correct: 2, unended_penalty: 0.5};

export interface GoldTerms {
  readonly relevance: number;
  readonly informativeness: number;
  readonly length: number;
  readonly repetition: number;
  readonly copying: number;
  /** null for open-ended prompts */
  readonly correctness: number | null;
  readonly ended: boolean;
  readonly gold: number;
}

const trigrams = (ids: ArrayLike<number>): string[] => Array.from({length: Math.max(ids.length - 2, 0)}, (_, i) => `${ids[i]} ${ids[i + 1]} ${ids[i + 2]}`);

/** The gold terms of response `ids` (no special tokens) to `prompt`; `ended` says whether it ended with <eos>. */
export function goldTerms(vocabulary: Vocabulary, prompt: Prompt, ids: ArrayLike<number>, ended: boolean, options: Partial<GoldOptions> = {}): GoldTerms {
  const o = {...goldDefaults, ...options};
  const firstWord = specialTokens.length + punctuation.length;
  const words = Array.from(ids).filter((id) => id >= firstWord);
  const promptIds = encode(vocabulary, prompt.text);
  const inPrompt = new Set(promptIds);

  const topical = words.filter((id) => vocabulary.topicOf[id] >= 0);
  const onTopic = topical.filter((id) => vocabulary.topicOf[id] === prompt.topic);
  const relevance = topical.length === 0 ? 0 : onTopic.length / topical.length;
  const informativeness = 1 - Math.exp(-new Set(onTopic.filter((id) => !inPrompt.has(id))).size / o.info_scale);

  const n = ids.length;
  const peak = prompt.kind === "closed" ? o.answer_peak : o.length_peak;
  const length = Math.min(n / peak, 1) - Math.max(n - peak, 0) / peak;
  const repetition = words.length === 0 ? 0 : 1 - new Set(words).size / words.length;
  const own = trigrams(ids);
  const promptTrigrams = new Set(trigrams(promptIds));
  const copying = own.length === 0 ? 0 : own.filter((t) => promptTrigrams.has(t)).length / own.length;

  let correctness: number | null = null;
  if (prompt.kind === "closed") {
    const values = new Set(words.filter((id) => vocabulary.attributeOf[id] === prompt.relation).map((id) => vocabulary.words[id]));
    const right = values.has(prompt.answer!);
    const wrong = values.size > (right ? 1 : 0);
    correctness = right ? (wrong ? -0.5 : 1) : wrong ? -1 : 0;
  }
  const gold = o.w_relevance * relevance + o.w_info * informativeness + o.w_length * length - o.w_repetition * repetition - o.w_copy * copying + o.w_correct * (correctness ?? 0) - (ended ? 0 : o.unended_penalty);
  return {relevance, informativeness, length, repetition, copying, correctness, ended, gold};
}

/** Gold of every response of a batch. */
export function goldRewards(world: TextWorld, responses: TextResponses, options: Partial<GoldOptions> = {}): Float64Array {
  return Float64Array.from(responses.prompts, (p, i) => goldTerms(world.vocabulary, world.prompts[p], responseIds(responses, i), responseEnded(responses, i), options).gold);
}
