import {fitGaoOffset} from "../analysis/fit-gao-offset.ts";
import {gaoReward} from "../analysis/gao.ts";

export interface GoldForecast {
  /** the last step the forecast saw */
  from_step: number;
  /** points it was fitted to */
  points: number;
  /** the step where gold is forecast to peak (null: no peak forecast, the fitted curve never turns) */
  peak_step: number | null;
  /** forecast gold at the peak minus at end_step (0 when the peak is forecast after end_step) */
  fall: number | null;
  /** the step the fall is forecast to */
  end_step: number;
}

/**
 * An early warning from the first part of a run: fit Gao et al.'s RL form with a free offset to gold
 * against d = sqrt(KL) over the points up to `fromStep` (../analysis/fit-gao-offset.ts), and KL's
 * growth as a power of the step, KL = a step^b (least squares in logs, over points with KL > 0 and
 * step > 0); then the peak's step is where that KL reaches d*^2, and the fall is the fitted gold at d*
 * minus at the KL forecast for `endStep`. Assumes KL keeps growing as it did (a KL controller or a
 * schedule change breaks it). Null with fewer than 5 points before fromStep, KL not growing, or no fit.
 */
export function forecastGold(points: readonly {step: number; gold: number; kl: number}[], fromStep: number, endStep: number): GoldForecast | null {
  const seen = points.filter((p) => p.step <= fromStep);
  if (seen.length < 5) return null;
  let fit;
  try {
    fit = fitGaoOffset(seen.map((p) => Math.sqrt(Math.max(p.kl, 0))), seen.map((p) => p.gold), "rl");
  } catch {
    return null;
  }
  const growth = powerLaw(seen.filter((p) => p.kl > 0 && p.step > 0).map((p) => [Math.log(p.step), Math.log(p.kl)]));
  if (growth === null || !(growth.b > 0)) return null;
  const klAt = (step: number) => Math.exp(growth.a + growth.b * Math.log(step));
  const dEnd = Math.sqrt(klAt(endStep));
  const base = {from_step: fromStep, points: seen.length, end_step: endStep};
  if (fit.peak_d === null) return {...base, peak_step: null, fall: 0};
  const peak_step = Math.exp((2 * Math.log(fit.peak_d) - growth.a) / growth.b);
  const fall = peak_step >= endStep ? 0 : gaoReward("rl", fit.alpha, fit.beta, fit.peak_d) - gaoReward("rl", fit.alpha, fit.beta, dEnd);
  return {...base, peak_step, fall};
}

/** Least-squares line y = a + b x through (x, y) pairs; null with fewer than 2 distinct x. */
function powerLaw(xy: number[][]): {a: number; b: number} | null {
  const n = xy.length;
  if (n < 2) return null;
  const mx = xy.reduce((s, [x]) => s + x, 0) / n, my = xy.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0, sxy = 0;
  for (const [x, y] of xy) sxx += (x - mx) ** 2, sxy += (x - mx) * (y - my);
  if (!(sxx > 0)) return null;
  const b = sxy / sxx;
  return {a: my - b * mx, b};
}
