import type {EngineRow} from "./engine-rows.ts";
import type {PrimaryClaim, Selector} from "./primaries-spec.ts";
import type {Measured} from "./finding-row.ts";
import {type TextConfig, bySeedOrder, pairedGoldChange, seedGoldChange, seedRho, worldCount} from "./findings-text.ts";
import {fallValues} from "./held-out-fall.ts";
import {rlLabel} from "./rl-summary.ts";
import {type SeedConfig, finalGold} from "./seed-configs.ts";
import {textLabel} from "./text-summary.ts";
import {pairedDifferences} from "./verdict.ts";

const matches = (run: EngineRow, where: Selector) => Object.entries(where).every(([k, v]) => (run[k] ?? null) === v);
const pct = (x: unknown) => `${Math.round(Number(x) * 100)}%`;
const kl = (run: EngineRow) => (run.kl_control === "exact_target" ? `, KL target ${run.kl_target} nats` : run.kl_control === "adaptive" ? `, adaptive KL` : run.kl_coef == null ? "" : `, beta ${run.kl_coef}`);

/** A configuration in words, enough to tell it from the others of its experiment. */
export function configText(run: EngineRow): string {
  if (run.world === "text") return `RL on the language model against ${textLabel(run)}`;
  const objective = run.objective === "single" ? "the single reward model" : `${String(run.objective).toUpperCase()}${run.objective_param == null ? "" : ` ${run.objective_param}`} (${run.ensemble_size} members)`;
  const setting = `${String(run.world).replace(/_/g, "-")} world, ${pct(run.label_noise)} flipped labels, ${Number(run.n_pairs).toLocaleString("en-US")} pairs`;
  if (run.optimizer === "best_of_n") return `Best-of-n against ${objective} (${setting})`;
  if (run.optimizer === "kl_tilt") return `The KL-regularised optimum against ${objective} (${setting})`;
  return `RL (${run.optimizer}) against ${rlLabel(run)} (${setting}${kl(run)})`;
}

/** The sentence of a primary claim, without numbers. */
function sentence(p: PrimaryClaim, a: EngineRow, b: EngineRow | null): string {
  const gold = a.world === "text" ? "held-out gold" : "gold reward";
  switch (p.kind) {
    case "falls_after_peak": return `${configText(a)}: gold falls after its peak.`;
    case "ends_above_start": return `${configText(a)} ends above the initial policy's ${gold}.`;
    case "ends_below_start": return `${configText(a)} ends below the initial policy's ${gold}.`;
    case "rises_with_proxy": return `${configText(a)}: held-out gold ${p.direction === "greater" ? "rises" : "falls"} as the proxy rises across checkpoints (Spearman rho ${p.direction === "greater" ? ">" : "<"} 0).`;
    case "beats": return `${configText(a)} ends with ${p.direction === "greater" ? "higher" : "lower"} ${gold} than ${configText(b!).replace(/^RL on the language model against /, "against ")}.`;
  }
}

/** Subject and baseline labels as the exploratory rows name them (so a primary keeps the same finding_id). */
const label = (run: EngineRow) => (run.world === "text" ? textLabel(run) : run.optimizer === "best_of_n" || run.optimizer === "kl_tilt" ? (run.objective === "single" ? "single" : `${run.objective}${run.objective_param == null ? "" : ` ${run.objective_param}`} x${run.ensemble_size}`) : rlLabel(run));

/**
 * Each declared primary claim with its per-seed values (> 0 supports it in the declared direction):
 * its subject (and baseline) picked by their runs columns among the experiment's configurations;
 * a selector that picks none or several gives a not_tested claim saying so.
 */
export function primaryClaims(primaries: readonly PrimaryClaim[], pool: readonly SeedConfig[], text: readonly TextConfig[]): Measured[] {
  // An experiment's configurations are all text ones (a language-model experiment) or all pool ones.
  return text.length ? claimsOf(primaries, text, measureText) : claimsOf(primaries, pool, measurePool);
}

type Measure<C> = (p: PrimaryClaim, a: C, b: C | null) => {values: number[]; notTested: string | null; worlds?: number};

function claimsOf<C extends {run: EngineRow}>(primaries: readonly PrimaryClaim[], configs: readonly C[], measure: Measure<C>): Measured[] {
  return primaries.map((p) => {
    const find = (where: Selector) => configs.filter((c) => matches(c.run, where));
    const subject = find(p.subject);
    const baselineWhere = p.baseline && subject.length === 1 ? {...Object.fromEntries(Object.entries(p.subject)), ...p.baseline} : null;
    const baseline = baselineWhere ? find(baselineWhere) : [];
    const unmatched = subject.length !== 1 ? ["subject", p.subject, subject.length] as const : p.baseline && baseline.length !== 1 ? ["baseline", baselineWhere, baseline.length] as const : null;
    if (unmatched) {
      const run = subject[0]?.run ?? {};
      return {primaryId: p.id, sesoi: p.sesoi, values: [], claim: {kind: p.kind, run, subject: JSON.stringify(p.subject), baseline: p.baseline ? JSON.stringify(p.baseline) : null, claim: `${p.question} (primary ${p.id})`}, notTested: `the ${unmatched[0]} ${JSON.stringify(unmatched[1])} matches ${unmatched[2]} configurations of the experiment (expected exactly 1: fix primaries[].${unmatched[0]} in the spec)`};
    }
    const a = subject[0], b = baseline[0] ?? null;
    const sign = p.direction === "greater" ? 1 : -1;
    const claim = {kind: p.kind, run: a.run, subject: label(a.run), baseline: b ? label(b.run) : null, claim: sentence(p, a.run, b?.run ?? null)};
    const {values, notTested, worlds} = measure(p, a, b);
    return {primaryId: p.id, sesoi: p.sesoi, claim, values: values.map((v) => sign * v), notTested, worlds};
  });
}

function measureText(p: PrimaryClaim, t: TextConfig, u: TextConfig | null): {values: number[]; notTested: string | null; worlds: number} {
  if (p.kind === "rises_with_proxy") {
    const rho = seedRho(t);
    return {values: bySeedOrder(rho), worlds: worldCount(t, rho), notTested: rho.size ? null : "no seed's proxy and gold both move across checkpoints (a rank correlation of a constant)"};
  }
  if (p.kind === "beats") return {...pairedGoldChange(t, u!), notTested: null};
  return {values: bySeedOrder(seedGoldChange(t)).map((v) => (p.kind === "ends_below_start" ? -v : v)), worlds: worldCount(t, t.bySeed), notTested: null};
}

function measurePool(p: PrimaryClaim, c: SeedConfig, b: SeedConfig | null): {values: number[]; notTested: string | null} {
  if (p.kind === "falls_after_peak") return fallValues(c.gold);
  if (p.kind === "beats") return {values: pairedDifferences(finalGold(c), finalGold(b!)), notTested: null};
  const final = bySeedOrder(finalGold(c));
  return {values: p.kind === "ends_below_start" ? final.map((g) => -g) : final, notTested: null};
}
