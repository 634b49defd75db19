/**
 * The tilted policy over a pool world as a `Policy` (policy.ts): pi_theta(y | x) ∝ pi_0(y | x)
 * exp(f_theta(z_y)) over each prompt's K responses (tilted.ts), with pi_0 uniform as its frozen
 * reference. Enumerable, so its evaluation is exact: KL, entropy and expectations over every pool.
 */
import {ranked, readAndDispose, tf} from "../tf.ts";
import type {World} from "../worlds/feature-world.ts";
import type {PoolItems} from "../worlds/pool.ts";
import {allItems} from "../worlds/pool.ts";
import {policyFeatures} from "./features.ts";
import {klEstimates, poolKlAndEntropy} from "./kl.ts";
import type {Columns, Policy, PolicyEvaluation, PolicySnapshot, Rollout} from "./policy.ts";
import {gumbelMax, sampleIndex} from "./sample.ts";
import {gatherRows, initPolicy, policyLogProbs, policyScores, responseLogProbs, snapshotPolicy, snapshotProbabilities} from "./tilted.ts";
import type {PolicyOptions} from "./tilted.ts";

/** A rollout of the pool policy: pool items plus the features its log-probabilities need. */
interface PoolRollout extends Rollout<PoolItems> {
  /** features of the batch's pools [B, K, D] */
  readonly pools: tf.Tensor3D;
  /** features of the sampled responses [B, S, D] */
  readonly chosen: tf.Tensor3D;
}

/** Whether a rollout is one a pool policy made: its pools and chosen features, rank 3 each. */
const isPoolRollout = (r: Rollout<PoolItems>): r is PoolRollout =>
  "pools" in r && r.pools instanceof tf.Tensor && r.pools.rank === 3 && "chosen" in r && r.chosen instanceof tf.Tensor && r.chosen.rank === 3;

/** log pi_theta(y) of rows [from, to) of a batch: pools [B, K, D], chosen [B, S, D] -> [to - from, S]. */
export function poolLogProbs(params: readonly tf.Tensor[], {pools, chosen}: {pools: tf.Tensor3D; chosen: tf.Tensor3D}, from = 0, to = pools.shape[0]): tf.Tensor2D {
  return tf.tidy(() => {
    const rows = to - from;
    const z = tf.slice(pools, [from, 0, 0], [rows, -1, -1]); // [b, K, D]
    const y = tf.slice(chosen, [from, 0, 0], [rows, -1, -1]); // [b, S, D]
    return responseLogProbs(params, z, y); // [b, S]
  });
}

/**
 * f_theta(y): log pi(y) less the per-prompt log-normaliser, which carries no gradient in a loss
 * whose per-prompt weights sum to zero (rloo.ts). A forward pass over B * S, not B * K.
 * chosen [B, S, D] -> [B, S].
 */
export function poolRelativeLogProbs(params: readonly tf.Tensor[], chosen: tf.Tensor3D): tf.Tensor2D {
  const [B, S, D] = chosen.shape;
  return tf.tidy(() => tf.reshape<tf.Rank.R2>(policyScores(params, tf.reshape(chosen, [B * S, D])), [B, S]));
}

/** The pool policy at a curve point: exact probabilities over a prompt's pool. */
export interface PoolSnapshot extends PolicySnapshot<PoolItems> {
  probabilities(prompt: number): Promise<Float64Array>;
}

export type PoolPolicy = Policy<PoolItems, PoolSnapshot>;

/** A tilted policy at pi_0 (f = 0) over `world`'s pools; `seed` draws the MLP's first layer. */
export function poolPolicy(world: World, options: Partial<PolicyOptions>, seed: number): PoolPolicy {
  const {prompts: P, poolSize: K, dims: D} = world;
  const logK = Math.log(K);
  const z = policyFeatures(world); // [P * K, D]
  const zAll = tf.tensor3d(z, [P, K, D]); // [P, K, D]
  const params = initPolicy(D, options, seed);
  const shapes = params.map((p) => p.shape.slice());
  const quantities = new Map<Columns<PoolItems>, tf.Tensor3D>(); // uploaded once per Columns
  const asPool = (rollout: Rollout<PoolItems>): PoolRollout => {
    if (!isPoolRollout(rollout)) throw new Error("invalid rollout: it carries no pools and chosen features [B, K, D], [B, S, D] (pass the rollout this policy's sample() returned)");
    return rollout;
  };

  return {
    params,
    prompts: P,

    async sample(prompts, S, seed) {
      const B = prompts.length;
      const zCopy = new Float32Array(B * K * D);
      prompts.forEach((p, b) => zCopy.set(z.subarray(p * K * D, (p + 1) * K * D), b * K * D));
      const pools = tf.tensor3d(zCopy, [B, K, D]); // [B, K, D]
      const [logProbs, draws] = tf.tidy(() => {
        const logp = policyLogProbs(params, pools); // [B, K]
        return [logp, gumbelMax(logp, S, seed)]; // [B, K], [B, S]
      });
      const logp = await readAndDispose(logProbs);
      const responses = await readAndDispose(draws);
      const items = Int32Array.from(responses, (k, i) => prompts[Math.floor(i / S)] * K + k); // [B * S] pool items
      const chosen = tf.tensor3d(gatherRows(z, D, items), [B, S, D]); // [B, S, D]
      const rollout: PoolRollout = {
        prompts,
        samples: S,
        responses: items,
        logp: Float32Array.from(responses, (k, i) => logp[Math.floor(i / S) * K + k]), // [B * S]
        refLogp: new Float64Array(B * S).fill(-logK), // pi_0 is uniform over the pool
        pools,
        chosen,
        dispose: () => tf.dispose([pools, chosen])
      };
      return rollout;
    },

    logProbs: (rollout, from = 0, to = rollout.prompts.length) => poolLogProbs(params, asPool(rollout), from, to),
    relativeLogProbs: (rollout) => poolRelativeLogProbs(params, asPool(rollout).chosen),

    async evaluate(columns, S, seed): Promise<PolicyEvaluation> {
      let q = quantities.get(columns);
      if (!q) {
        const values = await columns.of(allItems(P * K));
        q = ranked(tf.tidy(() => tf.stack(values.map((c) => tf.tensor2d(Float32Array.from(c), [P, K])))), 3); // [Q, P, K]
        quantities.set(columns, q);
      }
      const table = q;
      const [summary, logProbs, draws] = tf.tidy(() => {
        const logp = policyLogProbs(params, zAll); // [P, K]
        const {kl, entropy} = poolKlAndEntropy(logp); // [P], [P]
        const expectations = tf.mean(tf.sum(tf.mul(tf.expandDims(tf.exp(logp), 0), table), 2), 1); // [Q]
        return [tf.concat([tf.stack([tf.mean(kl), tf.mean(entropy)]), expectations]), logp, gumbelMax(logp, S, seed)];
      });
      const s = await readAndDispose(summary);
      const logp = await readAndDispose(logProbs); // [P * K]
      const y = await readAndDispose(draws); // [P * S]
      const lr = Float64Array.from(y, (k, i) => logp[Math.floor(i / S) * K + k] + logK); // sampled log ratios vs pi_0
      const {k1, k2, k3} = klEstimates(lr);
      return {kl: s[0], klMethod: "exact", k1, k2, k3, entropy: s[1], expectations: Float64Array.from(s.subarray(2))};
    },

    async snapshot() {
      const values = await snapshotPolicy(params);
      const probabilities = (prompt: number) => snapshotProbabilities(values, shapes, z.subarray(prompt * K * D, (prompt + 1) * K * D), K);
      return {
        probabilities,
        draw: async (prompt, u) => Int32Array.of(prompt * K + sampleIndex(await probabilities(prompt), u))
      };
    },

    dispose() {
      tf.dispose([zAll, ...params, ...quantities.values()]);
      quantities.clear();
    }
  };
}
