/**
 * Objectives over an ensemble: each maps standardised member rewards (rewards[m][i]) and a
 * parameter to one proxy reward per response. To add one, add an entry here.
 */
export type ObjectiveFn = (rewards: readonly Float64Array[], param: number) => Float64Array;

export interface Objective {
  /** the aggregation */
  readonly fn: ObjectiveFn;
  /** default parameter (null when the objective takes none) */
  readonly defaultParam: number | null;
  /** one line for docs and pages */
  readonly doc: string;
}

const reduce = (rewards: readonly Float64Array[], f: (values: number[], param: number) => number, param: number): Float64Array => {
  const n = rewards[0].length;
  const out = new Float64Array(n);
  const values = new Array<number>(rewards.length);
  for (let i = 0; i < n; ++i) {
    for (let m = 0; m < rewards.length; ++m) values[m] = rewards[m][i];
    out[i] = f(values, param);
  }
  return out;
};

export const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/** Population variance (divides by k), as in Coste et al. */
export const variance = (values: readonly number[]): number => {
  const m = mean(values);
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length;
};

export const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

export const objectives: Readonly<Record<string, Objective>> = {
  single: {fn: (r) => Float64Array.from(r[0]), defaultParam: null, doc: "member 0 alone (a single reward model trained on all pairs)"},
  mean: {fn: (r, p) => reduce(r, mean, p), defaultParam: null, doc: "mean over members"},
  wco: {fn: (r, p) => reduce(r, (v) => Math.min(...v), p), defaultParam: null, doc: "worst-case optimisation: min over members (Coste et al.)"},
  uwo: {fn: (r, p) => reduce(r, (v, lam) => mean(v) - lam * variance(v), p), defaultParam: 0.5, doc: "uncertainty-weighted: mean - lambda * variance (Coste et al.; param = lambda)"},
  mean_minus_std: {fn: (r, p) => reduce(r, (v, lam) => mean(v) - lam * Math.sqrt(variance(v)), p), defaultParam: 1, doc: "mean - lambda * std (Eisenstein et al.; param = lambda)"},
  median: {fn: (r, p) => reduce(r, median, p), defaultParam: null, doc: "median over members (Eisenstein et al.)"}
};

/** Per-response standard deviation across members (ensemble disagreement); null for one member. */
export function memberStd(rewards: readonly Float64Array[]): Float64Array | null {
  if (rewards.length < 2) return null;
  return reduce(rewards, (v) => Math.sqrt(variance(v)), 0);
}
