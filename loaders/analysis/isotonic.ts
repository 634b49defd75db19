/** The non-decreasing least-squares fit of a sequence (pool-adjacent-violators), equal weights. */
export function isotonicIncreasing(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const means: number[] = [], sizes: number[] = [];
  for (let i = 0; i < n; ++i) {
    let mean = y[i], size = 1;
    while (means.length > 0 && means[means.length - 1] > mean) {
      const m = means.pop()!, s = sizes.pop()!;
      mean = (m * s + mean * size) / (s + size), size += s;
    }
    means.push(mean), sizes.push(size);
  }
  const out = new Float64Array(n);
  let i = 0;
  means.forEach((m, b) => out.fill(m, i, (i += sizes[b])));
  return out;
}
