/**
 * Corrections for several claims at once: Holm's step-down for the declared primary claims (the
 * family-wise error rate: the chance of any false directional claim among them stays at most
 * alpha, whatever their dependence; Holm 1979, Scand. J. Statist. 6(2)) and Benjamini-Hochberg
 * q-values for the exploratory rest (the expected share of false discoveries among those with
 * q <= alpha; Benjamini & Hochberg 1995, JRSS B 57(1); valid under positive dependence,
 * Benjamini & Yekutieli 2001).
 */

export interface HolmResult {
  /** Holm-adjusted p-values, in the input order: reject a claim at alpha when adjusted <= alpha */
  adjusted: number[];
  /**
   * per claim, the level of the interval consistent with the step-down (in the input order): the
   * claim with the j-th smallest p (j = 0..) gets 1 - alpha / (m - j) while every smaller p was
   * rejected, and every claim from the first one not rejected on gets that step's level; so its
   * interval excludes 0 exactly when Holm rejects it
   */
  levels: number[];
}

export function holm(pValues: readonly number[], alpha: number): HolmResult {
  checkAlpha(alpha);
  const m = pValues.length;
  const order = sortedIndices(pValues);
  const adjusted = new Array<number>(m), levels = new Array<number>(m);
  let running = 0, stop = -1;
  order.forEach((i, j) => {
    running = Math.max(running, Math.min(1, (m - j) * pValues[i]));
    adjusted[i] = running;
    if (stop < 0 && pValues[i] > alpha / (m - j)) stop = j;
    levels[i] = 1 - alpha / (m - (stop < 0 ? j : stop));
  });
  return {adjusted, levels};
}

/** Benjamini-Hochberg q-values (R's p.adjust(p, "BH")), in the input order. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = sortedIndices(pValues);
  const q = new Array<number>(m);
  let running = 1;
  for (let j = m - 1; j >= 0; --j) {
    const i = order[j];
    running = Math.min(running, (m * pValues[i]) / (j + 1));
    q[i] = running;
  }
  return q;
}

function sortedIndices(p: readonly number[]): number[] {
  p.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new Error(`invalid p-value [${i}]: ${v} (expected a probability in [0, 1])`);
  });
  return p.map((_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`invalid alpha: ${alpha} (expected a family-wise error rate in (0, 1), e.g. 0.05)`);
}
