/**
 * Proximal Policy Optimization with the clipped surrogate (Schulman et al. 2017, eq. 7) and the KL
 * penalty folded into the reward (Ziegler et al. 2019), optionally with their adaptive KL
 * controller (kl-control.ts). Deviations, because an episode here is one response to one prompt:
 * no value network and no GAE; the advantage (6a) is the reward minus the mean reward of the
 * prompt's other samples (the RLOO baseline), scaled to unit std over the batch as in Ziegler et
 * al.'s code (whiten_advantages, default true here).
 */
import {int, num} from "../spec-validators.ts";
import {ranked, tf} from "../tf.ts";
import type {Optimizer} from "./types.ts";
import {leaveOneOutAdvantages, normalizePolicyGradient, runPolicyGradient} from "./policy-gradient.ts";
import type {Batch, PolicyGradientOptions, PolicyUpdate} from "./policy-gradient.ts";
import {runPoolPolicyGradient} from "./pool-rl.ts";

export interface PpoOptions extends PolicyGradientOptions {
  /** "ppo": proximal policy optimisation with a clipped surrogate (Schulman et al. 2017) */
  readonly name: "ppo";
  /** passes over each batch (default 4) */
  readonly ppo_epochs: number;
  /** clip range epsilon of the probability ratio (default 0.2) */
  readonly ppo_clip: number;
  /** minibatches per epoch, splitting the batch's prompts (default 1) */
  readonly ppo_minibatches: number;
}

const ppoKeys = ["ppo_epochs", "ppo_clip", "ppo_minibatches"];

/**
 * 6b. The clipped surrogate on prompts [from, to) of the batch, with ratio = pi_theta(y) / pi_old(y):
 *   L(theta) = -mean( min(ratio A, clip(ratio, 1 - eps, 1 + eps) A) )
 */
export function ppoLoss<Y>(batch: Batch<Y>, advantages: Float32Array, clip: number, from = 0, to = batch.B): tf.Scalar {
  const {S, rollout} = batch;
  const rows = to - from;
  return tf.tidy(() => {
    const lpy = batch.policy.logProbs(rollout, from, to); // [b, S]
    const old = tf.tensor2d(rollout.logp.subarray(from * S, to * S), [rows, S]);
    const A = tf.tensor2d(advantages.subarray(from * S, to * S), [rows, S]);
    const ratio = tf.exp(tf.sub(lpy, old));
    const surrogate = tf.minimum(tf.mul(ratio, A), tf.mul(tf.clipByValue(ratio, 1 - clip, 1 + clip), A));
    return ranked(tf.neg(tf.mean(surrogate)), 0);
  });
}

/** 6c. ppo_epochs passes, each over ppo_minibatches contiguous slices of the batch's prompts. */
export function ppoUpdate({ppo_epochs, ppo_clip, ppo_minibatches, whiten_advantages}: Pick<PpoOptions, "ppo_epochs" | "ppo_clip" | "ppo_minibatches" | "whiten_advantages">): PolicyUpdate {
  return async (batch, optimizer) => {
    const advantages = leaveOneOutAdvantages(batch.rewards, batch.B, batch.S, {whiten: whiten_advantages}); // 6a.
    const parts = Math.min(ppo_minibatches, batch.B);
    for (let epoch = 0; epoch < ppo_epochs; ++epoch) {
      for (let m = 0; m < parts; ++m) {
        const from = Math.floor((m * batch.B) / parts);
        const to = Math.floor(((m + 1) * batch.B) / parts);
        await optimizer.minimize(() => ppoLoss(batch, advantages, ppo_clip, from, to), batch.policy.params);
      }
    }
  };
}

export const ppoOptimizer: Optimizer<PpoOptions> = {
  doc: "PPO with the clipped surrogate (Schulman et al. 2017), KL penalty in the reward with a fixed or adaptive coefficient (Ziegler et al. 2019), on a tilted policy over the pool",
  standardizesProxy: true,
  normalize(raw, world) {
    const base = normalizePolicyGradient(raw, world, {extra: ppoKeys, whiten: true});
    return {
      name: "ppo",
      ...base,
      ppo_epochs: int(1, 1000)(raw.ppo_epochs ?? 4, "optimizer.ppo_epochs"),
      ppo_clip: num(0, 10, {openMin: true})(raw.ppo_clip ?? 0.2, "optimizer.ppo_clip"),
      ppo_minibatches: int(1, base.batch_prompts)(raw.ppo_minibatches ?? 1, "optimizer.ppo_minibatches")
    };
  },
  run: (input, options) => runPoolPolicyGradient(input, options, ppoUpdate(options)),
  trainPolicy: (input, options) => runPolicyGradient(input, options, ppoUpdate(options))
};
