import {Rng, deriveSeed} from "../random.ts";
import {type GaoForm, gaoForms, gaoPeak, gaoReward} from "./gao.ts";
import {quantile} from "./quantile.ts";

export interface GaoOffsetFit {
  form: GaoForm;
  alpha: number;
  beta: number;
  /** the offset: gold of the initial policy (d = 0) on the log's scale */
  c: number;
  /** the interior maximiser d* > 0, or null when the curve has none (./gao.ts gaoPeak) */
  peak_d: number | null;
  /** c + R(d*), or null with peak_d */
  peak_reward: number | null;
  /** 1 - SS_res / SS_tot; null when every reward is equal */
  r2: number | null;
  n: number;
}

/**
 * Least-squares fit of a Gao et al. 2022 curve with a free offset, gold = c + d (alpha - beta d)
 * (bon) or c + d (alpha - beta log d) (rl): linear in (c, alpha, beta), solved from the 3 x 3
 * normal equations. Unlike ./fit-gao.ts (through the origin), it fits a log that starts after KL 0,
 * whose first gold is not the initial policy's. With `fixedC` (a log whose first point has KL ~ 0:
 * its gold is the initial policy's) c is that value and only alpha, beta are fitted, through
 * (0, c). Throws with fewer than 3 distinct d (2 with fixedC).
 */
export function fitGaoOffset(ds: readonly number[], rs: readonly number[], form: GaoForm = "rl", fixedC: number | null = null): GaoOffsetFit {
  if (!gaoForms.includes(form)) throw new Error(`invalid form: ${String(form)} (expected "bon" or "rl")`);
  if (ds.length !== rs.length) throw new Error(`invalid data: ${ds.length} d values for ${rs.length} rewards`);
  const n = ds.length;
  for (const d of ds) if (!(d >= 0)) throw new Error(`invalid d: ${d} (expected d = sqrt(KL) >= 0; clamp negative KL estimates to 0)`);
  const feature = form === "bon" ? (d: number) => -d * d : (d: number) => (d === 0 ? 0 : -d * Math.log(d));
  // Centre the columns (a free offset absorbs the means; a fixed one is subtracted), then solve the
  // 2 x 2 normal equations for alpha, beta.
  const f2 = ds.map(feature);
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / n;
  const fixed = fixedC !== null;
  const m1 = fixed ? 0 : mean(ds), m2 = fixed ? 0 : mean(f2), mr = fixed ? fixedC : mean(rs), rMean = mean(rs);
  let s11 = 0, s12 = 0, s22 = 0, b1 = 0, b2 = 0, ssTot = 0;
  for (let k = 0; k < n; ++k) {
    const x1 = ds[k] - m1, x2 = f2[k] - m2, r = rs[k] - mr;
    s11 += x1 * x1, s12 += x1 * x2, s22 += x2 * x2, b1 += x1 * r, b2 += x2 * r, ssTot += (rs[k] - rMean) ** 2;
  }
  const det = s11 * s22 - s12 * s12;
  if (!(n >= (fixed ? 2 : 3) && s11 > 0 && s22 > 0 && det > 1e-12 * s11 * s22)) {
    throw new Error(`cannot fit the ${form} form with an offset to ${n} points: it needs at least 3 distinct d = sqrt(KL) (add points at more KL budgets)`);
  }
  const alpha = (s22 * b1 - s12 * b2) / det, beta = (s11 * b2 - s12 * b1) / det;
  const c = mr - alpha * m1 - beta * m2;
  let ssRes = 0;
  for (let k = 0; k < n; ++k) ssRes += (rs[k] - c - gaoReward(form, alpha, beta, ds[k])) ** 2;
  const {peak_d, peak_reward} = gaoPeak(form, alpha, beta);
  return {form, alpha, beta, c, peak_d, peak_reward: peak_reward === null ? null : c + gaoReward(form, alpha, beta, peak_d!), r2: ssTot > 0 ? 1 - ssRes / ssTot : null, n};
}

export interface PeakIntervalOptions {
  /** resamples; default 199 */
  resamples?: number;
  /** central coverage; default 0.95 */
  level?: number;
  /** default 1 */
  seed?: number;
  /** the fit's fixed offset, if it had one (refits keep it); default null */
  fixedC?: number | null;
}

/**
 * An interval on the peak's d = sqrt(KL) by a residual moving-block bootstrap (blocks of
 * round(n^(1/3)) consecutive residuals, in the log's order, keep its autocorrelation): refit to
 * fitted + resampled residuals, percentiles of d* with "no interior peak" counted as d* = infinity.
 * An upper bound of infinity is returned as null (the data do not rule out a curve that never turns).
 */
export function gaoPeakInterval(ds: readonly number[], rs: readonly number[], fit: GaoOffsetFit, options: PeakIntervalOptions = {}): {low: number | null; high: number | null} {
  const {resamples = 199, level = 0.95, seed = 1, fixedC = null} = options;
  const n = ds.length;
  const fitted = ds.map((d) => fit.c + gaoReward(fit.form, fit.alpha, fit.beta, d));
  const residuals = rs.map((r, k) => r - fitted[k]);
  const block = Math.max(1, Math.round(Math.cbrt(n)));
  const rng = new Rng(deriveSeed(seed, "gao-peak-interval", fit.form));
  const peaks = new Float64Array(resamples);
  const y = new Array<number>(n);
  for (let b = 0; b < resamples; ++b) {
    for (let k = 0; k < n; k += block) {
      const start = rng.int(n - block + 1);
      for (let j = 0; j < block && k + j < n; ++j) y[k + j] = fitted[k + j] + residuals[start + j];
    }
    try {
      peaks[b] = fitGaoOffset(ds, y, fit.form, fixedC).peak_d ?? Infinity;
    } catch {
      peaks[b] = Infinity;
    }
  }
  peaks.sort();
  const bound = (p: number) => {
    const q = quantile(peaks, p);
    return Number.isFinite(q) ? q : null;
  };
  return {low: bound((1 - level) / 2), high: bound((1 + level) / 2)};
}
