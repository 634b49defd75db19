/**
 * Sampling from the policy. Batched `tf.multinomial` repeats the same draws in every row on
 * tfjs-core 4.22 (platform.md), so responses are drawn by Gumbel-max over seeded uniforms:
 * argmax_k (log pi_k + g_k), g_k = -log(-log u_k), is an exact draw from softmax(log pi).
 */
import {tf} from "../tf.ts";

/**
 * n uniforms in (0, 1) from a counter-based generator (splitmix32 of seed + counter): a batch's
 * draws depend only on its seed, and B * S * K of them per step cost well under a millisecond.
 */
export function seededUniforms(n: number, seed: number): Float32Array {
  const u = new Float32Array(n);
  let state = seed | 0;
  for (let i = 0; i < n; ++i) {
    state = (state + 0x9e3779b9) | 0;
    let h = state;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    u[i] = ((h >>> 8) + 0.5) / 16777216; // 24 bits, strictly inside (0, 1) in float32
  }
  return u;
}

/** S draws per row of log-probabilities [R, K] -> indices int32 [R, S]. */
export function gumbelMax(logp: tf.Tensor2D, samples: number, seed: number): tf.Tensor2D {
  const [R, K] = logp.shape;
  return tf.tidy(() => {
    const u = tf.tensor3d(seededUniforms(R * samples * K, seed), [R, samples, K]); // [R, S, K]
    const g = tf.neg(tf.log(tf.neg(tf.log(u)))); // Gumbel(0, 1)
    return tf.argMax(tf.add(tf.expandDims(logp, 1), g), 2) as tf.Tensor2D; // [R, S]
  });
}

/** Inverse-CDF draw from probabilities p with a uniform u in [0, 1). */
export function sampleIndex(p: Float64Array, u: number): number {
  let c = 0;
  for (let i = 0; i < p.length; ++i) {
    c += p[i];
    if (u < c) return i;
  }
  for (let i = p.length - 1; i >= 0; --i) if (p[i] > 0) return i;
  return p.length - 1;
}
