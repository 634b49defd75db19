/**
 * The functional forms of Gao, Schulman & Hilton 2022 ("Scaling Laws for Reward Model
 * Overoptimization", arXiv 2210.10760), with d = sqrt(KL(pi || pi_init)) and rewards recentred so
 * the initial policy scores 0:
 * - best-of-n: R(d) = d (alpha - beta d),     peak d* = alpha / (2 beta),  R(d*) = alpha^2 / (4 beta);
 * - RL:        R(d) = d (alpha - beta log d), peak d* = exp(alpha / beta - 1), R(d*) = beta d*.
 */
export type GaoForm = "bon" | "rl";

export const gaoForms: readonly GaoForm[] = ["bon", "rl"];

export interface GaoFit {
  /** "bon" (best-of-n) or "rl" */
  form: GaoForm;
  alpha: number;
  beta: number;
  /** the interior maximiser d* > 0, or null when the curve has none (see gaoPeak) */
  peak_d: number | null;
  /** R(d*), or null with peak_d */
  peak_reward: number | null;
  /** 1 - SS_res / SS_tot (weighted when weights are given); null when every reward is equal */
  r2: number | null;
  /** number of points fitted */
  n: number;
}

/** R(d) for the given form and coefficients (d >= 0; the RL form takes d log d -> 0 at d = 0). */
export function gaoReward(form: GaoForm, alpha: number, beta: number, d: number): number {
  if (form === "bon") return d * (alpha - beta * d);
  return d === 0 ? 0 : d * (alpha - beta * Math.log(d));
}

/**
 * The interior peak (d > 0) of a Gao curve. Null when there is none: beta <= 0 (the curve never
 * turns down), best-of-n with alpha <= 0 (it falls from d = 0), or an RL peak beyond float64.
 */
export function gaoPeak(form: GaoForm, alpha: number, beta: number): {peak_d: number | null; peak_reward: number | null} {
  const none = {peak_d: null, peak_reward: null};
  if (!(beta > 0)) return none;
  if (form === "bon") {
    if (!(alpha > 0)) return none;
    return {peak_d: alpha / (2 * beta), peak_reward: (alpha * alpha) / (4 * beta)};
  }
  const peak_d = Math.exp(alpha / beta - 1);
  if (!Number.isFinite(peak_d) || peak_d === 0) return none;
  return {peak_d, peak_reward: beta * peak_d};
}

/** The fitted curve at d (a number or an array of them). */
export function predict(fit: Pick<GaoFit, "form" | "alpha" | "beta">, d: number): number;
export function predict(fit: Pick<GaoFit, "form" | "alpha" | "beta">, d: readonly number[]): number[];
export function predict(fit: Pick<GaoFit, "form" | "alpha" | "beta">, d: number | readonly number[]): number | number[] {
  if (typeof d === "number") return gaoReward(fit.form, fit.alpha, fit.beta, d);
  return d.map((di) => gaoReward(fit.form, fit.alpha, fit.beta, di));
}
