import {type Accessor, describe, numberAt} from "./accessor.ts";
import {type GaoFit, type GaoForm, gaoForms, gaoPeak, gaoReward} from "./gao.ts";

export interface FitGaoOptions<T> {
  /** functional form: "bon" d (alpha - beta d) or "rl" d (alpha - beta log d); default "bon" */
  form?: GaoForm;
  /** d = sqrt(KL) for each row, >= 0; default "sqrt_kl" */
  x?: Accessor<T>;
  /** reward for each row, recentred so the initial policy scores 0; default "gold_reward" */
  y?: Accessor<T>;
  /** weight for each row, >= 0 (e.g. 1 / variance); default every row weighs 1 */
  weight?: Accessor<T> | null;
}

/**
 * Least-squares fit of a Gao et al. 2022 curve. Both forms are linear in (alpha, beta) with no
 * intercept: regress R on the features [d, -d^2] (bon) or [d, -d log d] (rl, 0 at d = 0) through
 * the origin and solve the 2 x 2 weighted normal equations.
 */
export function fitGao<T>(data: Iterable<T>, options: FitGaoOptions<T> = {}): GaoFit {
  const {form = "bon", x = "sqrt_kl", y = "gold_reward", weight = null} = options;
  if (!gaoForms.includes(form)) throw new Error(`invalid form: ${String(form)} (expected "bon" or "rl")`);
  const feature = form === "bon" ? (d: number) => -d * d : (d: number) => (d === 0 ? 0 : -d * Math.log(d));

  // 1. Read and validate the points.
  const ds: number[] = [], rs: number[] = [], ws: number[] = [];
  let i = 0;
  for (const row of data) {
    const d = numberAt(row, i, x, "x");
    if (d < 0) {
      throw new Error(`invalid ${describe("x", x)} at row ${i}: ${d} (expected d = sqrt(KL) >= 0; clamp negative KL estimates to 0)`);
    }
    const w = weight === null ? 1 : numberAt(row, i, weight, "weight");
    if (w < 0) throw new Error(`invalid ${describe("weight", weight!)} at row ${i}: ${w} (expected a weight >= 0)`);
    ds.push(d), rs.push(numberAt(row, i, y, "y")), ws.push(w);
    ++i;
  }
  const n = ds.length;

  // 2. Normal equations [S11 S12; S12 S22] [alpha; beta] = [b1; b2].
  let s11 = 0, s12 = 0, s22 = 0, b1 = 0, b2 = 0;
  for (let k = 0; k < n; ++k) {
    const f1 = ds[k], f2 = feature(ds[k]), w = ws[k], r = rs[k];
    s11 += w * f1 * f1, s12 += w * f1 * f2, s22 += w * f2 * f2;
    b1 += w * f1 * r, b2 += w * f2 * r;
  }
  const det = s11 * s22 - s12 * s12;
  if (!(s11 > 0 && s22 > 0 && det > 1e-12 * s11 * s22)) {
    throw new Error(
      `cannot fit the ${form} form to ${n} points: it needs at least 2 distinct d > 0 with positive weight` +
        (form === "rl" ? " (and not only d = 1, where d log d = 0)" : "") + " (add points at more KL budgets)"
    );
  }
  const alpha = (s22 * b1 - s12 * b2) / det;
  const beta = (s11 * b2 - s12 * b1) / det;

  // 3. Goodness of fit around the (weighted) mean reward.
  let sw = 0, swr = 0;
  for (let k = 0; k < n; ++k) sw += ws[k], swr += ws[k] * rs[k];
  const mean = swr / sw;
  let ssRes = 0, ssTot = 0;
  for (let k = 0; k < n; ++k) {
    ssRes += ws[k] * (rs[k] - gaoReward(form, alpha, beta, ds[k])) ** 2;
    ssTot += ws[k] * (rs[k] - mean) ** 2;
  }
  return {form, alpha, beta, ...gaoPeak(form, alpha, beta), r2: ssTot > 0 ? 1 - ssRes / ssTot : null, n};
}
