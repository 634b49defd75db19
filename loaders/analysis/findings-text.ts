import type {Measured} from "./finding-row.ts";
import {configId} from "./config-id.ts";
import {textLabel} from "./text-summary.ts";
import {pairedDifferences} from "./verdict.ts";

type Row = Record<string, unknown>;

/** A text configuration: its first runs row and, per seed, its monotonicity row. */
export interface TextConfig {
  readonly run: Row;
  readonly bySeed: Map<number, Row>;
}

/** Groups text runs into configurations with their monotonicity rows (one per run, text-summary.ts). */
export function textConfigs(runs: readonly Row[], monotonicity: readonly Row[]): TextConfig[] {
  const byRun = new Map(monotonicity.map((m) => [String(m.run_id), m]));
  const configs = new Map<string, TextConfig>();
  for (const run of runs) {
    const m = byRun.get(String(run.run_id));
    if (!m) continue;
    const id = configId(run);
    let c = configs.get(id);
    if (!c) configs.set(id, (c = {run, bySeed: new Map()}));
    c.bySeed.set(Number(run.seed), m);
  }
  return [...configs.values()];
}

/** Per seed, a configuration's value of `f` on its monotonicity row. */
export const textPerSeed = (c: TextConfig, f: (m: Row) => number) => new Map([...c.bySeed].map(([seed, m]) => [seed, f(m)]));

/**
 * Per seed, the Spearman rho between the proxy and held-out gold across checkpoints; a seed whose
 * proxy or gold never moves has no rho and is left out (a rank correlation of a constant measures nothing).
 */
export const seedRho = (c: TextConfig) => new Map([...c.bySeed].filter(([, m]) => m.spearman !== null).map(([seed, m]) => [seed, Number(m.spearman)]));

/** Per seed, the held-out gold change (last checkpoint minus step 0) in the seed's gold unit (referenceGoldScale). */
export const seedGoldChange = (c: TextConfig, goldScale: ReadonlyMap<string, number>) => textPerSeed(c, (m) => Number(m.gold_change) / (goldScale.get(String(m.run_id)) ?? 1));

/** Values of a per-seed map, by seed. */
export const bySeedOrder = (map: ReadonlyMap<number, number>) => [...map.keys()].sort((a, b) => a - b).map((s) => map.get(s)!);

const lattice = ["rer_li", "rer_li_rp", "rer_li_rp_rel", "rer_full"];

/**
 * Claims about language-model runs (the White-box rewards page), from the monotonicity rows (one
 * per run, text-summary.ts); held-out checkpoints at the evaluation temperature throughout:
 *   1. every configuration: held-out gold rises with the proxy it optimised across checkpoints
 *      (per-seed Spearman rho; a seed whose proxy or gold never moves is left out, and a configuration
 *      with no such seed is not_tested);
 *   2. every configuration: RL lowers held-out gold below pi_ref's (per seed, gold at step 0 minus
 *      gold at the last checkpoint);
 *   3. each lattice point ends with higher held-out gold than the one before it (li < li*RP <
 *      li*RP*rel < full), paired by seed: step 0 is the same pi_ref answering the same prompts with
 *      the same random stream, so the difference of gold changes is the difference of final gold;
 *   4. each learned objective other than single ends above single with the same reward model.
 * Gold changes are divided by the seed's `goldScale` (referenceGoldScale), so every gold effect of
 * the findings table reads in standard deviations of gold under the initial policy.
 */
export function textClaims(runs: readonly Row[], monotonicity: readonly Row[], goldScale: ReadonlyMap<string, number> = new Map()): Measured[] {
  const all = textConfigs(runs, monotonicity);
  const out: Measured[] = [];
  for (const c of all) {
    const label = textLabel(c.run);
    const rho = seedRho(c);
    out.push({claim: {kind: "rises_with_proxy", run: c.run, subject: label, claim: `RL on the language model against ${label}: held-out gold rises with the proxy across checkpoints (Spearman rho > 0).`}, values: bySeedOrder(rho), notTested: rho.size === 0 ? "no seed's proxy and gold both move across checkpoints (a rank correlation of a constant)" : null});
    out.push({claim: {kind: "ends_below_start", run: c.run, subject: label, claim: `RL on the language model against ${label} ends with lower held-out gold than the reference policy.`}, values: bySeedOrder(seedGoldChange(c, goldScale)).map((v) => -v)});
  }
  const beats = (a: TextConfig, b: TextConfig): Measured => ({
    claim: {kind: "beats", run: a.run, subject: textLabel(a.run), baseline: textLabel(b.run), claim: `RL on the language model against ${textLabel(a.run)} ends with higher held-out gold than against ${textLabel(b.run)}.`},
    values: pairedDifferences(seedGoldChange(a, goldScale), seedGoldChange(b, goldScale))
  });
  const same = (a: Row, b: Row) => a.kl_coef === b.kl_coef && a.optimizer === b.optimizer && a.kl_control === b.kl_control;
  for (let i = 1; i < lattice.length; ++i) {
    const a = all.filter((c) => c.run.reward_source === lattice[i]);
    for (const x of a) {
      const b = all.filter((c) => c.run.reward_source === lattice[i - 1] && same(c.run, x.run));
      if (b.length === 1) out.push(beats(x, b[0]));
    }
  }
  for (const x of all) {
    if (lattice.includes(String(x.run.reward_source)) || x.run.objective === "single") continue;
    const b = all.filter((c) => c.run.reward_source === x.run.reward_source && c.run.objective === "single" && c.run.n_pairs === x.run.n_pairs && c.run.label_noise === x.run.label_noise && same(c.run, x.run));
    if (b.length === 1) out.push(beats(x, b[0]));
  }
  return out;
}

/**
 * Per text run, the standard deviation across held-out prompts of pi_ref's mean gold per prompt
 * (checkpoint_prompts at the run's first point): the unit of its gold effects. It is the spread
 * between prompts of S-sample means (a response's own gold spread under pi_ref is not recorded),
 * so it is at most that spread and a gold effect in these units is, if anything, larger.
 * Runs whose spread is 0 or undefined (fewer than 2 prompts) are left out (unit 1, raw gold).
 */
export function referenceGoldScale(checkpointPrompts: readonly Row[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const r of checkpointPrompts) {
    const id = String(r.run_id), p = Number(r.point);
    if (!(first.get(id)! <= p)) first.set(id, p);
  }
  const golds = new Map<string, number[]>();
  for (const r of checkpointPrompts) {
    const id = String(r.run_id);
    if (Number(r.point) !== first.get(id)) continue;
    let g = golds.get(id);
    if (!g) golds.set(id, (g = []));
    g.push(Number(r.gold_reward));
  }
  const out = new Map<string, number>();
  for (const [id, g] of golds) {
    if (g.length < 2) continue;
    const mean = g.reduce((s, v) => s + v, 0) / g.length;
    const sd = Math.sqrt(g.reduce((s, v) => s + (v - mean) ** 2, 0) / (g.length - 1));
    if (sd > 0 && Number.isFinite(sd)) out.set(id, sd);
  }
  return out;
}
