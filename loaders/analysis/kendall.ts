import {checkPaired} from "./rank.ts";

/** Strict inversions (i < j, a[i] > a[j]) by bottom-up merge sort; returns them and the sorted copy. */
function inversions(values: Float64Array): {count: number; sorted: Float64Array} {
  const n = values.length;
  let src = values.slice(), dst = new Float64Array(n);
  let count = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (src[i] <= src[j]) dst[k++] = src[i++];
        else (dst[k++] = src[j++]), (count += mid - i);
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  return {count, sorted: src};
}

/** Sum of t (t - 1) / 2 over runs of equal adjacent values. */
function tiedPairs(sorted: ArrayLike<number>, same: (a: number, b: number) => boolean = (a, b) => sorted[a] === sorted[b]): number {
  let pairs = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && same(start, end)) ++end;
    pairs += ((end - start) * (end - start - 1)) / 2;
    start = end;
  }
  return pairs;
}

/**
 * Kendall's tau-b, O(n log n) (Knight 1966, as in scipy.stats.kendalltau):
 * (concordant - discordant) / sqrt((pairs - ties in x) (pairs - ties in y)).
 * NaN when n < 2 or either side is constant.
 */
export function kendall(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y);
  const n = x.length;
  if (n < 2) return NaN;
  // 1. Sort pairs by x, then y: discordant pairs are then the strict inversions of y.
  const order = Array.from({length: n}, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const xs = Float64Array.from(order, (i) => x[i]), ys = Float64Array.from(order, (i) => y[i]);
  const xTies = tiedPairs(xs);
  const jointTies = tiedPairs(xs, (a, b) => xs[a] === xs[b] && ys[a] === ys[b]);
  // 2. Count discordant pairs while sorting y, then the ties in y.
  const {count: discordant, sorted} = inversions(ys);
  const yTies = tiedPairs(sorted);
  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - xTies) * (pairs - yTies));
  if (!(denominator > 0)) return NaN;
  const tau = (pairs - xTies - yTies + jointTies - 2 * discordant) / denominator;
  return Math.max(-1, Math.min(1, tau));
}
