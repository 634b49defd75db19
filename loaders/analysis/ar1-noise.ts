import type {Rng} from "../random.ts";
import type {SplineSmoother} from "./spline-smoother.ts";

/** Stationary AR(1) noise: e_t = phi e_{t-1} + innovation, marginal standard deviation sd. */
export interface Ar1Noise {
  /** marginal standard deviation of e_t */
  sd: number;
  /** lag-1 autocorrelation, in [0, maxPhi] */
  phi: number;
}

/** The largest autocorrelation estimateAr1Noise returns. */
export const maxPhi = 0.95;

/**
 * The AR(1) noise behind residuals r = M y of a linear smoother (M = I - Q Q'), by the method of
 * moments with the smoother's bias removed: the residuals of a fit are shorter and less correlated
 * than the noise, so phi solves E[r' L r] / E[r' r] = observed lag-1 ratio, with the expectations
 * under AR(1)(phi) through M (exact, not asymptotic), and sd^2 = r' r / tr(M R_phi).
 * Negative autocorrelation is taken as phi = 0 (conservative for tests of a mean); phi <= 0.95.
 */
export function estimateAr1Noise(residuals: ArrayLike<number>, smoother: SplineSmoother): Ar1Noise {
  const {n} = smoother;
  if (residuals.length !== n) throw new Error(`invalid residuals: ${residuals.length} values for a smoother of ${n} points`);
  const {rr, observed} = lagOneRatio(residuals);
  if (!(rr > 0)) return {sd: 0, phi: 0};
  let phi = 0;
  if (observed > ar1ResidualMoments(smoother, 0).ratio) {
    let lo = 0, hi = maxPhi;
    if (observed >= ar1ResidualMoments(smoother, hi).ratio) lo = hi;
    else for (let k = 0; k < 40; ++k) ((ar1ResidualMoments(smoother, (lo + hi) / 2).ratio < observed) ? (lo = (lo + hi) / 2) : (hi = (lo + hi) / 2));
    phi = lo;
  }
  return {sd: Math.sqrt(rr / ar1ResidualMoments(smoother, phi).trace), phi};
}

/** r' r and the lag-1 ratio r' L r / r' r of residuals r (the ratio is NaN when r' r = 0). */
export function lagOneRatio(residuals: ArrayLike<number>): {rr: number; observed: number} {
  let rr = 0, rl = 0;
  for (let t = 0; t < residuals.length; ++t) rr += residuals[t] ** 2;
  for (let t = 0; t + 1 < residuals.length; ++t) rl += residuals[t] * residuals[t + 1];
  return {rr, observed: rl / rr};
}

/**
 * Under unit-variance AR(1)(phi) noise e and r = M e: ratio = E[r' L r] / E[r' r] (L: ones on the
 * first super-diagonal) and trace = E[r' r] = tr(M R). With Q orthonormal, tr(L M R M) =
 * tr(L R) - tr(Q' R L Q) - tr(Q' L R Q) + tr((Q' L Q)(Q' R Q)), and R q costs O(n) by recursion.
 */
export function ar1ResidualMoments(smoother: SplineSmoother, phi: number): {ratio: number; trace: number} {
  const {n, p, q} = smoother;
  const rq = new Float64Array(p * n);
  for (let j = 0; j < p; ++j) arMultiply(q.subarray(j * n, (j + 1) * n), phi, rq.subarray(j * n, (j + 1) * n));
  const dot = (a: Float64Array, b: Float64Array, shiftA: number, shiftB: number) => {
    let s = 0;
    for (let t = 0; t + 1 < n; ++t) s += a[t + shiftA] * b[t + shiftB];
    return s;
  };
  let qrlq = 0, qlrq = 0, trace = n, cross = 0;
  const qlq = new Float64Array(p * p), qrq = new Float64Array(p * p);
  for (let j = 0; j < p; ++j) {
    const qj = q.subarray(j * n, (j + 1) * n), rqj = rq.subarray(j * n, (j + 1) * n);
    qrlq += dot(rqj, qj, 0, 1); // (R q_j)' L q_j
    qlrq += dot(qj, rqj, 0, 1); // q_j' L R q_j
    for (let k = 0; k < p; ++k) {
      const qk = q.subarray(k * n, (k + 1) * n);
      qlq[j * p + k] = dot(qj, qk, 0, 1); // q_j' L q_k
      let s = 0;
      for (let t = 0; t < n; ++t) s += qj[t] * rq[k * n + t];
      qrq[j * p + k] = s;
    }
    trace -= qrq[j * p + j];
  }
  for (let j = 0; j < p; ++j) for (let k = 0; k < p; ++k) cross += qlq[j * p + k] * qrq[k * p + j];
  return {ratio: ((n - 1) * phi - qrlq - qlrq + cross) / trace, trace};
}

/** out = R x with R[s][t] = phi^|s - t|, in O(n). */
export function arMultiply(x: Float64Array, phi: number, out: Float64Array): void {
  const n = x.length;
  let f = 0;
  for (let t = 0; t < n; ++t) out[t] = f = x[t] + phi * f;
  let b = 0;
  for (let t = n - 1; t >= 0; --t) {
    b = x[t] + phi * b;
    out[t] += b - x[t];
  }
}

/** n draws of stationary AR(1) noise (the first from the marginal law), written into `out`. */
export function simulateAr1(rng: Rng, noise: Ar1Noise, out: Float64Array): Float64Array {
  const {sd, phi} = noise;
  const innovation = sd * Math.sqrt(1 - phi * phi);
  let e = sd * rng.normal();
  for (let t = 0; t < out.length; ++t) {
    if (t > 0) e = phi * e + innovation * rng.normal();
    out[t] = e;
  }
  return out;
}
