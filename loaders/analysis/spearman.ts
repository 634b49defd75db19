import {checkPaired, rank} from "./rank.ts";

/** Spearman's rho: Pearson correlation of average ranks. NaN when n < 2 or either side is constant. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y);
  const n = x.length;
  if (n < 2) return NaN;
  const rx = rank(x), ry = rank(y);
  const mean = (n + 1) / 2; // average ranks always average to this
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; ++i) {
    const dx = rx[i] - mean, dy = ry[i] - mean;
    sxy += dx * dy, sxx += dx * dx, syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) : NaN;
}
