import {kendall} from "../analysis/kendall.ts";

export interface DivergenceOptions {
  /** points in the centred moving average that finds the gold peak (odd, >= 1); default 5 */
  window?: number;
  /** fewest points from the peak to the end (the peak included); default 3 */
  minTail?: number;
}

export interface Divergence {
  /** step of the gold peak, after which gold falls while proxy rises */
  step: number;
  /** index of that point */
  index: number;
  /** smoothed gold at the peak minus at the last point (> 0) */
  gold_fall: number;
  /** smoothed proxy at the last point minus at the peak (> 0) */
  proxy_gain: number;
}

/**
 * The divergence point of a log with proxy and gold, in step order: the step after which gold falls
 * while proxy rises. Precisely:
 * 1. smooth gold and proxy with a centred moving average of `window` points (shorter at the ends);
 * 2. the candidate is the first maximum of smoothed gold, with at least `minTail` points from it to
 *    the end;
 * 3. it is the divergence point when, over those tail points, gold trends down and proxy up (Kendall
 *    tau of each against step < 0 and > 0), and smoothed gold ends below and smoothed proxy above
 *    their values at the peak. Otherwise there is none (null): gold never turns, or proxy turns too.
 */
export function divergencePoint(points: readonly {step: number; proxy: number; gold: number}[], options: DivergenceOptions = {}): Divergence | null {
  const {window = 5, minTail = 3} = options;
  if (!(Number.isInteger(window) && window >= 1 && window % 2 === 1)) throw new Error(`invalid window: ${window} (expected an odd integer >= 1)`);
  const n = points.length;
  const gold = smooth(points.map((p) => p.gold), window), proxy = smooth(points.map((p) => p.proxy), window);
  let peak = 0;
  for (let i = 1; i < n; ++i) if (gold[i] > gold[peak]) peak = i;
  if (n - peak < minTail) return null;
  const tail = points.slice(peak), steps = tail.map((p) => p.step);
  const goldTrend = kendall(steps, tail.map((p) => p.gold)), proxyTrend = kendall(steps, tail.map((p) => p.proxy));
  const gold_fall = gold[peak] - gold[n - 1], proxy_gain = proxy[n - 1] - proxy[peak];
  if (!(goldTrend < 0 && proxyTrend > 0 && gold_fall > 0 && proxy_gain > 0)) return null;
  return {step: points[peak].step, index: peak, gold_fall, proxy_gain};
}

/** Centred moving average; the window shrinks symmetrically at the ends. */
function smooth(values: readonly number[], window: number): number[] {
  const half = (window - 1) / 2;
  return values.map((_, i) => {
    const h = Math.min(half, i, values.length - 1 - i);
    let sum = 0;
    for (let k = i - h; k <= i + h; ++k) sum += values[k];
    return sum / (2 * h + 1);
  });
}
