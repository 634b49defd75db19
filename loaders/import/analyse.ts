import {fitGao} from "../analysis/fit-gao.ts";
import {monotonicity} from "../analysis/monotonicity.ts";
import {divergencePoint} from "./divergence.ts";

/** The curves columns the analysis reads. */
export interface CurvePoint {
  readonly point: number;
  readonly proxy_reward: number;
  readonly gold_reward: number | null;
  readonly kl: number | null;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * The overoptimization analysis of one imported curve (steps in order): over the points with both
 * proxy and gold, the rank correlation of proxy with gold (Spearman with a bootstrap interval,
 * Kendall), the gold peak and the divergence point (./divergence.ts); over those with KL too, Gao et
 * al.'s RL form fitted to gold against d = sqrt(KL).
 * Deviation from Gao et al.: the log's gold is not recentred on the initial policy, so gold minus
 * its value at the first paired point is fitted, and a negative sampled KL counts as d = 0.
 * Columns: io/schema/imported.ts (imported_analysis), less the source columns.
 */
export function analyseCurve(points: readonly CurvePoint[]): Record<string, number | null> {
  const paired = points.filter((p) => p.gold_reward !== null).map((p) => ({step: p.point, proxy: p.proxy_reward, gold: p.gold_reward!, kl: p.kl}));
  const result: Record<string, number | null> = {
    points: points.length,
    paired_points: paired.length,
    first_step: points[0]?.point ?? 0,
    last_step: points.at(-1)?.point ?? 0,
    spearman: null, kendall: null,
    gao_alpha: null, gao_beta: null, gao_peak_d: null, gao_r2: null,
    gold_peak_step: null, divergence_step: null, gold_fall: null, proxy_gain: null
  };
  if (paired.length === 0) return result;
  if (paired.length >= 3) {
    const m = monotonicity(paired, {x: "proxy", y: "gold"});
    Object.assign(result, {spearman: finite(m.rho), kendall: finite(m.tau)});
  }
  let peak = 0;
  paired.forEach((p, i) => p.gold > paired[peak].gold && (peak = i));
  result.gold_peak_step = paired[peak].step;
  const divergence = divergencePoint(paired);
  if (divergence) Object.assign(result, {divergence_step: divergence.step, gold_fall: divergence.gold_fall, proxy_gain: divergence.proxy_gain});
  const withKl = paired.filter((p) => p.kl !== null);
  if (withKl.length >= 3) {
    const origin = withKl[0].gold;
    try {
      const fit = fitGao(withKl, {form: "rl", x: (p) => Math.sqrt(Math.max(p.kl!, 0)), y: (p) => p.gold - origin});
      Object.assign(result, {gao_alpha: fit.alpha, gao_beta: fit.beta, gao_peak_d: fit.peak_d, gao_r2: fit.r2});
    } catch {
      // too few distinct d > 0 to fit: the columns stay null
    }
  }
  return result;
}
