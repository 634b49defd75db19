/**
 * Per-response measurements of the text world for evaluating checkpoints (issue: monotonicity
 * evaluation): length in tokens, repetition rate, rate of copying the prompt, correctness on
 * closed-ended prompts, and whether the response ended. Repetition and copying are the gold
 * judge's own terms (gold.ts), so the evaluation and the judge measure the same thing.
 */
import {goldTerms} from "./gold.ts";
import {responseEnded, responseIds} from "./world.ts";
import type {TextResponses, TextWorld} from "./world.ts";

export interface ResponseMetrics {
  /** tokens before <eos> */
  readonly tokens: Float64Array;
  /** 1 - distinct words / words */
  readonly repetition: Float64Array;
  /** share of the response's token trigrams found in the prompt */
  readonly copying: Float64Array;
  /** 1 when a closed-ended answer is right and unhedged, 0 when not, NaN for open-ended prompts */
  readonly correct: Float64Array;
  /** 1 when the response ended with <eos> inside its window */
  readonly ended: Float64Array;
}

export function responseMetrics(world: TextWorld, responses: TextResponses): ResponseMetrics {
  const n = responses.prompts.length;
  const m = {tokens: new Float64Array(n), repetition: new Float64Array(n), copying: new Float64Array(n), correct: new Float64Array(n), ended: new Float64Array(n)};
  for (let i = 0; i < n; ++i) {
    const ids = responseIds(responses, i);
    const ended = responseEnded(responses, i);
    const g = goldTerms(world.vocabulary, world.prompts[responses.prompts[i]], ids, ended);
    m.tokens[i] = ids.length;
    m.repetition[i] = g.repetition;
    m.copying[i] = g.copying;
    m.correct[i] = g.correctness === null ? NaN : g.correctness === 1 ? 1 : 0;
    m.ended[i] = ended ? 1 : 0;
  }
  return m;
}
