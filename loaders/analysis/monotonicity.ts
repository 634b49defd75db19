import {type Accessor, numberAt} from "./accessor.ts";
import {kendall} from "./kendall.ts";
import {spearman} from "./spearman.ts";

export interface MonotonicityOptions<T> {
  /** the proxy reward at each point; default "proxy_reward" */
  x?: Accessor<T>;
  /** the gold reward at each point; default "gold_reward" */
  y?: Accessor<T>;
}

export interface Monotonicity {
  /** points on the curve */
  n: number;
  /** Spearman rho between x and y (Kim & Seo 2024's monotonicity); NaN when undefined */
  rho: number;
  /** Kendall tau-b between x and y */
  tau: number;
  /** y at the first point */
  first_value: number;
  /** index of the (first) maximum of y */
  max_index: number;
  /** the maximum of y */
  max_value: number;
  /** y at the last point */
  final_value: number;
  /** max_value - final_value: > 0 when y peaks and then falls (Goodhart), 0 when it ends at its max */
  drop: number;
}

/**
 * Does gold rise with proxy along an optimisation curve? Points must come in optimisation order
 * (checkpoint, or increasing KL): the peak-then-fall diagnostics read y in that order. With ~10
 * checkpoints rho has little power, hence tau alongside. No interval: the points of one curve follow
 * one another (each checkpoint continues the last), so resampling them as if independent gives
 * bands that are far too narrow (a steadily rising curve resamples to [1, 1]); an interval needs
 * independent units, seeds or prompts (text-summary.ts resamples prompts; findings use seeds).
 */
export function monotonicity<T>(points: Iterable<T>, options: MonotonicityOptions<T> = {}): Monotonicity {
  const {x = "proxy_reward", y = "gold_reward"} = options;
  const xs: number[] = [], ys: number[] = [];
  let i = 0;
  for (const point of points) xs.push(numberAt(point, i, x, "x")), ys.push(numberAt(point, i++, y, "y"));
  const n = ys.length;
  if (n === 0) throw new Error("invalid points: empty (expected at least one point on the curve)");
  let max_index = 0;
  for (let k = 1; k < n; ++k) if (ys[k] > ys[max_index]) max_index = k;
  return {
    n,
    rho: n < 2 ? NaN : spearman(xs, ys),
    tau: kendall(xs, ys),
    first_value: ys[0],
    max_index,
    max_value: ys[max_index],
    final_value: ys[n - 1],
    drop: ys[max_index] - ys[n - 1]
  };
}
