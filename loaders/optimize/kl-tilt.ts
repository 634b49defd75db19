/**
 * The exact KL-regularised optimum over a finite pool: pi_beta(y|x) ∝ pi_0(y|x) exp(r(y) / beta)
 * with pi_0 uniform over the pool, the maximiser of E[r] - beta KL(pi || pi_0). No RL noise: the
 * policy, its KL and every expectation are computed exactly.
 */

/** Log-spaced grid from `from` down to `to` (inclusive), `count` points. */
export function betaGrid({from = 10, to = 0.02, count = 20}: {from?: number; to?: number; count?: number} = {}): number[] {
  if (count === 1) return [from];
  return Array.from({length: count}, (_, i) => from * Math.pow(to / from, i / (count - 1)));
}

/** pi_beta over one prompt's pool (items offset..offset+K-1) as probabilities. */
export function tiltedPolicy(proxy: Float64Array, offset: number, K: number, beta: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < K; ++i) max = Math.max(max, proxy[offset + i] / beta);
  const p = new Float64Array(K);
  let z = 0;
  for (let i = 0; i < K; ++i) z += p[i] = Math.exp(proxy[offset + i] / beta - max);
  for (let i = 0; i < K; ++i) p[i] /= z;
  return p;
}

/** KL(p || uniform over K) in nats. */
export function klToUniform(p: Float64Array): number {
  const K = p.length;
  let kl = 0;
  for (const q of p) if (q > 0) kl += q * Math.log(q * K);
  return kl;
}

export interface TiltPoint {
  readonly beta: number;
  readonly kl: number;
  readonly values: Record<string, number>;
}

/**
 * Expectations of each quantity under pi_beta, averaged over prompts, for each beta. One pass per
 * prompt and beta: with e_i = exp((r_i - max) / beta) and z = sum e_i,
 *   E[q] = sum e_i q_i / z,   KL = (E[r] - max) / beta - log z + log K.
 */
export function klTilt(proxy: Float64Array, quantities: Record<string, Float64Array>, {prompts, poolSize, betas}: {prompts: number; poolSize: number; betas: readonly number[]}): TiltPoint[] {
  const K = poolSize;
  const names = Object.keys(quantities);
  const columns = names.map((k) => quantities[k]);
  const sums = new Float64Array(names.length);
  return betas.map((beta) => {
    let kl = 0;
    sums.fill(0);
    for (let p = 0; p < prompts; ++p) {
      const offset = p * K;
      let max = -Infinity;
      for (let i = offset; i < offset + K; ++i) if (proxy[i] > max) max = proxy[i];
      let z = 0;
      let er = 0;
      const acc = new Float64Array(columns.length);
      for (let i = offset; i < offset + K; ++i) {
        const e = Math.exp((proxy[i] - max) / beta);
        z += e;
        er += e * proxy[i];
        for (let c = 0; c < columns.length; ++c) acc[c] += e * columns[c][i];
      }
      kl += (er / z - max) / beta - Math.log(z) + Math.log(K);
      for (let c = 0; c < columns.length; ++c) sums[c] += acc[c] / z;
    }
    return {beta, kl: Math.max(kl / prompts, 0), values: Object.fromEntries(names.map((k, c) => [k, sums[c] / prompts]))};
  });
}

/**
 * The coefficient beta at which the exact KL-regularised optimum pi_beta ∝ pi_0 exp(r / beta)
 * over each prompt's pool has mean KL(pi_beta || pi_0) = kl (nats), by bisection on log beta (the
 * KL falls monotonically from the argmax's KL as beta -> 0 to 0 as beta -> infinity). Throws
 * unless 0 < kl < the KL of the per-prompt argmax (at most ln K).
 */
export function betaForKl(proxy: Float64Array, {prompts, poolSize, kl}: {prompts: number; poolSize: number; kl: number}): number {
  const at = (beta: number) => klTilt(proxy, {}, {prompts, poolSize, betas: [beta]})[0].kl;
  let lo = Math.log(1e-8), hi = Math.log(1e8);
  if (!(kl > 0 && kl < at(Math.exp(lo)))) throw new Error(`invalid kl_target: ${kl} (expected a KL in (0, ${at(Math.exp(lo)).toFixed(3)}) nats, below the per-prompt argmax's)`);
  for (let i = 0; i < 100 && hi - lo > 1e-10; ++i) {
    const mid = (lo + hi) / 2;
    if (at(Math.exp(mid)) > kl) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}
