/**
 * The sign test for the median of per-seed values and its inverted interval (order statistics):
 * exact for any distribution of the per-seed values, skewed, heavy-tailed or discrete (closed
 * intervals, so ties only make it conservative). The count of values above the true median is
 * Binomial(n, 1/2) whatever their distribution, so [x(k), x(n+1-k)] covers it with probability
 * at least 1 - 2 P(Binomial(n, 1/2) <= k - 1) (Conover 1999, "Practical nonparametric statistics",
 * 3.2). No interval for the mean has that property at small n (Bahadur & Savage 1956); a sign-flip
 * test of the mean is exact only for symmetric values, and a Student-t interval only for normal ones.
 * The price: the smallest two-sided p with n seeds is 2 / 2^n (minSeedsForLevel).
 */

export interface SignTestOptions {
  /** nominal central coverage of the interval, in (0, 1); default 0.9 */
  level?: number;
}

export interface SignTestResult {
  /** values (seeds) */
  n: number;
  /** their median (the mean of the middle two for an even count) */
  estimate: number;
  /** x(k) and x(n+1-k), the order statistics of the interval; NaN when n is below minSeedsForLevel(level) */
  lower: number;
  upper: number;
  /** coverage the interval attains (>= level): 1 - 2 P(Binomial(n, 1/2) <= k - 1); NaN when too few seeds */
  attained: number;
  /** one-sided p of H0 median <= 0 against > 0: P(Binomial(n, 1/2) >= values > 0) (a 0 counts against) */
  p_greater: number;
  /** one-sided p of H0 median >= 0 against < 0 */
  p_less: number;
  /** two-sided p, min(1, 2 min(p_greater, p_less)) */
  p_value: number;
}

/** P(Binomial(n, 1/2) <= k), exact to rounding for n up to 1022. */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  // C(n, i) / 2^n, summed from i = 0 upward (2^-n stays a normal double up to n = 1022).
  let term = 2 ** -n, sum = 0;
  for (let i = 0; i <= k; ++i) {
    if (i > 0) term *= (n - i + 1) / i;
    sum += term;
  }
  return Math.min(1, sum);
}

/**
 * The rank k of the interval [x(k), x(n+1-k)] at `level`: the largest k with
 * 2 P(Binomial(n, 1/2) <= k - 1) <= 1 - level; 0 when even [x(1), x(n)] falls short.
 */
export function signTestRank(n: number, level: number): number {
  checkLevel(level);
  const key = `${n} ${level}`;
  let k = ranks.get(key);
  if (k === undefined) {
    k = 0;
    while (k < Math.floor(n / 2) && 2 * binomialHalfCdf(k, n) <= 1 - level) ++k;
    ranks.set(key, k);
  }
  return k;
}
const ranks = new Map<string, number>();

/** The fewest seeds whose sign-test interval reaches `level`: the smallest n with 2 / 2^n <= 1 - level. */
export function minSeedsForLevel(level: number): number {
  checkLevel(level);
  return Math.max(1, Math.ceil(Math.log2(2 / (1 - level)) - 1e-12));
}

/** Sign test of median 0 and the median's interval at `level` (module doc). */
export function signTest(values: ArrayLike<number>, {level = 0.9}: SignTestOptions = {}): SignTestResult {
  checkLevel(level);
  const n = values.length;
  if (n === 0) throw new Error("invalid values: empty (expected one value per seed)");
  const x = Float64Array.from(values).sort();
  for (const v of x) if (!Number.isFinite(v)) throw new Error(`invalid values: ${v} (expected finite per-seed values)`);
  const estimate = n % 2 ? x[(n - 1) / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
  const k = signTestRank(n, level);
  let above = 0, below = 0;
  for (const v of x) (v > 0 ? ++above : v < 0 ? ++below : 0);
  // P(B >= a) = P(B <= n - a) by symmetry, summed on the small side.
  const p_greater = binomialHalfCdf(n - above, n), p_less = binomialHalfCdf(n - below, n);
  return {
    n, estimate,
    lower: k ? x[k - 1] : NaN,
    upper: k ? x[n - k] : NaN,
    attained: k ? 1 - 2 * binomialHalfCdf(k - 1, n) : NaN,
    p_greater, p_less,
    p_value: Math.min(1, 2 * Math.min(p_greater, p_less))
  };
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new Error(`invalid level: ${level} (expected a coverage in (0, 1), e.g. 0.9)`);
}
