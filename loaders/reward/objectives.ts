/**
 * Objectives: how the members' scores of a response become the one proxy reward an optimiser
 * maximises. Each objective owns its parameter (name, default, range), the checks it needs of the
 * reward it aggregates, and any state it keeps while a policy trains (uncertainty_penalized's
 * running mean of sigma). Nothing else in the engine branches on an objective's name: to add one,
 * add an entry to `objectives`.
 */
import {fail, num} from "../spec-validators.ts";
import type {Validator} from "../spec-validators.ts";
import {acrossMembers, mean, median, variance} from "./aggregate.ts";
import {nominalOf} from "./nominal.ts";
import type {RewardScores} from "./reward.ts";

/**
 * An objective's state during one run. An optimiser that samples (policy gradient) calls
 * `observe` on each batch before `proxy`; one that works on the reference distribution (best-of-n,
 * the KL tilt) only calls `proxy`.
 */
export interface ObjectiveState {
  /** updates training-time state with a batch of sampled responses (default: no state) */
  observe(scores: RewardScores): void;
  /** the proxy reward of each scored response, under the current state */
  proxy(scores: RewardScores): Float64Array;
  /** per-response columns whose expectations under a policy give its expected proxy (`expected`) */
  columns(scores: RewardScores): Float64Array[];
  /** the expected proxy from the expectations of `columns`, under the current state */
  expected(expectations: ArrayLike<number>): number;
}

export interface Objective {
  /** one line for docs and pages */
  readonly doc: string;
  /** its parameter: name, default and range; null when it takes none */
  readonly param: {readonly name: string; readonly default: number; readonly check: Validator<number>} | null;
  /** when set, the members it reads whatever ensemble.size says (single: member 0 alone) */
  readonly members?: number;
  /** whether it needs an uncertainty per response (ensemble.size >= 2, or BRME heads) */
  readonly needsSigma?: boolean;
  /** a fresh state for one run; `reference` scores responses of the reference policy pi_0 */
  start(param: number | null, reference: RewardScores): ObjectiveState;
}

/** The state of an objective that is a fixed function of each response's scores (computed once per scores object). */
function stateless(f: (scores: RewardScores) => Float64Array): ObjectiveState {
  const cache = new WeakMap<RewardScores, Float64Array>();
  const proxy = (scores: RewardScores) => {
    let value = cache.get(scores);
    if (!value) cache.set(scores, (value = f(scores)));
    return value;
  };
  return {observe() {}, proxy, columns: (scores) => [proxy(scores)], expected: (e) => e[0]};
}

const fixed = (doc: string, f: (scores: RewardScores, param: number) => Float64Array, param: Objective["param"] = null, extra: Partial<Objective> = {}): Objective => ({
  doc,
  param,
  ...extra,
  start: (p) => stateless((scores) => f(scores, p ?? 0))
});

const lambda = (value: number) => ({name: "lambda", default: value, check: num()});

/**
 * Zhai et al. 2023's uncertainty-penalised reward r - beta2 * (sigma - m): r and sigma are the
 * nominal reward and its uncertainty (nominal.ts), m the running mean of sigma over every response
 * observed so far (this batch included), pi_0's mean before the first batch.
 */
function uncertaintyPenalized(beta2: number, reference: RewardScores): ObjectiveState {
  const initial = nominalOf(reference).sigma;
  if (!initial) throw new Error('objective "uncertainty_penalized" needs an uncertainty per response (ensemble.size >= 2 or reward_model.architecture "brme")');
  const m0 = mean(Array.from(initial));
  let sum = 0;
  let count = 0;
  const m = () => (count > 0 ? sum / count : m0);
  const parts = (scores: RewardScores) => {
    const {nominal, sigma} = nominalOf(scores);
    return {nominal, sigma: sigma!};
  };
  return {
    observe(scores) {
      for (const s of parts(scores).sigma) sum += s;
      count += scores.rewards[0].length;
    },
    proxy(scores) {
      const {nominal, sigma} = parts(scores);
      const mean = m();
      return nominal.map((r, i) => r - beta2 * (sigma[i] - mean));
    },
    columns(scores) {
      const {nominal, sigma} = parts(scores);
      return [nominal, sigma];
    },
    expected: (e) => e[0] - beta2 * (e[1] - m())
  };
}

/**
 * An objective's proxy standardised on the reference policy: (proxy - m) / s, with m and s the
 * mean and (population) std of its proxy over `reference` when the run starts. Members are already
 * standardised on pi_0 (Coste et al.), but an aggregate is not: WCO's minimum sits below 0 and
 * UWO's variance penalty changes the spread, so one KL coefficient would weigh each objective
 * differently. An affine map with s > 0 keeps every objective's preferences; a state that changes
 * while training (uncertainty_penalized's running mean) keeps the constants fixed at the start.
 * s = 0 (a constant proxy) leaves the scale at 1.
 */
export function standardizedObjective(state: ObjectiveState, reference: RewardScores): {state: ObjectiveState; mean: number; std: number} {
  const values = state.proxy(reference);
  const m = mean(Array.from(values));
  const sd = Math.sqrt(variance(Array.from(values)));
  const s = sd > 0 && Number.isFinite(sd) ? sd : 1;
  return {
    mean: m,
    std: sd,
    state: {
      observe: (scores) => state.observe(scores),
      proxy: (scores) => state.proxy(scores).map((v) => (v - m) / s),
      columns: (scores) => state.columns(scores),
      expected: (e) => (state.expected(e) - m) / s
    }
  };
}

/** Every objective a spec can name (objective.name). */
export const objectives: Readonly<Record<string, Objective>> = {
  single: fixed("member 0 alone (a single reward model trained on all pairs)", ({rewards}) => Float64Array.from(rewards[0]), null, {members: 1}),
  mean: fixed("mean over members", ({rewards}) => acrossMembers(rewards, mean)),
  wco: fixed("worst-case optimisation: min over members (Coste et al.)", ({rewards}) => acrossMembers(rewards, (v) => Math.min(...v))),
  uwo: fixed("uncertainty-weighted: mean - lambda * variance (Coste et al.; param = lambda)", ({rewards}, lam) => acrossMembers(rewards, (v) => mean(v) - lam * variance(v)), lambda(0.5)),
  mean_minus_std: fixed("mean - lambda * std (Eisenstein et al.; param = lambda)", ({rewards}, lam) => acrossMembers(rewards, (v) => mean(v) - lam * Math.sqrt(variance(v))), lambda(1)),
  median: fixed("median over members (Eisenstein et al.)", ({rewards}) => acrossMembers(rewards, median)),
  robust: fixed(
    "reward-robust RLHF: nominal_weight * r_nominal + (1 - nominal_weight) * min over members (Yan et al. 2024; param = nominal_weight in [0, 1])",
    (scores, w) => {
      const {nominal} = nominalOf(scores);
      const worst = acrossMembers(scores.rewards, (v) => Math.min(...v));
      return worst.map((m, i) => w * nominal[i] + (1 - w) * m);
    },
    {name: "nominal_weight", default: 0.5, check: num(0, 1)}
  ),
  uncertainty_penalized: {
    doc: "uncertainty-penalised reward r - beta2 * (sigma - running mean of sigma) (Zhai et al. 2023; param = beta2; the running mean is pi_0's outside policy-gradient runs)",
    param: {name: "beta2", default: 0.5, check: num(0, Infinity)},
    needsSigma: true,
    start: (beta2, reference) => uncertaintyPenalized(beta2 ?? 0, reference)
  }
};

/** The objective section of a run config, resolved. */
export interface ObjectiveConfig {
  /** a key of `objectives` (default "single") */
  readonly name: string;
  /** the objective's parameter, its default filled; null when it takes none */
  readonly param: number | null;
}

/**
 * Checks an objective's parameter against its own range and the reward it will aggregate, and
 * returns the resolved section and the members it reads (`ensemble.size`, or the objective's own
 * count). `hasSigma` says whether the reward's members report their own uncertainty (BRME).
 */
export function normalizeObjective(name: string, param: number | null, {size, hasSigma}: {size: number; hasSigma: boolean}): {objective: ObjectiveConfig; size: number} {
  const spec = objectives[name];
  let value: number | null = null;
  if (spec.param === null) {
    if (param !== null) fail("objective.param", param, `null: objective "${name}" takes no parameter`);
  } else {
    value = spec.param.check(param ?? spec.param.default, `objective.param (${spec.param.name})`);
  }
  if (spec.needsSigma && !hasSigma && size < 2) {
    fail("ensemble.size", size, `at least 2 for objective "${name}" (it needs an uncertainty per item), or reward_model.architecture "brme"`);
  }
  return {objective: {name, param: value}, size: spec.members ?? size};
}
