/** Throws unless x and y are equally long arrays of finite numbers. */
export function checkPaired(x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x.length !== y.length) throw new Error(`invalid y: length ${y.length} (expected the length of x, ${x.length}; pass paired values)`);
  for (const [name, v] of [["x", x], ["y", y]] as const) {
    for (let i = 0; i < v.length; ++i) {
      if (!Number.isFinite(v[i])) throw new Error(`invalid ${name}[${i}]: ${v[i]} (expected a finite number; drop the pair)`);
    }
  }
}

/** 1-based ranks, ties sharing the average of the ranks they span (scipy's rankdata "average"). */
export function rank(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({length: n}, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) ++end;
    const average = (start + end + 1) / 2; // mean of ranks start+1 .. end
    for (let k = start; k < end; ++k) ranks[order[k]] = average;
    start = end;
  }
  return ranks;
}
