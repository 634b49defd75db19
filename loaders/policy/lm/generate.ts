/**
 * Decoding: responses of R tokens to left-padded prompts [N, P], drawn by Gumbel-max over seeded
 * uniforms with a seed per step (deriveSeed(seed, "token", t)), at a temperature. With the
 * key/value cache each step runs the model on the one new token; without it (`cache: false`, for
 * tests and benchmarks) each step reruns the whole prefix. Both draw the same tokens for a seed.
 * After a row's <eos> its tokens are <pad> with log-probability 0. Nothing is read back until
 * the end.
 */
import {deriveSeed} from "../../random.ts";
import {ranked, tf} from "../../tf.ts";
import {gumbelMax} from "../sample.ts";
import type {LmConfig} from "./config.ts";
import {forward} from "./model.ts";
import type {KvCache} from "./model.ts";
import type {LmWeights} from "./weights.ts";

/** Token ids of the special tokens decoding needs. */
export interface SpecialIds {
  readonly pad: number;
  readonly eos: number;
}

/** tf.tidy over a function returning tensors inside plain objects and arrays (null entries allowed). */
const tidy = <T>(fn: () => T): T => tf.tidy(fn as () => tf.TensorContainer) as T;

/** Key mask of sequences [N, width] whose first P positions are a left-padded prompt: 0 at prompt padding, else 1. */
export function keyMask(ids: Int32Array, N: number, width: number, P: number, pad: number): Float32Array {
  const m = new Float32Array(N * width).fill(1);
  for (let i = 0; i < N; ++i) for (let t = 0; t < Math.min(P, width); ++t) if (ids[i * width + t] === pad) m[i * width + t] = 0;
  return m;
}

export interface GenerateOptions {
  /** response tokens R */
  readonly steps: number;
  readonly seed: number;
  /** softmax temperature of the draws (default 1); log-probabilities are reported at temperature 1 */
  readonly temperature?: number;
  /** use the key/value cache (default true) */
  readonly cache?: boolean;
}

export interface Generated {
  /** response tokens [N * R] */
  readonly tokens: Int32Array;
  /** log pi(token | prefix) at temperature 1 of each response token, 0 after <eos> [N * R] */
  readonly tokenLogp: Float32Array;
}

/** Draws responses to prompts [N * P] (row-major, left-padded). */
export async function generate(config: LmConfig, w: LmWeights, prompts: Int32Array, P: number, special: SpecialIds, options: GenerateOptions): Promise<Generated> {
  const {steps: R, seed, temperature = 1, cache: useCache = true} = options;
  const N = prompts.length / P;
  const T = P + R;
  const promptMask = keyMask(prompts, N, P, P, special.pad);
  const fullMask = new Float32Array(N * T).fill(1);
  for (let i = 0; i < N; ++i) fullMask.set(promptMask.subarray(i * P, (i + 1) * P), i * T);
  const mask = tf.tensor2d(fullMask, [N, T]); // [N, T]
  const promptIds = tf.tensor2d(prompts, [N, P], "int32"); // [N, P]

  // State carried across steps (disposed as it is replaced).
  let cache: KvCache | null = null;
  let prefix: tf.Tensor2D = promptIds; // [N, P + t] (no-cache path)
  let last: tf.Tensor2D; // logits of the last position [N, V]
  let done = tf.zeros<tf.Rank.R1>([N], "bool"); // [N]
  const tokens: tf.Tensor1D[] = [];
  const logps: tf.Tensor1D[] = [];

  const run = (ids: tf.Tensor2D, start: number, past: KvCache | null) =>
    forward(config, w, {ids, start, cache: past, keyMask: tf.slice(mask, [0, 0], [N, start + ids.shape[1]])});
  const lastRow = (logits: tf.Tensor2D, Tn: number) => tf.reshape<tf.Rank.R2>(tf.slice(tf.reshape(logits, [N, Tn, -1]), [0, Tn - 1, 0], [N, 1, -1]), [N, -1]);

  ({last, cache} = tidy(() => {
    const out = run(promptIds, 0, null);
    return {last: lastRow(out.logits, P), cache: useCache ? out.cache : null};
  }));
  if (!useCache) prefix = promptIds.clone();

  for (let t = 0; t < R; ++t) {
    const step = tf.tidy(() => {
      const logp = tf.logSoftmax(last); // [N, V]
      const scaled = temperature === 1 ? logp : tf.logSoftmax(tf.div(last, temperature));
      const drawn = tf.reshape<tf.Rank.R1>(gumbelMax(ranked(scaled, 2), 1, deriveSeed(seed, "token", t)), [N]); // [N]
      const token = tf.where(done, tf.fill<tf.Rank.R1>([N], special.pad, "int32"), drawn); // [N]
      const lp = ranked(tf.where(done, tf.zeros([N]), tf.sum(tf.mul(logp, tf.cast(tf.oneHot(drawn, logp.shape[1]), "float32")), 1)), 1); // [N]
      const nowDone = ranked(tf.logicalOr(done, tf.equal(token, special.eos)), 1);
      return {token, lp, nowDone};
    });
    tokens.push(step.token);
    logps.push(step.lp);
    done.dispose();
    done = step.nowDone;
    if (t === R - 1) break;
    const next = tidy(() => {
      const ids = tf.reshape<tf.Rank.R2>(step.token, [N, 1]); // [N, 1]
      if (useCache) {
        const out = run(ids, P + t, cache);
        return {last: lastRow(out.logits, 1), cache: out.cache, prefix: null};
      }
      const grown = tf.concat([prefix, ids], 1); // [N, P + t + 1]
      const out = run(grown, 0, null);
      return {last: lastRow(out.logits, P + t + 1), cache: null, prefix: grown};
    });
    last.dispose();
    last = next.last;
    if (cache) for (const c of cache) (c.k.dispose(), c.v.dispose());
    cache = next.cache;
    if (next.prefix) (prefix.dispose(), (prefix = next.prefix));
  }
  last.dispose();
  if (cache) for (const c of cache) (c.k.dispose(), c.v.dispose());
  if (prefix !== promptIds) prefix.dispose();
  done.dispose();
  mask.dispose();
  promptIds.dispose();

  const stacked = tf.tidy(() => [tf.stack(tokens, 1), tf.stack(logps, 1)]); // [N, R] each
  for (const t of [...tokens, ...logps]) t.dispose();
  const tokenIds = Int32Array.from(await stacked[0].data());
  const tokenLogp = Float32Array.from(await stacked[1].data());
  stacked.forEach((t) => t.dispose());
  return {tokens: tokenIds, tokenLogp};
}
