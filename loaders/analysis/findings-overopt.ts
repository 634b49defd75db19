import type {EngineRow} from "./engine-rows.ts";
import {fallValues} from "./held-out-fall.ts";
import {type Measured, settingText} from "./finding-row.ts";
import {type SeedConfig, finalGold, pick} from "./seed-configs.ts";
import {pairedDifferences} from "./verdict.ts";

const optimizerNames: Record<string, string> = {best_of_n: "Best-of-n", kl_tilt: "The KL-regularised optimum"};
const objectiveName = (run: EngineRow) => {
  const o = String(run.objective);
  const name = /^(wco|uwo)$/.test(o) ? o.toUpperCase() : o === "single" ? "the single reward model" : o.replace(/_/g, " ");
  return run.objective_param == null ? name : `${name} (${run.objective_param})`;
};
const subjectOf = (run: EngineRow) => (run.objective === "single" ? "single" : `${run.objective}${run.objective_param == null ? "" : ` ${run.objective_param}`} x${run.ensemble_size}`);
const against = (run: EngineRow) => `${objectiveName(run)}${run.objective === "single" ? "" : ` (${run.ensemble_size} members)`}`;

/**
 * Claims about best-of-n and the exact KL-regularised optimum (the Overoptimization page):
 *   1. every configuration: gold falls after its peak (peak chosen on half of the seeds, measured on the other half);
 *   2. per setting: WCO and UWO at the largest ensemble end above the mean objective and above the
 *      single reward model (paired final gold, same seeds);
 *   3. per world: the single model on the most clean pairs ends above each noisy setting's single model;
 *   4. every configuration of an extremal world ends below pi_0; every clean-label one above it.
 */
export function overoptClaims(configs: readonly SeedConfig[]): Measured[] {
  const mine = configs.filter((c) => c.run.optimizer === "best_of_n" || c.run.optimizer === "kl_tilt");
  const out: Measured[] = [];
  const opt = (run: EngineRow) => optimizerNames[String(run.optimizer)] ?? String(run.optimizer);

  // 1. Falls after the peak.
  for (const c of mine) {
    out.push({
      claim: {kind: "falls_after_peak", run: c.run, subject: subjectOf(c.run), claim: `${opt(c.run)} against ${against(c.run)}: gold falls after its peak (${settingText(c.run)}).`},
      ...fallValues(c.gold)
    });
  }

  // 2. Robust objectives against the mean and the single model.
  const settings = new Map<string, EngineRow>();
  for (const c of mine) settings.set(JSON.stringify([c.run.world, c.run.optimizer, c.run.n_pairs, c.run.label_noise]), c.run);
  for (const s of settings.values()) {
    const where = {world: s.world, optimizer: s.optimizer, n_pairs: s.n_pairs, label_noise: s.label_noise};
    const inSetting = mine.filter((c) => Object.entries(where).every(([k, v]) => c.run[k] === v));
    const size = Math.max(...inSetting.map((c) => Number(c.run.ensemble_size)));
    if (size < 2) continue;
    const single = pick(inSetting, {objective: "single"});
    const mean = pick(inSetting, {objective: "mean", ensemble_size: size});
    for (const robust of ["wco", "uwo"]) {
      const r = inSetting.filter((c) => c.run.objective === robust && c.run.ensemble_size === size);
      if (r.length !== 1) continue;
      for (const base of [mean, single]) {
        if (!base) continue;
        out.push({
          claim: {kind: "beats", run: r[0].run, subject: subjectOf(r[0].run), baseline: subjectOf(base.run), claim: `${opt(r[0].run)} against ${against(r[0].run)} ends with higher gold reward than against ${against(base.run)} (${settingText(r[0].run)}).`},
          values: pairedDifferences(finalGold(r[0]), finalGold(base))
        });
      }
    }
  }

  // 3. More clean data for the single model, against each noisy setting of the same world.
  for (const optimizer of ["best_of_n", "kl_tilt"]) {
    for (const world of new Set(mine.map((c) => c.run.world))) {
      const singles = mine.filter((c) => c.run.optimizer === optimizer && c.run.objective === "single" && c.run.world === world);
      const most = singles.filter((c) => c.run.label_noise === 0).sort((a, b) => Number(b.run.n_pairs) - Number(a.run.n_pairs))[0];
      if (!most) continue;
      for (const base of singles.filter((c) => Number(c.run.label_noise) > 0)) {
        const noise = `${Math.round(Number(base.run.label_noise) * 100)}%`;
        out.push({
          claim: {kind: "beats", run: most.run, subject: `single, ${most.run.n_pairs} clean pairs`, baseline: `single, ${base.run.n_pairs} pairs at ${noise} noise`, claim: `${opt(most.run)} against the single reward model ends with higher gold reward when it is trained on ${Number(most.run.n_pairs).toLocaleString("en-US")} clean pairs than on ${base.run.n_pairs} pairs with ${noise} flipped labels (${String(world).replace(/_/g, "-")} world).`},
          values: pairedDifferences(finalGold(most), finalGold(base))
        });
      }
    }
  }

  // 4. Where the curve ends against pi_0.
  for (const c of mine) {
    const final = [...finalGold(c).values()];
    if (String(c.run.world).startsWith("extremal")) {
      out.push({claim: {kind: "ends_below_start", run: c.run, subject: subjectOf(c.run), claim: `${opt(c.run)} against ${against(c.run)} ends below the initial policy's gold reward (${settingText(c.run)}).`}, values: final.map((g) => -g)});
    } else if (c.run.label_noise === 0) {
      out.push({claim: {kind: "ends_above_start", run: c.run, subject: subjectOf(c.run), claim: `${opt(c.run)} against ${against(c.run)} ends above the initial policy's gold reward (${settingText(c.run)}).`}, values: final});
    }
  }
  return out;
}
