/**
 * REINFORCE Leave-One-Out (RLOO): Kool, van Hoof & Welling 2019, "Buy 4 REINFORCE Samples, Get a
 * Baseline for Free!"; used for RLHF by Ahmadian et al. 2024, "Back to Basics: Revisiting
 * REINFORCE Style Optimization for Learning from Human Feedback in LLMs". Each response's
 * baseline is the mean reward of the other S - 1 responses to the same prompt: unbiased, no
 * value network. The KL penalty is part of the reward (policy-gradient.ts, step 5).
 */
import {ranked, tf} from "../tf.ts";
import type {Optimizer} from "./types.ts";
import {leaveOneOutAdvantages, normalizePolicyGradient, runPolicyGradient} from "./policy-gradient.ts";
import type {Batch, PolicyGradientOptions, PolicyUpdate} from "./policy-gradient.ts";
import {runPoolPolicyGradient} from "./pool-rl.ts";

/**
 * The RLOO surrogate for one batch, whose gradient is the estimator:
 *   6a. A_bs = R_bs - (1 / (S - 1)) sum_{s' != s} R_bs'          (Ahmadian et al. 2024)
 *   6b. grad = (1 / (B S)) sum_bs A_bs grad log pi_theta(y_bs)     (score function; A is constant)
 * With KL in R this is unbiased for grad (E[r] - beta KL): E_pi[grad log pi] = 0 removes the
 * KL term's own derivative. Leave-one-out advantages sum to zero over each prompt's samples, so
 * any per-prompt constant in log pi drops out of the gradient: the loss uses the policy's
 * `relativeLogProbs` (for the tilted pool policy, f_theta(y) without its log-normaliser: a forward
 * pass over the B * S samples instead of the B * K pool). `rlooLogProbLoss` is the long form.
 */
export function rlooLoss<Y>(batch: Pick<Batch<Y>, "B" | "S" | "policy" | "rollout" | "rewards">, {whiten = false}: {whiten?: boolean} = {}): tf.Scalar {
  const A = leaveOneOutAdvantages(batch.rewards, batch.B, batch.S, {whiten});
  return tf.tidy(() => {
    const lp = tf.reshape(batch.policy.relativeLogProbs(batch.rollout), [-1]); // [B * S]
    return ranked(tf.neg(tf.mean(tf.mul(tf.tensor1d(A), lp))), 0);
  });
}

/** The same surrogate through the full log-probabilities (same gradient). */
export function rlooLogProbLoss<Y>(batch: Pick<Batch<Y>, "B" | "S" | "policy" | "rollout" | "rewards">, {whiten = false}: {whiten?: boolean} = {}): tf.Scalar {
  const A = leaveOneOutAdvantages(batch.rewards, batch.B, batch.S, {whiten});
  return tf.tidy(() => {
    const lpy = batch.policy.logProbs(batch.rollout); // [B, S]
    return ranked(tf.neg(tf.mean(tf.mul(tf.tensor2d(A, [batch.B, batch.S]), lpy))), 0);
  });
}

/** 6c. One optimiser step on the RLOO surrogate (advantages optionally whitened over the batch). */
export function rlooUpdate({whiten_advantages}: Pick<PolicyGradientOptions, "whiten_advantages">): PolicyUpdate {
  return async (batch, optimizer) => {
    await optimizer.minimize(() => rlooLoss(batch, {whiten: whiten_advantages}), batch.policy.params);
  };
}

/** RLOO's options: the shared policy-gradient fields (policy-gradient.ts), nothing of its own. */
export interface RlooOptions extends PolicyGradientOptions {
  /** "rloo": REINFORCE with a leave-one-out baseline over each prompt's samples (Ahmadian et al. 2024) */
  readonly name: "rloo";
}

export const rlooOptimizer: Optimizer<RlooOptions> = {
  doc: "RLOO policy gradient (Kool et al. 2019; Ahmadian et al. 2024) on a tilted policy over the pool, KL penalty in the reward (Ziegler et al. 2019)",
  standardizesProxy: true,
  normalize: (raw, world) => ({name: "rloo", ...normalizePolicyGradient(raw, world)}),
  run: (input, options) => runPoolPolicyGradient(input, options, rlooUpdate(options)),
  trainPolicy: (input, options) => runPolicyGradient(input, options, rlooUpdate(options))
};
