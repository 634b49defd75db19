/**
 * Sampling from the policy. Batched `tf.multinomial` repeats the same draws in every row on
 * tfjs-core 4.22 (platform.md), so responses are drawn by Gumbel-max over seeded uniforms:
 * argmax_k (log pi_k + g_k), g_k = -log(-log u_k), is an exact draw from softmax(log pi).
 */
import {ranked, tf} from "../tf.ts";

/** murmur3's 32-bit finaliser (fmix32): a bijection on 32-bit integers with full avalanche. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The top 23 bits of a 32-bit hash as the midpoint of one of 2^23 equal cells of (0, 1): every value
 * is exact in float32, from 2^-24 to 1 - 2^-24. (Midpoints of 2^24 cells need 25 significant bits:
 * float32 rounds the top one to 1, whose Gumbel noise -log(-log u) is +Infinity.)
 */
export function unitFromBits(h: number): number {
  return ((h >>> 9) + 0.5) / 8388608;
}

/**
 * n uniforms in (0, 1) from a counter-based generator: value i is a hash of (seed, i) alone, so a
 * batch's draws depend only on its seed and a length-m call is the prefix of a length-n one.
 * Construction: keys k1 = fmix32(seed), k2 = fmix32(k1 ^ 0x6a09e667); value i is
 * unitFromBits(fmix32(fmix32(k1 ^ i) + k2)), all mod 2^32. Seed and index meet only inside the
 * hashes, never as a sum: a Weyl sequence (a hash of seed + i * step) makes seeds s and s + k * step
 * shifted copies of one stream. The second key breaks the remaining coincidence: k1 ^ i = k1' ^ j
 * for two seeds gives equal inner hashes, which their different k2 then separate.
 * B * S * K values per step cost well under a millisecond.
 */
export function seededUniforms(n: number, seed: number): Float32Array {
  const u = new Float32Array(n);
  const k1 = fmix32(seed | 0);
  const k2 = fmix32(k1 ^ 0x6a09e667);
  for (let i = 0; i < n; ++i) u[i] = unitFromBits(fmix32((fmix32(k1 ^ i) + k2) | 0));
  return u;
}

/** S draws per row of log-probabilities [R, K] -> indices int32 [R, S]. */
export function gumbelMax(logp: tf.Tensor2D, samples: number, seed: number): tf.Tensor2D {
  const [R, K] = logp.shape;
  return tf.tidy(() => {
    const u = tf.tensor3d(seededUniforms(R * samples * K, seed), [R, samples, K]); // [R, S, K]
    const g = tf.neg(tf.log(tf.neg(tf.log(u)))); // Gumbel(0, 1)
    return ranked(tf.argMax(tf.add(tf.expandDims(logp, 1), g), 2), 2); // [R, S]
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
