import type {Measured} from "./finding-row.ts";
import {configId} from "./config-id.ts";
import {propertyOf} from "../narrow.ts";
import {textLabel} from "./text-summary.ts";
import {pairedDifferences} from "./verdict.ts";

type Row = Record<string, unknown>;

/** A text configuration: its first runs row and, per seed, its monotonicity row and its world. */
export interface TextConfig {
  readonly run: Row;
  readonly bySeed: Map<number, Row>;
  /** per seed, its world (the world section of the run's config): one per seed when world.seed is "per_seed" */
  readonly worldBySeed: Map<number, string>;
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
    if (!c) configs.set(id, (c = {run, bySeed: new Map(), worldBySeed: new Map()}));
    c.bySeed.set(Number(run.seed), m);
    c.worldBySeed.set(Number(run.seed), worldOf(run));
  }
  return [...configs.values()];
}

/**
 * A runs row's world: its config's world section as JSON, with the seed in effect (world.seed
 * "per_seed" is the run's seed, kinds/text/config.ts worldSeed).
 */
function worldOf(run: Row): string {
  const world: unknown = propertyOf(JSON.parse(String(run.config_json)), "world");
  if (typeof world !== "object" || world === null) return "null";
  const seed = propertyOf(world, "seed");
  return JSON.stringify({...world, seed: seed === "per_seed" ? run.seed : seed});
}

/** The distinct worlds behind a claim's per-seed values: of `seeds` (keys of a per-seed map) in a configuration. */
export const worldCount = (c: TextConfig, seeds: ReadonlyMap<number, unknown>) => new Set([...seeds.keys()].map((seed) => c.worldBySeed.get(seed))).size;

/** Per seed, a configuration's value of `f` on its monotonicity row. */
export const textPerSeed = (c: TextConfig, f: (m: Row) => number) => new Map([...c.bySeed].map(([seed, m]) => [seed, f(m)]));

/**
 * Per seed, the Spearman rho between the proxy and held-out gold across checkpoints; a seed whose
 * proxy or gold never moves has no rho and is left out (a rank correlation of a constant measures nothing).
 */
export const seedRho = (c: TextConfig) => new Map([...c.bySeed].filter(([, m]) => m.spearman !== null).map(([seed, m]) => [seed, Number(m.spearman)]));

/**
 * Per seed, the held-out gold change (last checkpoint minus step 0) in the seed's gold unit: the
 * engine records text gold in standard deviations of gold per response under that seed's pi_ref
 * (its own samples on the RL prompts, kinds/text/execute.ts), as a pool world's gold is in std
 * under pi_0, so each seed (each world, when the world follows the seed) has its own unit.
 */
export const seedGoldChange = (c: TextConfig) => textPerSeed(c, (m) => Number(m.gold_change));

/** Values of a per-seed map, by seed. */
export const bySeedOrder = (map: ReadonlyMap<number, number>) => [...map.keys()].sort((a, b) => a - b).map((s) => map.get(s)!);

/** Paired by seed (by world, when the world follows the seed): subject minus baseline gold change, with the worlds behind it. */
export function pairedGoldChange(a: TextConfig, b: TextConfig): {values: number[]; worlds: number} {
  const common = new Map([...a.bySeed].filter(([seed]) => b.bySeed.has(seed)));
  return {values: pairedDifferences(seedGoldChange(a), seedGoldChange(b)), worlds: worldCount(a, common)};
}

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
 * Gold changes are in the seed's gold unit (seedGoldChange), so every gold effect of the findings
 * table reads in standard deviations of gold per response under the initial policy.
 */
export function textClaims(runs: readonly Row[], monotonicity: readonly Row[]): Measured[] {
  const all = textConfigs(runs, monotonicity);
  const out: Measured[] = [];
  for (const c of all) {
    const label = textLabel(c.run);
    const rho = seedRho(c);
    out.push({claim: {kind: "rises_with_proxy", run: c.run, subject: label, claim: `RL on the language model against ${label}: held-out gold rises with the proxy across checkpoints (Spearman rho > 0).`}, values: bySeedOrder(rho), worlds: worldCount(c, rho), notTested: rho.size === 0 ? "no seed's proxy and gold both move across checkpoints (a rank correlation of a constant)" : null});
    out.push({claim: {kind: "ends_below_start", run: c.run, subject: label, claim: `RL on the language model against ${label} ends with lower held-out gold than the reference policy.`}, values: bySeedOrder(seedGoldChange(c)).map((v) => -v), worlds: worldCount(c, c.bySeed)});
  }
  const beats = (a: TextConfig, b: TextConfig): Measured => ({
    claim: {kind: "beats", run: a.run, subject: textLabel(a.run), baseline: textLabel(b.run), claim: `RL on the language model against ${textLabel(a.run)} ends with higher held-out gold than against ${textLabel(b.run)}.`},
    ...pairedGoldChange(a, b)
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
