import {estimateAr1Noise, simulateAr1} from "../analysis/ar1-noise.ts";
import type {Ar1Noise} from "../analysis/ar1-noise.ts";
import {isotonicIncreasing} from "../analysis/isotonic.ts";
import {quantile} from "../analysis/quantile.ts";
import {defaultKnots, splineSmoother} from "../analysis/spline-smoother.ts";
import {Rng, deriveSeed} from "../random.ts";

export interface DivergenceOptions {
  /** resamples for the p-value and for the interval; default 199 */
  resamples?: number;
  /** level of the test (divergence when p <= level) and 1 - coverage of the interval; default 0.05 */
  level?: number;
  /** seed of the resampling; default 1 */
  seed?: number;
  /** fewest paired points to test (fewer: no test, p null); default 10 */
  minPoints?: number;
}

export interface DivergenceTest {
  /** points tested */
  n: number;
  /** interior knots of the smooth fit */
  knots: number;
  /** noise of the log around the smooth fit (marginal sd and lag-1 autocorrelation) */
  noise: Ar1Noise;
  /** index and step of the smooth fit's gold maximum */
  peak_index: number;
  peak_step: number;
  /** smooth gold at its maximum minus at the last point (>= 0) */
  gold_fall: number;
  /** basic bootstrap interval of gold_fall at 1 - level */
  fall_low: number;
  fall_high: number;
  /** smooth proxy at the last point minus at the gold peak */
  proxy_gain: number;
  /** p-value of "gold does not fall" (the larger of the two null means' p-values) */
  p_value: number;
  /** p_value <= level and proxy_gain > 0: gold falls while the proxy rises */
  diverges: boolean;
}

/**
 * Does gold fall after its peak while the proxy rises, beyond the log's own noise? The design
 * (fixed before any calibration was run; bench/import-calibration.ts measures its error rates):
 * 1. smooth gold and proxy (in step order, against the index) with a cubic regression spline with
 *    round(n / 15) interior knots, 1 to 8 (../analysis/spline-smoother.ts);
 * 2. the statistic T = the smooth gold's maximum minus its value at the last point (the fall);
 * 3. the noise: AR(1) fitted to gold's residuals around the spline by moments, the smoother's own
 *    shrinkage removed (../analysis/ar1-noise.ts);
 * 4. the null "gold never falls" (gold non-decreasing in step), tested at two null means: flat (the
 *    least favourable when the smoother keeps a non-decreasing mean non-decreasing) and the isotonic
 *    (non-decreasing) fit of the smooth gold (which keeps a smoother's overshoot at a knee). For each,
 *    `resamples` logs = mean + simulated AR(1) noise, smoothed again, give T*; the p-value of each is
 *    (1 + #{T* >= T}) / (1 + resamples), and the test's is the larger (a supremum over the null);
 * 5. the interval of the fall: the basic bootstrap [2T - q(1 - level/2), 2T - q(level/2)] of T* from
 *    the smooth gold + simulated noise (the same draws);
 * 6. divergence when p <= level and the smooth proxy ends above its value at the gold peak.
 * Returns null with fewer than `minPoints` points.
 */
export function divergenceTest(points: readonly {step: number; proxy: number; gold: number}[], options: DivergenceOptions = {}): DivergenceTest | null {
  const {resamples = 199, level = 0.05, seed = 1, minPoints = 10} = options;
  if (!(Number.isInteger(resamples) && resamples >= 1)) throw new Error(`invalid resamples: ${resamples} (expected an integer >= 1, e.g. 199)`);
  if (!(level > 0 && level < 1)) throw new Error(`invalid level: ${level} (expected a probability in (0, 1), e.g. 0.05)`);
  if (!(Number.isInteger(minPoints) && minPoints >= 6)) throw new Error(`invalid minPoints: ${minPoints} (expected an integer >= 6)`);
  const n = points.length;
  if (n < minPoints) return null;
  // 1. Smooth.
  const knots = defaultKnots(n);
  const smoother = splineSmoother(n, knots);
  const gold = Float64Array.from(points, (p) => p.gold);
  const goldFit = smoother.fit(gold), proxyFit = smoother.fit(Float64Array.from(points, (p) => p.proxy));
  // 2. The fall.
  const peak = argmax(goldFit);
  const fall = goldFit[peak] - goldFit[n - 1];
  // 3. Noise.
  const noise = estimateAr1Noise(gold.map((g, i) => g - goldFit[i]), smoother);
  // 4-5. Resample.
  const isotonic = smoother.fit(isotonicIncreasing(goldFit));
  const rng = new Rng(deriveSeed(seed, "divergence"));
  const e = new Float64Array(n), he = new Float64Array(n), alternative = new Float64Array(resamples);
  let exceedFlat = 0, exceedIsotonic = 0;
  for (let b = 0; b < resamples; ++b) {
    smoother.fit(simulateAr1(rng, noise, e), he);
    if (fallOf(he, null) >= fall) ++exceedFlat;
    if (fallOf(he, isotonic) >= fall) ++exceedIsotonic;
    alternative[b] = fallOf(he, goldFit);
  }
  alternative.sort();
  const p_value = (1 + Math.max(exceedFlat, exceedIsotonic)) / (1 + resamples);
  const proxy_gain = proxyFit[n - 1] - proxyFit[peak];
  return {
    n, knots, noise, peak_index: peak, peak_step: points[peak].step, gold_fall: fall,
    fall_low: 2 * fall - quantile(alternative, 1 - level / 2), fall_high: 2 * fall - quantile(alternative, level / 2),
    proxy_gain, p_value, diverges: p_value <= level && proxy_gain > 0
  };
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; ++i) if (values[i] > values[best]) best = i;
  return best;
}

/** max(mean + x) - (mean + x) at the last point (mean null: 0). */
function fallOf(x: Float64Array, mean: Float64Array | null): number {
  let max = -Infinity;
  for (let i = 0; i < x.length; ++i) max = Math.max(max, x[i] + (mean ? mean[i] : 0));
  return max - x[x.length - 1] - (mean ? mean[x.length - 1] : 0);
}
