import {gaoReward} from "./gao.ts";
import type {GaoForm} from "./gao.ts";

/*
 * Points of fitted Gao curves, so that a chart draws a curve the engine computed: from d = 0 to the
 * last observed d, never extrapolated. Pure (no schema, no node: module): the Import page's browser
 * bundle carries it.
 */

type Row = Record<string, unknown>;

export interface GaoCurveOptions {
  /** intervals between d = 0 and the last d (default 80: 81 points) */
  steps?: number;
}

/** d = 0, to/steps, ..., to; with R(d) + offset of the form. */
export function gaoCurve(form: GaoForm, alpha: number, beta: number, to: number, {steps = 80, offset = 0}: GaoCurveOptions & {offset?: number} = {}): {d: number; reward: number}[] {
  if (!(to > 0) || !Number.isFinite(alpha) || !Number.isFinite(beta)) return [];
  return Array.from({length: steps + 1}, (_, i) => {
    const d = (to * i) / steps;
    return {d, reward: offset + gaoReward(form, alpha, beta, d)};
  });
}

/**
 * The imported_fit_curves table: each imported run's Gao RL fit of gold (c + d (alpha - beta log d),
 * imported_analysis) from d = 0 to its largest sqrt(KL) in curves; runs without a fit give none.
 */
export function importedFitCurveRows(analysis: Iterable<Row>, curves: Iterable<Row>, {steps = 100}: GaoCurveOptions = {}): Row[] {
  const last = new Map<string, number>();
  for (const c of curves) if (c.sqrt_kl != null) last.set(String(c.run_id), Math.max(last.get(String(c.run_id)) ?? 0, Number(c.sqrt_kl)));
  return Array.from(analysis).flatMap((a) => {
    if (a.gao_alpha == null || a.gao_beta == null || a.gao_c == null) return [];
    const points = gaoCurve("rl", Number(a.gao_alpha), Number(a.gao_beta), last.get(String(a.run_id)) ?? 0, {steps, offset: Number(a.gao_c)});
    return points.map((p, point) => ({run_id: a.run_id, point, sqrt_kl: p.d, gold_reward: p.reward}));
  });
}
