import type {EngineRow} from "./engine-rows.ts";
import type {PrimaryClaim} from "./primaries-spec.ts";
import {exploratoryLevel, familyAlpha} from "./claim-levels.ts";
import {type FindingsRow, type Measured, findingId, findingRow, sesoiOf} from "./finding-row.ts";
import {overoptClaims} from "./findings-overopt.ts";
import {rlClaims} from "./findings-rl.ts";
import {seedConfigs} from "./seed-configs.ts";
import {textClaims, textConfigs} from "./findings-text.ts";
import {benjaminiHochberg, holm} from "./multiplicity.ts";
import {primaryClaims} from "./primaries.ts";
import {monotonicityRows} from "./text-summary.ts";
import {seedEffect} from "./verdict.ts";

export interface FindingsOptions {
  /** the spec's declared primary claims (ExperimentSpec.primaries); default none: every row exploratory */
  primaries?: readonly PrimaryClaim[];
}

/** The two-sided sign-test p of a claim's values (null when the measurement did not happen). */
const pOf = (m: Measured) => seedEffect(m.values, {notTested: m.notTested ?? null, level: exploratoryLevel}).p_value;

/**
 * The findings table (io/schema/findings.ts) of an experiment from its runs and curves rows:
 *   primary rows: the spec's declared claims (primaries-spec.ts), Holm over those that were tested at
 *     a family-wise error of familyAlpha; each interval at its Holm step (multiplicity.ts), so it
 *     excludes 0 exactly when Holm rejects; the headlines come from these rows only;
 *   exploratory rows: every other claim of the Overoptimization, Robust and White-box pages
 *     (findings-overopt.ts, findings-rl.ts, findings-text.ts), each at 90% with a Benjamini-Hochberg q-value.
 * A measurement that did not happen (not_tested) is outside both families.
 */
export function findingRows(experiment: string, rows: {runs: readonly EngineRow[]; curves: readonly EngineRow[]; checkpoint_prompts?: readonly EngineRow[]}, {primaries = []}: FindingsOptions = {}): FindingsRow[] {
  // Language-model runs have their own claims, on held-out checkpoints (findings-text.ts).
  const configs = seedConfigs(rows).filter((c) => c.run.world !== "text");
  const monotonicity = rows.checkpoint_prompts?.length ? monotonicityRows({runs: rows.runs, checkpoint_prompts: rows.checkpoint_prompts}) : [];
  const text = monotonicity.length ? textConfigs(rows.runs, monotonicity) : [];
  const primary = primaryClaims(primaries, configs, text);
  const declared = new Set(primary.map((m) => findingId(experiment, m.claim)));
  const exploratory = [...overoptClaims(configs), ...rlClaims(configs), ...(text.length ? textClaims(rows.runs, monotonicity) : [])].filter((m) => !declared.has(findingId(experiment, m.claim)));
  return [...primaryRows(experiment, primary), ...exploratoryRows(experiment, exploratory)];
}

function primaryRows(experiment: string, measured: readonly Measured[]): FindingsRow[] {
  const p = measured.map(pOf);
  const tested = p.flatMap((v, i) => (v === null ? [] : [i]));
  const {adjusted, levels} = holm(tested.map((i) => p[i]!), familyAlpha);
  const at = new Map(tested.map((i, j) => [i, j]));
  return measured.map((m, i) => {
    const j = at.get(i);
    return findingRow(experiment, m, {role: "primary", level: j === undefined ? 1 - familyAlpha / Math.max(1, tested.length) : levels[j], adjustedP: j === undefined ? null : adjusted[j], familySize: tested.length});
  });
}

function exploratoryRows(experiment: string, measured: readonly Measured[]): FindingsRow[] {
  const p = measured.map(pOf);
  const tested = p.flatMap((v, i) => (v === null ? [] : [i]));
  const q = benjaminiHochberg(tested.map((i) => p[i]!));
  const at = new Map(tested.map((i, j) => [i, j]));
  return measured.map((m, i) => {
    const j = at.get(i);
    return findingRow(experiment, {...m, sesoi: sesoiOf(m.claim.kind)}, {role: "exploratory", level: exploratoryLevel, adjustedP: j === undefined ? null : q[j], familySize: tested.length});
  });
}
