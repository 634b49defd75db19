import type {FindingFit} from "./rows.js";

export interface FindingsOptions {
  /** world of the reference setting (default "heavy_tailed") */
  world?: string;
  /** label noise of the reference setting (default 0.25) */
  noise?: number;
  /** training pairs of the reference setting (default 500) */
  pairs?: number;
  /** ensemble size compared with the single reward model (default 5) */
  size?: number;
  /** the world with an extremal length penalty (default "extremal_length") */
  extremal?: string;
}

const f2 = (x: number) => x.toFixed(2);
const optimizerNames: Record<string, string> = {best_of_n: "best-of-n", kl_tilt: "the KL-regularised optimum"};

/**
 * Plain-language findings, every number read from the fits table: the single reward model's peak
 * against its final gold, robust objectives against mean and single, more clean data, and the
 * extremal world. A finding whose runs are missing from the data is left out.
 */
export function findings(data: Iterable<FindingFit>, options: FindingsOptions = {}): string[] {
  const {world = "heavy_tailed", noise = 0.25, pairs = 500, size = 5, extremal = "extremal_length"} = options;
  const fits = Array.from(data, (d) => ({...d, ensemble_size: Number(d.ensemble_size), n_pairs: Number(d.n_pairs), label_noise: Number(d.label_noise)}));
  const find = (where: Partial<FindingFit>) =>
    fits.find((d) => Object.entries(where).every(([k, v]) => (d as Record<string, unknown>)[k] === v));
  const out: string[] = [];
  const setting = `${Math.round(noise * 100)}% label noise, ${pairs} pairs, ${world.replace("_", "-")} world`;

  // 1. The single reward model: peak against the end of the curve.
  for (const optimizer of ["best_of_n", "kl_tilt"]) {
    const single = find({world, optimizer, objective: "single", n_pairs: pairs, label_noise: noise});
    if (!single) continue;
    const drop = single.observed_peak_gold - single.final_gold;
    const shape = drop > 0.05 * Math.abs(single.observed_peak_gold) + 0.02
      ? `peaks at ${f2(single.observed_peak_gold)} (√KL ${f2(single.observed_peak_d)}) and falls to ${f2(single.final_gold)} at √KL ${f2(single.final_d)}, ${f2(drop)} below its peak`
      : `does not turn over: it ends at ${f2(single.final_gold)} (√KL ${f2(single.final_d)}), its peak being ${f2(single.observed_peak_gold)}`;
    const proxy = single.final_proxy == null ? "" : `, while the proxy it optimises ends at ${f2(single.final_proxy)}`;
    out.push(`Single reward model, ${optimizerNames[optimizer] ?? optimizer} (${setting}): gold reward ${shape}${proxy}.`);
  }

  // 2. Robust objectives against the mean and the single model, at the end of the curve.
  for (const optimizer of ["best_of_n", "kl_tilt"]) {
    const at = (objective: string, k: number) => find({world, optimizer, objective, ensemble_size: k, n_pairs: pairs, label_noise: noise});
    const robust = [at("wco", size), at("uwo", size)].filter((d) => d !== undefined);
    const baseline = [at("mean", size), at("single", 1)].filter((d) => d !== undefined);
    if (robust.length === 0 || baseline.length === 0) continue;
    const fmt = (d: FindingFit) => `${/^(wco|uwo)$/.test(d.objective) ? d.objective.toUpperCase() : d.objective} ${f2(d.final_gold)} [${f2(d.final_gold_lower)}, ${f2(d.final_gold_upper)}]`;
    const best = Math.max(...baseline.map((d) => d.final_gold));
    const worst = Math.min(...robust.map((d) => d.final_gold));
    const verdict = worst > best ? "both robust objectives end higher" : "the robust objectives do not all end higher";
    out.push(
      `Final gold reward with ${optimizerNames[optimizer] ?? optimizer} (${setting}, ${size} members; 90% bootstrap bands over seeds): ` +
        `${robust.map(fmt).join(", ")} against ${baseline.map(fmt).join(", ")}: ${verdict}.`
    );
  }

  // 3. More clean data for the single model.
  const clean = fits
    .filter((d) => d.world === world && d.optimizer === "best_of_n" && d.objective === "single" && d.label_noise === 0)
    .sort((a, b) => b.n_pairs - a.n_pairs)[0];
  const noisy = find({world, optimizer: "best_of_n", objective: "single", n_pairs: pairs, label_noise: noise});
  if (clean && noisy) {
    out.push(
      `With ${clean.n_pairs} clean pairs the single reward model's best-of-n gold ends at ${f2(clean.final_gold)} (peak ${f2(clean.observed_peak_gold)}), ` +
        `against ${f2(noisy.final_gold)} with ${pairs} pairs at ${Math.round(noise * 100)}% noise.`
    );
  }

  // 4. The extremal world, where the gold reward penalises an exploitable feature.
  const ext = fits.filter((d) => d.world === extremal && d.optimizer === "best_of_n");
  if (ext.length > 0) {
    const below = ext.filter((d) => d.final_gold < 0);
    const single = ext.find((d) => d.objective === "single");
    out.push(
      `In the ${extremal.replace("_", "-")} world, ${below.length} of ${ext.length} best-of-n objectives end below the initial policy (gold < 0)` +
        (single ? `; the single reward model peaks at ${f2(single.observed_peak_gold)} and ends at ${f2(single.final_gold)}` : "") + "."
    );
  }
  return out;
}
