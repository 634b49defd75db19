/**
 * A least-squares cubic regression spline over the index 0 .. n-1 (a linear smoother: fitted = Q Q' y),
 * with `knots` interior knots equally spaced in the index. The basis is the truncated power basis
 * 1, x, x^2, x^3, (x - k)_+^3 on x = i / (n - 1), orthonormalised once (modified Gram-Schmidt, twice),
 * so each fit costs O(n p) with p = knots + 4 columns.
 */
export interface SplineSmoother {
  /** points */
  readonly n: number;
  /** columns of Q (parameters of the fit) */
  readonly p: number;
  /** orthonormal basis, column-major: column j is q.subarray(j n, (j + 1) n) */
  readonly q: Float64Array;
  /** fitted values Q Q' y, written into `out` (a new array by default) */
  fit(y: ArrayLike<number>, out?: Float64Array): Float64Array;
}

/** The default number of interior knots for n points: round(n / 15), between 1 and 8. */
export function defaultKnots(n: number): number {
  return Math.min(8, Math.max(1, Math.round(n / 15)));
}

export function splineSmoother(n: number, knots: number = defaultKnots(n)): SplineSmoother {
  if (!(Number.isInteger(knots) && knots >= 0)) throw new Error(`invalid knots: ${knots} (expected an integer >= 0)`);
  const p = knots + 4;
  if (!(Number.isInteger(n) && n >= p + 1)) throw new Error(`invalid n: ${n} (a cubic spline with ${knots} knots needs at least ${p + 1} points)`);
  const q = new Float64Array(p * n);
  for (let i = 0; i < n; ++i) {
    const x = i / (n - 1);
    q[i] = 1, q[n + i] = x, q[2 * n + i] = x * x, q[3 * n + i] = x * x * x;
    for (let k = 1; k <= knots; ++k) q[(3 + k) * n + i] = Math.max(0, x - k / (knots + 1)) ** 3;
  }
  for (let j = 0; j < p; ++j) {
    const col = q.subarray(j * n, (j + 1) * n);
    for (let pass = 0; pass < 2; ++pass) {
      for (let k = 0; k < j; ++k) {
        const other = q.subarray(k * n, (k + 1) * n);
        let dot = 0;
        for (let i = 0; i < n; ++i) dot += other[i] * col[i];
        for (let i = 0; i < n; ++i) col[i] -= dot * other[i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; ++i) norm += col[i] * col[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; ++i) col[i] /= norm;
  }
  const coef = new Float64Array(p);
  return {
    n, p, q,
    fit(y, out = new Float64Array(n)) {
      for (let j = 0; j < p; ++j) {
        let dot = 0;
        for (let i = 0; i < n; ++i) dot += q[j * n + i] * y[i];
        coef[j] = dot;
      }
      out.fill(0);
      for (let j = 0; j < p; ++j) for (let i = 0; i < n; ++i) out[i] += coef[j] * q[j * n + i];
      return out;
    }
  };
}
