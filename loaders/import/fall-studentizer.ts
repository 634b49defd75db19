import {ar1ResidualMoments, arMultiply, lagOneRatio, maxPhi} from "../analysis/ar1-noise.ts";
import type {Ar1Noise} from "../analysis/ar1-noise.ts";
import type {SplineSmoother} from "../analysis/spline-smoother.ts";

/** The noise estimate and the standard error of a smooth fit's fall, cheap enough to redo in every resample. */
export interface FallStudentizer {
  /** AR(1) noise behind noiseSmoother's residuals (moments through it, as ../analysis/ar1-noise.ts) */
  noise(residuals: ArrayLike<number>): Ar1Noise;
  /** sd of fit[i] - fit[n - 1] under `noise` (fit = the smoother's fitted values) */
  fallSd(noise: Ar1Noise, i: number): number;
}

/** phi grid points of the tables (0 to maxPhi) */
const grid = 20;

/**
 * Tables, once per pair of smoothers, on a grid of phi in [0, maxPhi] with linear interpolation between:
 * noiseSmoother's residuals' lag-1 ratio and trace under AR(1)(phi) (ar1ResidualMoments), and for every i the
 * variance c_i' R_phi c_i of the contrast c_i = S'(e_i - e_{n-1}) (S = Q Q' the smoother, R_phi the
 * AR(1) correlation). The estimate is the method of moments of estimateAr1Noise, with the tables'
 * interpolation in place of its bisection, so the same estimator runs on the log and on every
 * resample (O(n) each once the residuals are known).
 */
export function fallStudentizer(smoother: SplineSmoother, noiseSmoother: SplineSmoother = smoother): FallStudentizer {
  const {n, p, q} = smoother;
  if (noiseSmoother.n !== n) throw new Error(`invalid noiseSmoother: ${noiseSmoother.n} points for a smoother of ${n}`);
  const phis = Array.from({length: grid}, (_, k) => (maxPhi * k) / (grid - 1));
  const moments = phis.map((phi) => ar1ResidualMoments(noiseSmoother, phi));
  // rows of S minus its last row: c_i[t] = sum_j q_j[t] (q_j[i] - q_j[n-1])
  const variance = new Float64Array(n * grid), c = new Float64Array(n), rc = new Float64Array(n);
  for (let i = 0; i < n; ++i) {
    c.fill(0);
    for (let j = 0; j < p; ++j) {
      const w = q[j * n + i] - q[j * n + n - 1];
      for (let t = 0; t < n; ++t) c[t] += w * q[j * n + t];
    }
    phis.forEach((phi, k) => {
      arMultiply(c, phi, rc);
      let s = 0;
      for (let t = 0; t < n; ++t) s += c[t] * rc[t];
      variance[i * grid + k] = Math.max(0, s);
    });
  }
  const at = (phi: number) => {
    const x = Math.min(grid - 1, Math.max(0, (phi / maxPhi) * (grid - 1)));
    const k = Math.min(grid - 2, Math.floor(x));
    return {k, w: x - k};
  };
  return {
    noise(residuals) {
      const {rr, observed} = lagOneRatio(residuals);
      if (!(rr > 0)) return {sd: 0, phi: 0};
      let phi = 0;
      if (observed >= moments[grid - 1].ratio) phi = maxPhi;
      else if (observed > moments[0].ratio) {
        let k = 0;
        while (moments[k + 1].ratio < observed) ++k;
        phi = phis[k] + ((phis[k + 1] - phis[k]) * (observed - moments[k].ratio)) / (moments[k + 1].ratio - moments[k].ratio);
      }
      const {k, w} = at(phi);
      return {sd: Math.sqrt(rr / ((1 - w) * moments[k].trace + w * moments[k + 1].trace)), phi};
    },
    fallSd({sd, phi}, i) {
      const {k, w} = at(phi);
      return sd * Math.sqrt((1 - w) * variance[i * grid + k] + w * variance[i * grid + k + 1]);
    }
  };
}

