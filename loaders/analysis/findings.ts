import {findingRow} from "./finding-row.ts";
import {overoptClaims} from "./findings-overopt.ts";
import {rlClaims} from "./findings-rl.ts";
import {seedConfigs} from "./seed-configs.ts";
import type {TIntervalOptions} from "./t-interval.ts";

type Row = Record<string, unknown>;

/**
 * The findings table (io/schema/findings.ts) of an experiment from its runs and curves rows: the
 * claims of the Overoptimization page (best-of-n, KL tilt) and of the Robust page (policy
 * gradient), whichever the runs hold, each with its effect over seeds and verdict.
 */
export function findingRows(experiment: string, rows: {runs: readonly Row[]; curves: readonly Row[]}, options: TIntervalOptions = {}): Row[] {
  const configs = seedConfigs(rows);
  return [...overoptClaims(configs), ...rlClaims(configs)].map(({claim, values}) => findingRow(experiment, claim, values, options));
}
