import {estimateAr1Noise, maxPhi, simulateAr1} from "../analysis/ar1-noise.ts";
import type {Ar1Noise} from "../analysis/ar1-noise.ts";
import {isotonicIncreasing} from "../analysis/isotonic.ts";
import {quantile} from "../analysis/quantile.ts";
import {defaultKnots, splineSmoother} from "../analysis/spline-smoother.ts";
import type {SplineSmoother} from "../analysis/spline-smoother.ts";
import {tQuantile} from "../analysis/student-t.ts";
import {Rng, deriveSeed} from "../random.ts";
import {fallStudentizer} from "./fall-studentizer.ts";

export interface DivergenceOptions {
  /** resamples for the p-value (twice: see phi_high) and for the interval; default 199 */
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
  /** interior knots of the smooth fit that estimates the peak and the fall (the test's has testKnots) */
  knots: number;
  /** noise the test judged the fall against: AR(1) of gold's residuals around the fit of the peak (marginal sd, lag-1 autocorrelation) */
  noise: Ar1Noise;
  /** upper bound of noise.phi at which the test was rerun (one-sided 1 - phiLevel) */
  phi_high: number;
  /** index and step of the smooth fit's gold maximum */
  peak_index: number;
  peak_step: number;
  /** smooth gold at its maximum minus at the last point (>= 0) */
  gold_fall: number;
  /** basic bootstrap interval of gold_fall at 1 - level */
  fall_low: number;
  fall_high: number;
  /** the test's statistic: its fit's fall over that fall's standard error under `noise` */
  t: number;
  /** the test's fit of the proxy: at the last point minus at the test's gold peak */
  proxy_gain: number;
  /** one-sided upper 1 - level bound of proxy_gain (t quantile on n - testKnots - 4 df, the proxy's own AR(1) noise as in 2) */
  proxy_gain_high: number;
  /** p-value of "gold does not fall" (the largest over the two null means and the two autocorrelations) */
  p_value: number;
  /** p_value <= level and proxy_gain_high > 0: gold falls while the proxy does not fall */
  diverges: boolean;
}

/** Interior knots of the test's spline: one turn (a rise then a fall) and no more. */
export const testKnots = 1;
/** One minus the coverage of phi_high. */
export const phiLevel = 0.1;

/**
 * Does gold fall after its peak while the proxy does not, beyond the log's own noise? The design was
 * fixed before the calibration run that bench/import-calibration.ts records; the reasons for each
 * step are in src/docs/import-formats.md ("Divergence test: design"):
 * 1. estimate: a cubic regression spline with round(n / 15) interior knots, 1 to 8
 *    (../analysis/spline-smoother.ts), gives the peak, the fall (smooth maximum minus the last point)
 *    and, from `resamples` draws of AR(1) noise fitted to its residuals (../analysis/ar1-noise.ts),
 *    the basic bootstrap interval of the fall at 1 - level;
 * 2. test statistic: a cubic spline with one interior knot (testKnots) fits gold; t = its fall
 *    (maximum minus last point) over the fall's standard error sd sqrt(c' R_phi c), with sd and phi
 *    the AR(1) noise of the residuals around the fit of 1 (less misfit than the test's own fit) by
 *    moments through that smoother (./fall-studentizer.ts);
 * 3. null "gold never falls" (non-decreasing in step), at two means: flat and the test fit's isotonic
 *    (non-decreasing) fit, smoothed; for each, `resamples` logs = mean + AR(1) noise, each with its
 *    noise re-estimated and its t* computed as in 2 (a studentized bootstrap: the noise estimate's
 *    own error is in the null distribution); p = (1 + #{t* >= t}) / (1 + resamples);
 * 4. the autocorrelation is rerun at its upper bound phi_high = phi + t_{1 - phiLevel, df}
 *    sqrt((1 - phi^2) / df), df = n - testKnots - 4 (when above phi); the test's p is the largest
 *    of the (up to) four;
 * 5. divergence when p <= level and the proxy has not fallen: proxy_gain_high > 0.
 * Returns null with fewer than `minPoints` points.
 */
export function divergenceTest(points: readonly {step: number; proxy: number; gold: number}[], options: DivergenceOptions = {}): DivergenceTest | null {
  const {resamples = 199, level = 0.05, seed = 1, minPoints = 10} = options;
  if (!(Number.isInteger(resamples) && resamples >= 1)) throw new Error(`invalid resamples: ${resamples} (expected an integer >= 1, e.g. 199)`);
  if (!(level > 0 && level < 1)) throw new Error(`invalid level: ${level} (expected a probability in (0, 1), e.g. 0.05)`);
  if (!(Number.isInteger(minPoints) && minPoints >= 6)) throw new Error(`invalid minPoints: ${minPoints} (expected an integer >= 6)`);
  const n = points.length;
  if (n < minPoints) return null;
  const gold = Float64Array.from(points, (p) => p.gold), proxy = Float64Array.from(points, (p) => p.proxy);
  const rng = new Rng(deriveSeed(seed, "divergence"));
  // 1. Estimate.
  const knots = defaultKnots(n);
  const smoother = splineSmoother(n, knots);
  const goldFit = smoother.fit(gold);
  const peak = argmaxOf(goldFit, null);
  const fall = fallAt(goldFit, null, peak);
  const alternative = resampleFalls(smoother, goldFit, estimateAr1Noise(residuals(gold, goldFit), smoother), rng, resamples).sort();
  // 2. Statistic.
  const test = splineSmoother(n, testKnots), studentizer = fallStudentizer(test, smoother);
  const testFit = test.fit(gold);
  const testPeak = argmaxOf(testFit, null);
  const noise = studentizer.noise(residuals(gold, goldFit));
  const t = studentize(fallAt(testFit, null, testPeak), studentizer.fallSd(noise, testPeak));
  // 3-4. Null resamples.
  const isotonic = test.fit(isotonicIncreasing(testFit));
  const e = new Float64Array(n), he = new Float64Array(n), flexible = new Float64Array(n);
  const exceeding = (at: Ar1Noise): number => {
    let flat = 0, rising = 0;
    for (let b = 0; b < resamples; ++b) {
      test.fit(simulateAr1(rng, at, e), he);
      const resampled = studentizer.noise(residuals(e, smoother.fit(e, flexible)));
      for (const mean of [null, isotonic]) {
        const i = argmaxOf(he, mean);
        if (studentize(fallAt(he, mean, i), studentizer.fallSd(resampled, i)) >= t) mean ? ++rising : ++flat;
      }
    }
    return Math.max(flat, rising);
  };
  const df = n - test.p;
  const phi_high = Math.min(maxPhi, noise.phi + tQuantile(1 - phiLevel, df) * Math.sqrt((1 - noise.phi ** 2) / df));
  let exceed = exceeding(noise);
  if (phi_high > noise.phi) exceed = Math.max(exceed, exceeding({sd: noise.sd, phi: phi_high}));
  const p_value = (1 + exceed) / (1 + resamples);
  // 5. The proxy.
  const proxyFit = test.fit(proxy);
  const proxy_gain = -fallAt(proxyFit, null, testPeak);
  const proxy_gain_high = proxy_gain + tQuantile(1 - level, df) * studentizer.fallSd(studentizer.noise(residuals(proxy, smoother.fit(proxy))), testPeak);
  return {
    n, knots, noise, phi_high, peak_index: peak, peak_step: points[peak].step, gold_fall: fall,
    fall_low: 2 * fall - quantile(alternative, 1 - level / 2), fall_high: 2 * fall - quantile(alternative, level / 2),
    t, proxy_gain, proxy_gain_high, p_value, diverges: p_value <= level && proxy_gain_high > 0
  };
}

/** The fall of `fit` + smoothed AR(1) noise, `resamples` times. */
function resampleFalls(smoother: SplineSmoother, fit: Float64Array, noise: Ar1Noise, rng: Rng, resamples: number): Float64Array {
  const e = new Float64Array(fit.length), he = new Float64Array(fit.length), falls = new Float64Array(resamples);
  for (let b = 0; b < resamples; ++b) {
    smoother.fit(simulateAr1(rng, noise, e), he);
    falls[b] = fallAt(he, fit, argmaxOf(he, fit));
  }
  return falls;
}

function residuals(y: Float64Array, fit: Float64Array): Float64Array {
  return y.map((v, i) => v - fit[i]);
}

/** fall / sd; with no noise, +Infinity for a fall and 0 for none. */
function studentize(fall: number, sd: number): number {
  return sd > 0 ? fall / sd : fall > 0 ? Infinity : 0;
}

/** argmax of mean + x (mean null: 0). */
function argmaxOf(x: Float64Array, mean: Float64Array | null): number {
  let best = 0;
  for (let i = 1; i < x.length; ++i) if (x[i] + (mean ? mean[i] : 0) > x[best] + (mean ? mean[best] : 0)) best = i;
  return best;
}

/** (mean + x) at i minus at the last point (mean null: 0). */
function fallAt(x: Float64Array, mean: Float64Array | null, i: number): number {
  const last = x.length - 1;
  return x[i] - x[last] + (mean ? mean[i] - mean[last] : 0);
}
