import {findingRow} from "./finding-row.ts";
import {overoptClaims} from "./findings-overopt.ts";
import {rlClaims} from "./findings-rl.ts";
import {seedConfigs} from "./seed-configs.ts";
import {referenceGoldScale, textClaims} from "./findings-text.ts";
import {monotonicityRows} from "./text-summary.ts";

type Row = Record<string, unknown>;

export interface FindingsOptions {
  /**
   * probability that every interval of the experiment's findings covers its effect at once
   * (default 0.9); each finding's interval is at 1 - (1 - familyLevel) / (number of findings)
   */
  familyLevel?: number;
}

/**
 * The level of each finding's interval so that all `familySize` intervals cover together with
 * probability at least `familyLevel` (Bonferroni: the union of the misses is at most their sum,
 * whatever the dependence between findings). A report states every finding of an experiment at
 * once, and a rerun on other seeds checks them all: at a per-finding 90% level, ~10% of the true
 * null effects among a hundred findings come out directional by chance, and their sign flips on
 * other seeds. Simultaneous intervals make "no finding reverses" a property of the family.
 */
export function familyIntervalLevel(familySize: number, familyLevel = 0.9): number {
  if (!(familyLevel > 0 && familyLevel < 1)) throw new Error(`invalid familyLevel: ${familyLevel} (expected a coverage in (0, 1), e.g. 0.9)`);
  if (!(Number.isInteger(familySize) && familySize >= 1)) throw new Error(`invalid familySize: ${familySize} (expected a count of findings >= 1)`);
  return 1 - (1 - familyLevel) / familySize;
}

/**
 * The findings table (io/schema/findings.ts) of an experiment from its runs and curves rows: the
 * claims of the Overoptimization page (best-of-n, KL tilt) and of the Robust page (policy
 * gradient) and of the White-box rewards page (language-model runs), whichever the runs hold, each
 * with its effect over seeds, its simultaneous interval (familyIntervalLevel) and verdict.
 */
export function findingRows(experiment: string, rows: {runs: readonly Row[]; curves: readonly Row[]; checkpoint_prompts?: readonly Row[]}, {familyLevel = 0.9}: FindingsOptions = {}): Row[] {
  // Language-model runs have their own claims, on held-out checkpoints (findings-text.ts).
  const configs = seedConfigs(rows).filter((c) => c.run.world !== "text");
  const text = rows.checkpoint_prompts?.length ? textClaims(rows.runs, monotonicityRows({runs: rows.runs, checkpoint_prompts: rows.checkpoint_prompts}), referenceGoldScale(rows.checkpoint_prompts)) : [];
  const measured = [...overoptClaims(configs), ...rlClaims(configs), ...text];
  if (measured.length === 0) return [];
  const level = familyIntervalLevel(measured.length, familyLevel);
  return measured.map(({claim, values}) => findingRow(experiment, claim, values, {level, familySize: measured.length}));
}
