/**
 * KL(pi || pi_ref) three ways (research.md section 7; Schulman's note "Approximating KL
 * divergence", 2020). With lr = log pi(y) - log pi_ref(y) for y drawn from pi:
 *   k1 = lr                      unbiased, can be negative;
 *   k2 = lr^2 / 2                biased, low variance, >= 0;
 *   k3 = exp(-lr) - 1 + lr       unbiased (E_pi[exp(-lr)] = 1 when pi_ref covers pi), >= 0.
 * On a pool we can also enumerate, so the exact value is always logged next to the estimators.
 */
import {ranked, tf} from "../tf.ts";

/** Sampled estimators, each averaged over the given log ratios. */
export interface KlEstimates {
  readonly k1: number;
  readonly k2: number;
  readonly k3: number;
}

/** Mean k1, k2 and k3 over sampled log ratios lr = log pi(y) - log pi_ref(y), y ~ pi. */
export function klEstimates(logRatios: ArrayLike<number>): KlEstimates {
  const n = logRatios.length;
  if (n === 0) throw new Error("invalid logRatios: empty (expected at least one sampled log ratio)");
  let k1 = 0, k2 = 0, k3 = 0;
  for (let i = 0; i < n; ++i) {
    const lr = logRatios[i];
    k1 += lr;
    k2 += (lr * lr) / 2;
    k3 += Math.expm1(-lr) + lr;
  }
  return {k1: k1 / n, k2: k2 / n, k3: Math.max(k3 / n, 0)};
}

/** Exact KL(p || q) over one finite support, from log-probabilities (terms with p = 0 vanish). */
export function exactKl(logP: ArrayLike<number>, logQ: ArrayLike<number>): number {
  let kl = 0;
  for (let i = 0; i < logP.length; ++i) {
    const p = Math.exp(logP[i]);
    if (p > 0) kl += p * (logP[i] - logQ[i]);
  }
  return Math.max(kl, 0);
}

/**
 * Exact KL(pi || uniform) and entropy of each row of log-probabilities [R, K], as tensors [R]:
 * KL = sum_k pi_k (log pi_k + log K) = log K - H(pi). Call inside tf.tidy.
 */
export function poolKlAndEntropy(logp: tf.Tensor2D): {kl: tf.Tensor1D; entropy: tf.Tensor1D} {
  const K = logp.shape[1];
  const entropy = ranked(tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)), 1); // [R]
  const kl = ranked(tf.relu(tf.sub(tf.scalar(Math.log(K)), entropy)), 1); // [R], clamped at 0 against rounding
  return {kl, entropy};
}
