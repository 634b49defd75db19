import {roleAliases} from "./aliases.ts";
import type {RawRow} from "./raw-row.ts";
import {metricValue} from "./values.ts";

/** How the gold column was found (imported_runs.gold_source). */
export const goldSources = ["mapping", "alias", "judge", "zero_weight_reward", "win_rate", "val_core", "eval_metric", "eval_reward"] as const;
export type GoldSource = (typeof goldSources)[number];

/** The gold column of a run, how it was found and why (imported_runs.gold, gold_source, gold_reason). */
export interface GoldChoice {
  readonly column: string | null;
  readonly source: GoldSource | null;
  readonly reason: string;
}

export interface DetectGoldOptions {
  /** the run's rows, for the weight-0 test of TRL's reward functions; default none */
  rows?: readonly RawRow[];
  /** columns that play another role (proxy, step, KL) and so are never gold; default none */
  exclude?: Iterable<string>;
  /** the proxy column: the weight-0 test applies when it is TRL's `reward`; default none */
  proxy?: string | null;
}

/**
 * The gold signal of a log, by the first rule that finds a column (research notes, section 11):
 * 1. alias: one of goodhart's gold names (gold, gold_reward, judge_score, ...; ./aliases.ts);
 * 2. judge: a column whose name has "judge" as a word (judge/helpfulness, llm_judge_score), not a std;
 * 3. zero_weight_reward: a TRL reward function logged but not optimised: when the proxy is `reward`,
 *    over the rows with every `rewards/<fn>/mean` and reward, reward is exactly (within 1e-4 of its scale) a weighted sum of
 *    the functions' means, and this function's weight is 0 (TRL's advice for an eval-only reward,
 *    trl#3018);
 * 4. win_rate: `eval_win_rate`, `win_rate` or `<prefix>/win_rate` (TRL's WinRateCallback);
 * 5. val_core: verl's `val-core/<source>/<var>/<stat>` (acc before reward before others, mean@N with
 *    the smallest N first);
 * 6. eval_metric: OpenRLHF's `eval/*` (pass1, then a reward, then any other but loss and steps);
 * 7. eval_reward: a Trainer eval reward `eval_<...reward or score...>` (not a std): the proxy's own
 *    model on held-out prompts, the weakest gold of the list.
 * None of them: no gold (the reason says what was looked for).
 */
export function detectGold(columns: ReadonlySet<string>, options: DetectGoldOptions = {}): GoldChoice {
  const excluded = new Set(options.exclude ?? []);
  const all = [...columns].filter((c) => !excluded.has(c));
  const found = (column: string, source: GoldSource, reason: string): GoldChoice => ({column, source, reason});
  const alias = roleAliases.gold.find((c) => all.includes(c));
  if (alias) return found(alias, "alias", `"${alias}" is one of goodhart's gold names`);
  const judges = all.filter((c) => /(^|[^a-z])judge([^a-z]|$)/i.test(c) && !/std|__(MIN|MAX)$/i.test(c));
  if (judges.length) return found(judges[0], "judge", `"${judges[0]}" is named after a judge of the same outputs${judges.length > 1 ? ` (also: ${judges.slice(1).join(", ")})` : ""}`);
  const unweighted = options.proxy === "reward" ? zeroWeightFunction(all, options.rows ?? []) : null;
  if (unweighted) return found(unweighted.column, "zero_weight_reward", unweighted.reason);
  const winRates = ["eval_win_rate", "win_rate", ...all.filter((c) => /[/_]win_rate$/.test(c))].filter((c) => all.includes(c));
  if (winRates.length) return found(winRates[0], "win_rate", `"${winRates[0]}" is a win rate against a reference policy (TRL's WinRateCallback), judged apart from the proxy`);
  const valCore = all.filter((c) => /^val-core\//.test(c)).sort((a, b) => valCoreRank(a) - valCoreRank(b));
  if (valCore.length) return found(valCore[0], "val_core", `"${valCore[0]}" is verl's core validation metric (the data source's own scorer on held-out prompts)`);
  const evals = all.filter((c) => /^eval\//.test(c) && !/(loss|step|epoch)$/.test(c)).sort((a, b) => evalRank(a) - evalRank(b));
  if (evals.length) return found(evals[0], "eval_metric", `"${evals[0]}" is OpenRLHF's evaluation metric on held-out prompts`);
  const evalRewards = all.filter((c) => /^eval_.*(reward|score)/.test(c) && !/std/.test(c));
  if (evalRewards.length) return found(evalRewards[0], "eval_reward", `"${evalRewards[0]}" is the eval set's reward (the proxy's model on held-out prompts: a weak gold)`);
  return {column: null, source: null, reason: "no gold-like column (gold names, judge, a weight-0 reward function, win_rate, val-core/*, eval/*, eval_*reward)"};
}

function valCoreRank(column: string): number {
  const parts = column.split("/");
  const variable = parts.at(-2) ?? "", stat = parts.at(-1) ?? "";
  const n = /^mean@(\d+)$/.exec(stat);
  return (variable === "acc" ? 0 : variable === "reward" ? 1 : 2) * 1e6 + (n ? Number(n[1]) : 1e5);
}

function evalRank(column: string): number {
  return /pass@?1$/.test(column) ? 0 : /reward/.test(column) ? 1 : 2;
}

/** A `rewards/<fn>/mean` whose weight in `reward` is 0, with the decomposition as the reason. */
function zeroWeightFunction(columns: readonly string[], rows: readonly RawRow[]): {column: string; reason: string} | null {
  const functions = columns.filter((c) => /^rewards\/[^/]+\/mean$/.test(c));
  if (!functions.length) return null;
  const keys = ["reward", ...functions];
  const table: number[][] = [];
  for (const row of rows) {
    const v = keys.flatMap((k) => {
      const m = metricValue(row.values[k]);
      return m.kind === "number" ? [m.value] : [];
    });
    if (v.length === keys.length) table.push(v);
  }
  if (table.length < functions.length + 2) return null;
  const weights = leastSquares(table.map((r) => r.slice(1)), table.map((r) => r[0]));
  if (!weights) return null;
  const scale = Math.max(1, ...table.map((r) => Math.abs(r[0])));
  const residual = Math.max(...table.map((r) => Math.abs(r[0] - weights.reduce((s, w, j) => s + w * r[j + 1], 0))));
  const largest = Math.max(...weights.map(Math.abs));
  if (!(residual <= 1e-4 * scale && largest > 0)) return null;
  const zero = functions.findIndex((_, j) => Math.abs(weights[j]) <= 1e-3 * largest);
  if (zero < 0) return null;
  const sum = weights.map((w, j) => `${(Math.abs(w) <= 1e-3 * largest ? 0 : w).toFixed(2)} x ${functions[j]}`).join(" + ");
  return {column: functions[zero], reason: `"${functions[zero]}" is a reward function with weight 0: over ${table.length} rows reward = ${sum} (largest residual ${residual.toExponential(1)}), so it is logged, not optimised (TRL's eval-only reward, trl#3018)`};
}

/** Least squares without intercept by the normal equations (k is the number of reward functions: small); null when singular. */
function leastSquares(x: readonly number[][], y: readonly number[]): number[] | null {
  const k = x[0].length;
  const a = Array.from({length: k}, (_, i) => [...Array.from({length: k}, (_, j) => x.reduce((s, r) => s + r[i] * r[j], 0)), x.reduce((s, r, n) => s + r[i] * y[n], 0)]);
  for (let col = 0; col < k; ++col) {
    let pivot = col;
    for (let r = col + 1; r < k; ++r) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = 0; r < k; ++r) {
      if (r === col) continue;
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= k; ++c) a[r][c] -= f * a[col][c];
    }
  }
  return a.map((row, i) => row[k] / row[i]);
}
