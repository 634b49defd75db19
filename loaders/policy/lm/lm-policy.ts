/**
 * The transformer as a `Policy` over the text world (policy.ts), for the RL loops: responses are
 * drawn with the key/value cache by seeded Gumbel-max, scored in one forward pass per chunk, and
 * compared with a frozen reference copy (the SFT model). KL is reported as the exact per-token
 * KL summed over each sampled response, sum_t KL(pi(.|y<t) || ref(.|y<t)) ("exact_per_token":
 * exact at every prefix, sampled over prefixes; its mean over y ~ pi is KL(pi || ref) of whole
 * responses), with the sampled sequence-level estimators k1, k2, k3 next to it.
 * Prompt indices given to sample(), evaluate() and snapshots are the policy's own (0 .. prompts - 1,
 * into `options.prompts`); the responses it returns carry world prompt indices, which is what the
 * world's rewards and gold read. Sample at temperature 1 for RL: rollouts' log-probabilities are
 * always the policy's own (temperature 1).
 */
import {deriveSeed} from "../../random.ts";
import {tf} from "../../tf.ts";
import {promptTokens} from "../../worlds/text/world.ts";
import type {TextResponses, TextWorld} from "../../worlds/text/world.ts";
import {klEstimates} from "../kl.ts";
import type {Policy, PolicySnapshot, Rollout} from "../policy.ts";
import type {LmConfig} from "./config.ts";
import {generate} from "./generate.ts";
import {perTokenKl, tokenLogProbs} from "./score.ts";
import {textSequences, textSpecial} from "./sft.ts";
import {disposeWeights, readWeights, toTensors, toVariables} from "./weights.ts";
import type {LmWeights} from "./weights.ts";

export interface LmPolicyOptions {
  readonly world: TextWorld;
  readonly config: LmConfig;
  /** the frozen reference pi_ref (kept, not copied: the caller owns it); the policy starts as a copy */
  readonly reference: LmWeights;
  /** world prompt indices the policy is asked about (default world.train) */
  readonly prompts?: Int32Array;
  /** temperature of sample() and evaluate() (default 1); log-probabilities are at temperature 1 */
  readonly temperature?: number;
  /** sequences per forward pass (default 256) */
  readonly chunk?: number;
}

export interface LmSnapshot extends PolicySnapshot<TextResponses> {
  /** the parameters at the snapshot */
  readonly values: Readonly<Record<string, Float32Array>>;
  /**
   * `samples` responses to each of any world prompts (held-out ones included), row-major
   * [prompts, samples], at a temperature (default 0.7, the evaluation temperature of Kim & Seo).
   */
  respond(worldPrompts: Int32Array, samples: number, options: {seed: number; temperature?: number}): Promise<TextResponses>;
}

export interface LmPolicy extends Policy<TextResponses, LmSnapshot> {
  /** the trained parameters by name */
  readonly weights: Readonly<Record<string, tf.Variable>>;
}

export function lmPolicy(options: LmPolicyOptions): LmPolicy {
  const {world, config, reference, prompts: promptSet = world.train, temperature = 1, chunk = 256} = options;
  const weights = toVariables(reference);
  const P = world.layout.promptWidth, R = world.layout.responseWidth;

  /** Left-padded prompt tokens of world prompts [n * P]. */
  const promptRows = (worldPrompts: Int32Array) => {
    const rows = new Int32Array(worldPrompts.length * P);
    worldPrompts.forEach((p, i) => rows.set(promptTokens(world, p), i * P));
    return rows;
  };

  /** Sum over response tokens of log pi(token | prefix), per sequence [n], in chunks. */
  const sequenceLogp = async (w: LmWeights, sequences: Int32Array): Promise<Float64Array> => {
    const T = P + R, n = sequences.length / T;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i += chunk) {
      const part = sequences.subarray(i * T, Math.min(n, i + chunk) * T);
      const t = tf.tidy(() => tf.sum(tokenLogProbs(config, w, part, part.length / T, P, textSpecial), 1));
      out.set(await t.data(), i);
      t.dispose();
    }
    return out;
  };

  /** One response per row of world prompts (repeated as the caller wants), drawn in chunks. */
  const respond = async (w: LmWeights, worldPrompts: Int32Array, seed: number, t: number) => {
    const rows = promptRows(worldPrompts);
    const n = worldPrompts.length;
    const tokens = new Int32Array(n * R);
    const logp = new Float32Array(n);
    for (let i = 0, c = 0; i < n; i += chunk, ++c) {
      const g = await generate(config, w, rows.subarray(i * P, Math.min(n, i + chunk) * P), P, textSpecial, {steps: R, seed: deriveSeed(seed, "chunk", c), temperature: t});
      tokens.set(g.tokens, i * R);
      for (let j = 0; j < g.tokens.length / R; ++j) for (let k = 0; k < R; ++k) logp[i + j] += g.tokenLogp[j * R + k];
    }
    const responses: TextResponses = {prompts: worldPrompts, tokens, width: R};
    return {responses, logp};
  };

  /** S responses to each local prompt, row-major [B, S], at the policy's temperature. */
  const draw = (w: LmWeights, local: Int32Array, S: number, seed: number) =>
    respond(w, Int32Array.from({length: local.length * S}, (_, i) => promptSet[local[Math.floor(i / S)]]), seed, temperature);

  const policy: LmPolicy = {
    params: Object.values(weights),
    weights,
    prompts: promptSet.length,
    async sample(local, S, seed): Promise<Rollout<TextResponses>> {
      const {responses, logp} = await draw(weights, local, S, seed);
      const refLogp = await sequenceLogp(reference, textSequences(world, responses));
      return {prompts: local, samples: S, responses, logp, refLogp, dispose() {}};
    },
    logProbs(rollout, from = 0, to = rollout.prompts.length) {
      const S = rollout.samples;
      const {responses} = rollout;
      const rows: TextResponses = {prompts: responses.prompts.subarray(from * S, to * S), tokens: responses.tokens.subarray(from * S * R, to * S * R), width: R};
      const sequences = textSequences(world, rows);
      return tf.tidy(() => tf.reshape<tf.Rank.R2>(tf.sum(tokenLogProbs(config, weights, sequences, (to - from) * S, P, textSpecial), 1), [to - from, S]));
    },
    relativeLogProbs: (rollout) => policy.logProbs(rollout),
    async evaluate(columns, S, seed) {
      const all = Int32Array.from({length: promptSet.length}, (_, i) => i);
      const {responses, logp} = await draw(weights, all, S, seed);
      const sequences = textSequences(world, responses);
      const T = P + R, n = responses.prompts.length;
      const refLogp = await sequenceLogp(reference, sequences);
      let kl = 0, entropy = 0;
      for (let i = 0; i < n; i += chunk) {
        const part = sequences.subarray(i * T, Math.min(n, i + chunk) * T);
        const sums = tf.tidy(() => {
          const e = perTokenKl(config, weights, reference, part, part.length / T, P, textSpecial);
          return tf.stack([tf.sum(e.kl), tf.sum(e.entropy)]);
        });
        const [k, h] = await sums.data();
        sums.dispose();
        kl += k;
        entropy += h;
      }
      const {k1, k2, k3} = klEstimates(Float64Array.from(logp, (v, i) => v - refLogp[i]));
      const values = await columns.of(responses);
      const expectations = Float64Array.from(values, (c) => c.reduce((s, v) => s + v, 0) / c.length);
      return {kl: kl / n, klMethod: "exact_per_token", k1, k2, k3, entropy: entropy / n, expectations};
    },
    async snapshot(): Promise<LmSnapshot> {
      const values = await readWeights(weights);
      const withWeights = async <T>(f: (w: LmWeights) => Promise<T>): Promise<T> => {
        const w = toTensors(config, values);
        try {
          return await f(w);
        } finally {
          disposeWeights(w);
        }
      };
      return {
        values,
        draw: (prompt, u) => withWeights(async (w) => (await draw(w, Int32Array.of(prompt), 1, Math.floor(u * 2 ** 31) + 1)).responses),
        respond: (worldPrompts, S, {seed, temperature: t = 0.7}) =>
          withWeights(async (w) => (await respond(w, Int32Array.from({length: worldPrompts.length * S}, (_, i) => worldPrompts[Math.floor(i / S)]), seed, t)).responses)
      };
    },
    dispose: () => disposeWeights(weights)
  };
  return policy;
}
