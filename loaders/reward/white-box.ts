/**
 * White-box "reverse reward engineering" rewards (Kim & Seo 2024, "Rethinking the Role of Proxy
 * Rewards in Language Model Alignment"), with the algebra of their code (research.md section 1):
 *   tokens    word/punctuation tokens by the regex \w+|[^\w\s]+ ("!!" is one token), \w any Unicode
 *             letter or digit as in Python 3 (./words.ts); optionally cut at stop strings first;
 *   LI(y)     = nTokens(y) / 100, unbounded;
 *   RP(y)     = |unique token trigrams| / |token trigrams| (n - 2 trigrams, no padding), 1 with
 *               fewer than 3 tokens;
 *   rel(a, b) = <E(a), E(b)>, the dot product (not cosine) of mean-pooled embeddings;
 *   open-ended   R = LI(y) * rel(x, y) * RP(y);
 *   closed-ended R = rel(ref, y) / rel_max * LI_max * RP(y)  ("reward branching": the prompt is
 *               replaced by the reference answer and LI dropped; a linear rescale, no clipping).
 * The paper's constants were 3.5 (about Contriever's largest relevance) and 5.12 (512 tokens / 100).
 * Here rel_max defaults to the largest self-relevance rel(ref, ref) over the world's reference
 * answers and LI_max to responseWidth / 100 (the longest response the window holds), so both
 * branches share a scale. Every feature sees the same text: the response decoded up to its <eos>,
 * special tokens dropped (the paper's LI and RP saw a stripped response, its relevance the raw one).
 * The ablation lattice: "li" = LI; "li_rp" = LI * RP; "li_rp_rel" = LI * RP * rel(x, y) for every
 * prompt (no branching); "full" = with branching on closed-ended prompts.
 */
import {responseText} from "../worlds/text/world.ts";
import type {TextResponses, TextWorld} from "../worlds/text/world.ts";
import type {Reward, RewardScores} from "./reward.ts";
import type {TextEmbedding} from "./text-embedding.ts";
import {cutAtStop, rewardWords} from "./words.ts";
import type {WordOptions} from "./words.ts";

export const rerVariants = ["li", "li_rp", "li_rp_rel", "full"] as const;
export type RerVariant = (typeof rerVariants)[number];

/** LI(y) = nTokens / 100 (tokens of ./words.ts, after the cut at `stop`). */
export function lengthIncentive(text: string, options: WordOptions = {}): number {
  return rewardWords(text, options).length / 100;
}

/** RP(y) = unique trigrams / trigrams over word/punctuation tokens (after the cut at `stop`); 1 with fewer than 3 tokens. */
export function repetitionPenalty(text: string, options: WordOptions = {}): number {
  const t = rewardWords(text, options);
  if (t.length < 3) return 1;
  const grams = new Set<string>();
  for (let i = 0; i + 2 < t.length; ++i) grams.add(`${t[i]}\u0000${t[i + 1]}\u0000${t[i + 2]}`);
  return grams.size / (t.length - 2);
}

/** rel(a, b) = <E(a), E(b)>, dot product of mean-pooled embeddings. */
export function relevance(embed: (text: string) => ArrayLike<number>, a: string, b: string): number {
  const ea = embed(a), eb = embed(b);
  let dot = 0;
  for (let k = 0; k < ea.length; ++k) dot += ea[k] * eb[k];
  return dot;
}

export interface RerInput {
  readonly prompt: string;
  readonly response: string;
  /** the reference answer of a closed-ended prompt; null or absent for open-ended prompts */
  readonly reference?: string | null;
}

export interface RerOptions {
  /** the text embedding E */
  readonly embed: (text: string) => ArrayLike<number>;
  /** lattice point (default "full") */
  readonly variant?: RerVariant;
  /** rel_max of the closed-ended branch (the paper's 3.5) */
  readonly relMax: number;
  /** LI_max of the closed-ended branch (the paper's 5.12) */
  readonly liMax: number;
  /** stop strings: every feature sees the response cut at the first of them (default none) */
  readonly stop?: readonly string[];
}

/** The white-box reward of one response: a pure function of texts. */
export function rerReward({prompt, response: raw, reference = null}: RerInput, {embed, variant = "full", relMax, liMax, stop = []}: RerOptions): number {
  const response = cutAtStop(raw, stop);
  const li = lengthIncentive(response);
  if (variant === "li") return li;
  const rp = repetitionPenalty(response);
  if (variant === "li_rp") return li * rp;
  if (variant === "full" && reference !== null) return (relevance(embed, reference, response) / relMax) * liMax * rp;
  return li * relevance(embed, prompt, response) * rp;
}

export interface WhiteBoxRewardOptions {
  /** lattice point (default "full") */
  readonly variant?: RerVariant;
  /** rel_max (default: the largest rel(ref, ref) over the world's reference answers) */
  readonly relMax?: number;
  /** LI_max (default: responseWidth / 100) */
  readonly liMax?: number;
}

/** The largest self-relevance of the world's reference answers: the default rel_max. */
export function referenceRelMax(world: TextWorld, embedding: TextEmbedding): number {
  let max = 0;
  for (const p of world.prompts) if (p.reference !== null) max = Math.max(max, relevance(embedding.embed, p.reference, p.reference));
  return max;
}

/** A white-box reward with the constants it resolved; it scores synchronously. */
export interface WhiteBoxReward extends Reward<TextResponses> {
  readonly relMax: number;
  readonly liMax: number;
  score(responses: TextResponses): RewardScores;
}

/** A white-box RER reward over the text world's responses (one member, unstandardised: the paper's scale). */
export function whiteBoxReward(world: TextWorld, embedding: TextEmbedding, options: WhiteBoxRewardOptions = {}): WhiteBoxReward {
  const {variant = "full", relMax = referenceRelMax(world, embedding), liMax = world.layout.responseWidth / 100} = options;
  const rer: RerOptions = {embed: embedding.embed, variant, relMax, liMax};
  return {
    size: 1,
    source: `rer_${variant}`,
    relMax,
    liMax,
    score(responses) {
      const r = Float64Array.from(responses.prompts, (p, i) => {
        const prompt = world.prompts[p];
        return rerReward({prompt: prompt.text, response: responseText(world, responses, i), reference: prompt.reference}, rer);
      });
      return {rewards: [r], sigmas: null};
    }
  };
}
