import {findingRow} from "./finding-row.ts";
import {overoptClaims} from "./findings-overopt.ts";
import {rlClaims} from "./findings-rl.ts";
import {seedConfigs} from "./seed-configs.ts";
import {referenceGoldScale, textClaims} from "./findings-text.ts";
import {monotonicityRows} from "./text-summary.ts";
import type {TIntervalOptions} from "./t-interval.ts";

type Row = Record<string, unknown>;

/**
 * The findings table (io/schema/findings.ts) of an experiment from its runs and curves rows: the
 * claims of the Overoptimization page (best-of-n, KL tilt) and of the Robust page (policy
 * gradient) and of the White-box rewards page (language-model runs), whichever the runs hold, each with its effect over seeds and verdict.
 */
export function findingRows(experiment: string, rows: {runs: readonly Row[]; curves: readonly Row[]; checkpoint_prompts?: readonly Row[]}, options: TIntervalOptions = {}): Row[] {
  // Language-model runs have their own claims, on held-out checkpoints (findings-text.ts).
  const configs = seedConfigs(rows).filter((c) => c.run.world !== "text");
  const text = rows.checkpoint_prompts?.length ? textClaims(rows.runs, monotonicityRows({runs: rows.runs, checkpoint_prompts: rows.checkpoint_prompts}), referenceGoldScale(rows.checkpoint_prompts)) : [];
  return [...overoptClaims(configs), ...rlClaims(configs), ...text].map(({claim, values}) => findingRow(experiment, claim, values, options));
}
