/**
 * REINFORCE Leave-One-Out (RLOO): Kool, van Hoof & Welling 2019, "Buy 4 REINFORCE Samples, Get a
 * Baseline for Free!"; used for RLHF by Ahmadian et al. 2024, "Back to Basics: Revisiting
 * REINFORCE Style Optimization for Learning from Human Feedback in LLMs". Each response's
 * baseline is the mean reward of the other S - 1 responses to the same prompt: unbiased, no
 * value network. The KL penalty is part of the reward (policy-gradient.ts, step 5).
 */
import {policyScores, responseLogProbs} from "../policy/tilted.ts";
import {tf} from "../tf.ts";
import type {Optimizer} from "./types.ts";
import {leaveOneOutAdvantages, normalizePolicyGradient, runPolicyGradient} from "./policy-gradient.ts";
import type {Batch, Learner, PolicyGradientOptions, PolicyUpdate} from "./policy-gradient.ts";

/**
 * The RLOO surrogate for one batch, whose gradient is the estimator:
 *   6a. A_bs = R_bs - (1 / (S - 1)) sum_{s' != s} R_bs'          (Ahmadian et al. 2024)
 *   6b. grad = (1 / (B S)) sum_bs A_bs grad log pi_theta(y_bs)     (score function; A is constant)
 * With KL in R this is unbiased for grad (E[r] - beta KL): E_pi[grad log pi] = 0 removes the
 * KL term's own derivative. For the tilted policy grad log pi(y) = grad f(y) - E_pi[grad f], and
 * leave-one-out advantages sum to zero over each prompt's samples, so the E_pi[grad f] terms
 * cancel *exactly*: the surrogate L = -(1 / (B S)) sum_bs A_bs f_theta(y_bs) has the same gradient
 * as -(1 / (B S)) sum_bs A_bs log pi_theta(y_bs), with a forward pass over the B * S sampled
 * responses instead of the B * K pool (`rlooLogSoftmaxLoss` is the long form, for tests).
 */
export function rlooLoss(params: readonly tf.Tensor[], batch: Pick<Batch, "B" | "S" | "responses" | "rewards">, {whiten = false}: {whiten?: boolean} = {}): tf.Scalar {
  const {B, S, responses} = batch;
  const A = leaveOneOutAdvantages(batch.rewards, B, S, {whiten});
  return tf.tidy(() => {
    const f = policyScores(params, tf.reshape(responses, [B * S, responses.shape[2]])); // [B * S]
    return tf.neg(tf.mean(tf.mul(tf.tensor1d(A), f))) as tf.Scalar;
  });
}

/** The same surrogate through the full log-softmax over each pool (same gradient, B * K forward). */
export function rlooLogSoftmaxLoss(params: readonly tf.Tensor[], batch: Pick<Batch, "B" | "S" | "z" | "responses" | "rewards">, {whiten = false}: {whiten?: boolean} = {}): tf.Scalar {
  const A = leaveOneOutAdvantages(batch.rewards, batch.B, batch.S, {whiten});
  return tf.tidy(() => {
    const lpy = responseLogProbs(params, batch.z, batch.responses); // [B, S]
    return tf.neg(tf.mean(tf.mul(tf.tensor2d(A, [batch.B, batch.S]), lpy))) as tf.Scalar;
  });
}

/** 6c. One optimiser step on the RLOO surrogate (advantages optionally whitened over the batch). */
export function rlooUpdate({whiten_advantages}: Pick<PolicyGradientOptions, "whiten_advantages">): PolicyUpdate {
  return async (batch: Batch, {params, optimizer}: Learner) => {
    await optimizer.minimize(() => rlooLoss(params, batch, {whiten: whiten_advantages}), params);
  };
}

export const rlooOptimizer: Optimizer = {
  doc: "RLOO policy gradient (Kool et al. 2019; Ahmadian et al. 2024) on a tilted policy over the pool, KL penalty in the reward (Ziegler et al. 2019)",
  normalize(raw, world) {
    return {...normalizePolicyGradient(raw, world)};
  },
  run(input, options) {
    const o = options as unknown as PolicyGradientOptions;
    return runPolicyGradient(input, o, rlooUpdate(o));
  }
};
