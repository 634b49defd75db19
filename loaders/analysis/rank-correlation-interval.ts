import {type BootstrapOptions, type Interval, bootstrap} from "./bootstrap.ts";
import {kendall} from "./kendall.ts";
import {checkPaired} from "./rank.ts";
import {spearman} from "./spearman.ts";

export interface RankCorrelationIntervalOptions extends BootstrapOptions {
  /** "spearman" (rho) or "kendall" (tau-b); default "spearman" */
  method?: "spearman" | "kendall";
}

/**
 * Percentile bootstrap interval for a rank correlation, resampling the (x, y) pairs with
 * replacement. Resamples where the correlation is undefined (a constant side) are left out.
 */
export function rankCorrelationInterval(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: RankCorrelationIntervalOptions = {}
): Interval {
  const {method = "spearman", ...rest} = options;
  if (method !== "spearman" && method !== "kendall") {
    throw new Error(`invalid method: ${String(method)} (expected "spearman" or "kendall")`);
  }
  checkPaired(x, y);
  const correlation = method === "spearman" ? spearman : kendall;
  const indices = Array.from({length: x.length}, (_, i) => i);
  const xs = new Float64Array(x.length), ys = new Float64Array(x.length);
  return bootstrap(indices, (sample) => {
    sample.forEach((i, k) => ((xs[k] = x[i]), (ys[k] = y[i])));
    return correlation(xs, ys);
  }, rest);
}
