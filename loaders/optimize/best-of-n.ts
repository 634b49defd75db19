/**
 * Best-of-n over a finite pool drawn from pi_0, with the unbiased estimator of Coste et al.
 * (their eq. for E[R | n]; we sort proxy and every reported quantity *together*, fixing the
 * re-sort bug of their public code) and the exact KL of the distribution that estimator ranks:
 * n draws without replacement from K pool items. Gao et al.'s analytic log n - (n - 1) / n is its
 * K -> infinity limit and understates it (by 2.3% at n = 1024, K = 4096).
 */

/**
 * KL(best-of-n || pi_0) = log n - (n - 1) / n nats (Gao et al.): exact for a continuous proxy with
 * i.i.d. draws, the infinite-pool limit of `bestOfNKlFinite`.
 */
export function bestOfNKl(n: number): number {
  return Math.log(n) - (n - 1) / n;
}

/** log C(a, b) from a table of log factorials. */
function logChoose(logFact: Float64Array, a: number, b: number): number {
  return logFact[a] - logFact[b] - logFact[a - b];
}

export function logFactorials(n: number): Float64Array {
  const t = new Float64Array(n + 1);
  for (let i = 2; i <= n; ++i) t[i] = t[i - 1] + Math.log(i);
  return t;
}

/**
 * Weights w_i(n) = C(i - 1, n - 1) / C(K, n) for the i-th smallest of K pool items (1-based),
 * zero for i < n: the probability that item i is the maximum of n draws without replacement.
 */
export function bestOfNWeights(K: number, n: number, logFact: Float64Array = logFactorials(K)): Float64Array {
  const w = new Float64Array(K);
  const denominator = logChoose(logFact, K, n);
  for (let i = n; i <= K; ++i) w[i - 1] = Math.exp(logChoose(logFact, i - 1, n - 1) - denominator);
  return w;
}

/** Indices of one prompt's pool sorted by proxy ascending, ties broken by index (deterministic). */
export function sortByProxy(proxy: Float64Array, offset: number, K: number): Int32Array {
  const order = Int32Array.from({length: K}, (_, i) => offset + i);
  order.sort((a, b) => proxy[a] - proxy[b] || a - b);
  return order;
}

export interface PointEstimate {
  readonly n: number;
  /** exact KL(best-of-n || pi_0) over the pool, bestOfNKlFinite(poolSize, n), in nats */
  readonly kl: number;
  /** expectations of each named quantity under best-of-n, averaged over prompts */
  readonly values: Record<string, number>;
}

/**
 * Expected value of each quantity (arrays over P * K pool items) under best-of-n selection by
 * `proxy`, averaged over P prompts, for each n in `ns` (each n <= K).
 */
export function bestOfN(proxy: Float64Array, quantities: Record<string, Float64Array>, {prompts, poolSize, ns}: {prompts: number; poolSize: number; ns: readonly number[]}): PointEstimate[] {
  const K = poolSize;
  const logFact = logFactorials(K);
  const weights = ns.map((n) => bestOfNWeights(K, n, logFact));
  const names = Object.keys(quantities);
  const sums = ns.map(() => Object.fromEntries(names.map((k): [string, number] => [k, 0])));
  for (let p = 0; p < prompts; ++p) {
    const order = sortByProxy(proxy, p * K, K);
    for (let j = 0; j < ns.length; ++j) {
      const w = weights[j];
      for (const name of names) {
        const q = quantities[name];
        let s = 0;
        for (let i = ns[j] - 1; i < K; ++i) s += w[i] * q[order[i]];
        sums[j][name] += s;
      }
    }
  }
  return ns.map((n, j) => ({n, kl: klToUniformPool(weights[j]), values: Object.fromEntries(names.map((k) => [k, sums[j][k] / prompts]))}));
}

/** Exact KL of best-of-n over a finite pool of K distinct items against uniform pi_0 (what `bestOfN` reports). */
export function bestOfNKlFinite(K: number, n: number): number {
  return klToUniformPool(bestOfNWeights(K, n));
}

/** KL(w || uniform) over the K = w.length pool items, in nats. */
function klToUniformPool(w: Float64Array): number {
  let kl = 0;
  for (const p of w) if (p > 0) kl += p * Math.log(p * w.length);
  return Math.max(0, kl); // a KL is >= 0: at n = 1 the weights' rounding (log factorials) gave -8e-14, so sqrt(KL) NaN
}
