/**
 * Objectives over an ensemble: each maps standardised member rewards (rewards[m][i]) and a
 * parameter to one proxy reward per response. To add one, add an entry here.
 */
export type ObjectiveFn = (rewards: readonly Float64Array[], param: number, context?: ObjectiveContext) => Float64Array;

/**
 * What a reward source knows beyond its members' rewards, per pool item (objectives that need it
 * say so with `needs`). For a plain ensemble the nominal reward is the member mean and the
 * uncertainty the std across members; for BRME (reward/brme.ts) the nominal reward is the mean of
 * the head with the smallest sigma and the uncertainty is that head's sigma (Yan et al. 2024).
 */
export interface ObjectiveContext {
  /** nominal reward per item (standardised like the members) */
  readonly nominal: Float64Array;
  /** uncertainty per item (same units); null when the source has none (one plain member) */
  readonly sigma: Float64Array | null;
}

export interface Objective {
  /** the aggregation */
  readonly fn: ObjectiveFn;
  /** default parameter (null when the objective takes none) */
  readonly defaultParam: number | null;
  /** one line for docs and pages */
  readonly doc: string;
  /** the ObjectiveContext fields it reads (default none) */
  readonly needs?: readonly ("nominal" | "sigma")[];
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
  median: {fn: (r, p) => reduce(r, median, p), defaultParam: null, doc: "median over members (Eisenstein et al.)"},
  robust: {
    fn: (r, w, context) => {
      const nominal = need(context, "robust").nominal;
      const worst = reduce(r, (v) => Math.min(...v), w);
      return worst.map((m, i) => w * nominal[i] + (1 - w) * m);
    },
    defaultParam: 0.5,
    needs: ["nominal"],
    doc: "reward-robust RLHF: nominal_weight * r_nominal + (1 - nominal_weight) * min over members (Yan et al. 2024; param = nominal_weight in [0, 1])"
  },
  uncertainty_penalized: {
    fn: (_, c, context) => {
      const {nominal, sigma} = need(context, "uncertainty_penalized");
      if (!sigma) throw new Error('objective "uncertainty_penalized" needs an uncertainty per item (ensemble.size >= 2 or reward_model.architecture "brme")');
      const m = mean(Array.from(sigma));
      return nominal.map((r, i) => r - c * (sigma[i] - m));
    },
    defaultParam: 0.5,
    needs: ["nominal", "sigma"],
    doc: "uncertainty-penalised reward r - beta2 * (sigma - running mean of sigma) (Zhai et al. 2023; param = beta2; the running mean is pi_0's outside policy-gradient runs)"
  }
};

function need(context: ObjectiveContext | undefined, name: string): ObjectiveContext {
  if (!context) throw new Error(`objective "${name}" needs the reward source's nominal reward (pass an ObjectiveContext)`);
  return context;
}

/** Per-response standard deviation across members (ensemble disagreement); null for one member. */
export function memberStd(rewards: readonly Float64Array[]): Float64Array | null {
  if (rewards.length < 2) return null;
  return reduce(rewards, (v) => Math.sqrt(variance(v)), 0);
}
