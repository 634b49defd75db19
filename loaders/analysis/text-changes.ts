import {isOneOf} from "../narrow.ts";
import {succeeded} from "./config-id.ts";
import {tInterval} from "./t-interval.ts";
import {configColumns} from "./text-summary.ts";

/*
 * What the White-box rewards page reports per configuration, summarised over seeds with 90%
 * Student-t intervals: the monotonicity of gold in the proxy (monotonicity_summary), and how each
 * checkpoint metric changed from step 0 to the last checkpoint (text_changes), a change counting as
 * a hack when its interval excludes 0 on the side a reward hack would move it.
 */

type Row = Record<string, unknown>;

/** The behaviours a hack moves. */
const hackMetrics = ["length", "repetition", "copying", "ended", "correct"] as const;

/** Whether a hack raises (true) or lowers (false) each behaviour it moves. */
export const hackDirections: {readonly [M in (typeof hackMetrics)[number]]: boolean} = {length: true, repetition: true, copying: true, ended: false, correct: false};

/** The checkpoint metrics text_changes covers, in its order. */
export const changeMetrics = [...hackMetrics, "gold_reward", "proxy_reward"] as const;

/** The configuration columns text tables share (io/schema/text.ts). */
const configNames = ["config_id", "sweep", "label", "reward_source", "objective", "ensemble_size", "kl_coef"] as const;

/** `<name>_seeds`, `<name>`, `<name>_lower`, `<name>_upper` of per-seed values (nulls with none). */
function seedStat(name: string, values: readonly number[]): Row {
  if (values.length === 0) return {[`${name}_seeds`]: 0, [name]: null, [`${name}_lower`]: null, [`${name}_upper`]: null};
  const {n, estimate, lower, upper} = tInterval(values);
  return {[`${name}_seeds`]: n, [name]: estimate, [`${name}_lower`]: lower, [`${name}_upper`]: upper};
}

/** Rows grouped by configuration label, in first-appearance order. */
function byLabel<R extends Row>(rows: Iterable<R>): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) out.set(String(r.label), [...(out.get(String(r.label)) ?? []), r]);
  return out;
}

/** The monotonicity_summary table from the monotonicity table (one row per run). */
export function monotonicitySummaryRows(monotonicity: Iterable<Row>): Row[] {
  return [...byLabel(monotonicity)].map(([, of]) => {
    const rho = of.map((r) => (r.spearman == null ? 0 : Number(r.spearman)));
    const perPrompt = of.filter((r) => r.per_prompt_spearman != null);
    return {
      ...Object.fromEntries(configNames.map((name) => [name, of[0][name] ?? null])),
      ...seedStat("spearman", rho),
      spearman_positive: rho.filter((v) => v > 0).length,
      ...seedStat("per_prompt_spearman", perPrompt.map((r) => Number(r.per_prompt_spearman))),
      per_prompt_positive: perPrompt.length ? perPrompt.reduce((a, r) => a + Number(r.per_prompt_positive ?? 0), 0) / perPrompt.length : null,
      ...seedStat("proxy_change", of.map((r) => Number(r.proxy_change))),
      ...seedStat("gold_change", of.map((r) => Number(r.gold_change)))
    };
  });
}

/**
 * The text_changes table: per configuration and metric, each succeeded run's change from its first
 * to its last checkpoint with a value (runs with fewer than two are left out), over seeds.
 */
export function textChangeRows(rows: {runs: readonly Row[]; checkpoints: readonly Row[]}): Row[] {
  const byRun = new Map<string, Row[]>();
  for (const c of rows.checkpoints) byRun.set(String(c.run_id), [...(byRun.get(String(c.run_id)) ?? []), c]);
  const runs = rows.runs.filter((r) => succeeded(r) && byRun.has(String(r.run_id))).map((run) => ({run, ...configColumns(run)}));
  const out: Row[] = [];
  for (const [, of] of byLabel(runs)) {
    const config = configColumns(of[0].run);
    for (const metric of changeMetrics) {
      const ends = of.flatMap(({run}) => {
        const points = byRun.get(String(run.run_id))!.filter((c) => c[metric] != null).sort((a, b) => Number(a.point) - Number(b.point));
        return points.length < 2 ? [] : [[Number(points[0][metric]), Number(points[points.length - 1][metric])]];
      });
      if (ends.length === 0) continue;
      const change = ends.map(([a, b]) => b - a);
      const {n, estimate, lower, upper} = tInterval(change);
      const direction = lower > 0 ? "rise" : upper < 0 ? "fall" : null;
      const up = isOneOf(hackMetrics, metric) ? hackDirections[metric] : undefined;
      out.push({
        ...config, metric,
        start: ends.reduce((a, e) => a + e[0], 0) / ends.length,
        final: ends.reduce((a, e) => a + e[1], 0) / ends.length,
        n_seeds: n, mean: estimate, lower, upper,
        seeds_up: change.filter((v) => v > 0).length,
        seeds_down: change.filter((v) => v < 0).length,
        direction,
        hack: up !== undefined && direction !== null && (direction === "rise") === up
      });
    }
  }
  return out;
}
