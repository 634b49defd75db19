import type {EngineRow} from "./engine-rows.ts";
import {fallValues} from "./held-out-fall.ts";
import type {Measured} from "./finding-row.ts";
import {rlLabel} from "./rl-summary.ts";
import {type SeedConfig, finalGold} from "./seed-configs.ts";
import {pairedDifferences} from "./verdict.ts";

const noiseText = (run: EngineRow) => `${Math.round(Number(run.label_noise) * 100)}% flipped labels`;
const labelOf = (run: EngineRow) => rlLabel(run);
const same = (a: EngineRow, b: EngineRow, keys: readonly string[]) => keys.every((k) => (a[k] ?? null) === (b[k] ?? null));

/**
 * Claims about policy-gradient runs (the Robust objectives page), each on the same seeds:
 *   1. every configuration: gold falls after its peak (peak chosen on half of the seeds, measured on the other half);
 *   2. WCO and UWO end above single and mean, and every other objective above single, at the same
 *      optimiser, KL setting, label noise and reward model;
 *   3. the single model at a larger KL coefficient ends above the smallest coefficient;
 *   4. each intermediate nominal weight of the robust objective ends above each end (0 and 1).
 */
export function rlClaims(configs: readonly SeedConfig[]): Measured[] {
  const mine = configs.filter((c) => c.run.optimizer !== "best_of_n" && c.run.optimizer !== "kl_tilt");
  const out: Measured[] = [];
  const beats = (a: SeedConfig, b: SeedConfig): Measured => ({
    claim: {kind: "beats", run: a.run, subject: labelOf(a.run), baseline: labelOf(b.run), claim: `RL against ${labelOf(a.run)} ends with higher gold reward than against ${labelOf(b.run)} (${noiseText(a.run)}).`},
    values: pairedDifferences(finalGold(a), finalGold(b))
  });

  // 1. Falls after the peak.
  for (const c of mine) {
    out.push({
      claim: {kind: "falls_after_peak", run: c.run, subject: labelOf(c.run), claim: `RL against ${labelOf(c.run)}: gold falls after its peak (${noiseText(c.run)}).`},
      ...fallValues(c.gold)
    });
  }

  // 2. Objectives against single and mean in the same setting.
  const setting = ["optimizer", "kl_coef", "kl_control", "kl_target", "label_noise", "reward_source", "n_pairs", "world", "policy"];
  for (const a of mine) {
    const o = String(a.run.objective);
    if (o === "single" || o === "mean" || o === "robust") continue;
    const peers = mine.filter((b) => b !== a && same(a.run, b.run, setting));
    const baselines = /^(wco|uwo)$/.test(o) ? ["single", "mean"] : ["single"];
    for (const name of baselines) {
      const found = peers.filter((b) => b.run.objective === name && (name === "single" || b.run.ensemble_size === a.run.ensemble_size));
      if (found.length === 1) out.push(beats(a, found[0]));
    }
  }

  // 3. Larger KL coefficients for the single model.
  const singles = mine.filter((c) => c.run.objective === "single" && c.run.kl_control === "fixed");
  for (const a of singles) {
    const group = singles.filter((b) => same(a.run, b.run, ["optimizer", "label_noise", "reward_source", "n_pairs", "world", "policy"]));
    const smallest = group.reduce((m, b) => (Number(b.run.kl_coef) < Number(m.run.kl_coef) ? b : m));
    if (a !== smallest) out.push(beats(a, smallest));
  }

  // 4. Nominal weights of the robust objective.
  const robust = mine.filter((c) => c.run.objective === "robust");
  for (const a of robust) {
    const w = Number(a.run.objective_param);
    if (w <= 0 || w >= 1) continue;
    for (const end of [0, 1]) {
      const found = robust.filter((b) => b.run.objective_param === end && same(a.run, b.run, setting));
      if (found.length === 1) out.push(beats(a, found[0]));
    }
  }
  return out;
}
