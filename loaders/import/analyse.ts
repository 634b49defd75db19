import {fitGaoOffset, gaoPeakInterval} from "../analysis/fit-gao-offset.ts";
import type {GaoForm} from "../analysis/gao.ts";
import {monotonicity} from "../analysis/monotonicity.ts";
import {bestCheckpoint} from "./checkpoint.ts";
import {divergenceTest} from "./divergence.ts";
import {forecastGold} from "./forecast.ts";

/** The curves columns the analysis reads. */
export interface CurvePoint {
  readonly point: number;
  readonly proxy_reward: number;
  readonly gold_reward: number | null;
  readonly kl: number | null;
}

/** The Gao forms fitted, with their analysis columns' prefix. */
const gaoForms: readonly (readonly [GaoForm, string])[] = [["rl", "gao"], ["bon", "bon"]];

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** The analysis columns of imported_analysis (io/schema/imported.ts), less the source columns. */
export const analysisColumns = [
  "points", "paired_points", "first_step", "last_step", "spearman", "kendall",
  "gao_alpha", "gao_beta", "gao_c", "gao_peak_d", "gao_peak_d_low", "gao_peak_d_high", "gao_r2",
  "bon_alpha", "bon_beta", "bon_c", "bon_peak_d", "bon_peak_d_low", "bon_peak_d_high", "bon_r2",
  "gold_peak_step", "best_gold", "proxy_best_step", "gold_at_proxy_best", "proxy_selection_cost",
  "smooth_peak_step", "gold_fall", "gold_fall_low", "gold_fall_high", "proxy_gain", "divergence_p", "divergence_step", "noise_sd", "noise_ar1",
  "forecast_from_step", "forecast_peak_step", "forecast_fall"
] as const;

/**
 * The overoptimization analysis of one imported curve (steps in order), over the points with both
 * proxy and gold:
 * 1. rank correlation of proxy with gold (Spearman, Kendall);
 * 2. the best checkpoint by gold and the cost of picking by proxy (./checkpoint.ts);
 * 3. the divergence test: does gold fall after its peak, beyond the log's noise, while the proxy
 *    rises (./divergence.ts: a p-value, the fall with an interval, the noise it was judged against);
 * 4. over the points with KL too, Gao et al.'s RL and best-of-n forms with a free offset against
 *    d = sqrt(max(KL, 0)), each with a 95% residual block-bootstrap interval on the peak's d
 *    (../analysis/fit-gao-offset.ts);
 * 5. the forecast from the first half of those points (./forecast.ts): where gold peaks and how far it
 *    falls by the last step, to compare with what the log shows (smooth_peak_step, gold_fall).
 * Deviation from Gao et al.: the offset c is fitted (the log's first point need not be the initial
 * policy) unless the first point's |KL| is at most 1% of the largest KL, when c is its gold; a
 * negative sampled KL counts as d = 0.
 */
export function analyseCurve(points: readonly CurvePoint[]): Record<string, number | null> {
  const paired = points.filter((p) => p.gold_reward !== null).map((p) => ({step: p.point, proxy: p.proxy_reward, gold: p.gold_reward!, kl: p.kl}));
  const result: Record<string, number | null> = Object.fromEntries(analysisColumns.map((c) => [c, null]));
  Object.assign(result, {points: points.length, paired_points: paired.length, first_step: points[0]?.point ?? 0, last_step: points.at(-1)?.point ?? 0});
  if (paired.length === 0) return result;
  // 1. Rank correlation.
  if (paired.length >= 3) {
    const m = monotonicity(paired, {x: "proxy", y: "gold"});
    Object.assign(result, {spearman: finite(m.rho), kendall: finite(m.tau)});
  }
  // 2. Best checkpoint.
  const best = bestCheckpoint(paired)!;
  Object.assign(result, {gold_peak_step: best.best_gold_step, best_gold: best.best_gold, proxy_best_step: best.proxy_best_step, gold_at_proxy_best: best.gold_at_proxy_best, proxy_selection_cost: best.proxy_selection_cost});
  // 3. Divergence.
  const test = divergenceTest(paired);
  if (test) {
    Object.assign(result, {
      smooth_peak_step: test.peak_step, gold_fall: test.gold_fall, gold_fall_low: test.fall_low, gold_fall_high: test.fall_high, proxy_gain: test.proxy_gain,
      divergence_p: test.p_value, divergence_step: test.diverges ? test.peak_step : null, noise_sd: test.noise.sd, noise_ar1: test.noise.phi
    });
  }
  // 4. Gao fits.
  const withKl = paired.filter((p) => p.kl !== null).map((p) => ({...p, kl: p.kl!}));
  const ds = withKl.map((p) => Math.sqrt(Math.max(p.kl, 0))), golds = withKl.map((p) => p.gold);
  const fixedC = withKl.length > 0 && Math.abs(withKl[0].kl) <= 0.01 * Math.max(...withKl.map((p) => p.kl)) ? withKl[0].gold : null;
  for (const [form, prefix] of gaoForms) {
    if (withKl.length < 4) break;
    try {
      const fit = fitGaoOffset(ds, golds, form, fixedC);
      const interval = gaoPeakInterval(ds, golds, fit, {fixedC});
      Object.assign(result, {[`${prefix}_alpha`]: fit.alpha, [`${prefix}_beta`]: fit.beta, [`${prefix}_c`]: fit.c, [`${prefix}_peak_d`]: fit.peak_d, [`${prefix}_peak_d_low`]: interval.low, [`${prefix}_peak_d_high`]: interval.high, [`${prefix}_r2`]: fit.r2});
    } catch {
      // fewer than 3 distinct d: the columns stay null
    }
  }
  // 5. Forecast.
  if (withKl.length >= 10) {
    const forecast = forecastGold(withKl, withKl[Math.floor(withKl.length / 2) - 1].step, withKl.at(-1)!.step);
    if (forecast) Object.assign(result, {forecast_from_step: forecast.from_step, forecast_peak_step: forecast.peak_step, forecast_fall: forecast.fall});
  }
  return result;
}
