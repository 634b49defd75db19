import {fitCurveRows} from "../analysis/fit-curves.ts";
import {rlSummaryTables} from "../analysis/rl-summary.ts";
import {sampleViewRows} from "../analysis/sample-views.ts";
import {bandRows, fitRows} from "../analysis/bands-and-fits.ts";
import {monotonicitySummaryRows, textChangeRows} from "../analysis/text-changes.ts";
import {monotonicityRows, textBandRows} from "../analysis/text-summary.ts";
import {textWorldExamples} from "../analysis/text-world-examples.ts";
import {encodeRows} from "../io/arrow.ts";
import {bands as bandsTable, fitCurves, fits as fitsTable, monotonicity as monotonicityTable, monotonicitySummary, rlTables, sampleViewTables, textBands, textChanges, textWorld} from "../io/schema/index.ts";
import type {TableSpec} from "../io/schema/index.ts";
import type {ExperimentOutput} from "../run/experiment.ts";
import {isTextPlan} from "../run/kinds/index.ts";
import {worldSeed} from "../run/kinds/text/config.ts";
import {expandRuns} from "../run/spec/spec.ts";
import {generateTextWorld} from "../worlds/text/world.ts";
import type {ArrowTables} from "./zip.ts";

/*
 * Derived tables an experiment's zip can carry besides its run tables: each function takes the
 * sweep's output (runExperiment) and returns Arrow IPC streams by table name. Every statistic a
 * page draws is computed here, so that components only draw.
 */

/** Tables computed from an experiment's output, by name. */
export type Derive = (output: ExperimentOutput) => ArrowTables;

/** Each table of `specs` encoded from the rows of the same name. */
function encodeAll<S extends Record<string, TableSpec>>(specs: S, rows: {readonly [K in keyof S]: readonly Record<string, unknown>[]}): ArrowTables {
  const out: Record<string, Uint8Array> = {};
  for (const name in specs) out[name] = encodeRows(specs[name], rows[name]);
  return out;
}

/**
 * Seed-mean bands with 90% t-intervals per configuration and metric (bands), Gao et al.'s fit to each
 * configuration's gold curve (fits) and the fitted curves' points (fit_curves).
 */
export function bandsAndFits({rows}: ExperimentOutput): ArrowTables {
  const bands = bandRows(rows);
  const fits = fitRows(bands);
  return {bands: encodeRows(bandsTable, bands), fits: encodeRows(fitsTable, fits), fit_curves: encodeRows(fitCurves, fitCurveRows(fits))};
}

/** The samples table's page-facing views: sample_groups, sample_points and sample_bins (sample-views.ts). */
export function sampleViews({rows}: ExperimentOutput): ArrowTables {
  return encodeAll(sampleViewTables, sampleViewRows(rows));
}

/** Policy-gradient runs summarised: rl_bands, rl_seeds and rl_summary (rl-summary.ts). */
export function rlSummary({rows}: ExperimentOutput): ArrowTables {
  return encodeAll(rlTables, rlSummaryTables(rows));
}

/**
 * A language-model experiment summarised: monotonicity per run and over seeds
 * (monotonicity_summary), checkpoint metrics over seeds (text_bands), their change from step 0 to the
 * last checkpoint (text_changes), and examples of the text world the spec generates (text_world).
 */
export function textSummary({rows, spec}: ExperimentOutput): ArrowTables {
  const plan = expandRuns(spec).find(isTextPlan);
  if (!plan) throw new Error(`experiment ${spec.name}: textSummary expects a language-model spec (a text world); use bandsAndFits or rlSummary for this one`);
  const {name: _, seed: __, ...worldOptions} = plan.config.world;
  const seed = worldSeed(plan.config); // the first run's world: each seed's own when world.seed is "per_seed"
  const monotonicity = monotonicityRows(rows);
  return {
    monotonicity: encodeRows(monotonicityTable, monotonicity),
    text_bands: encodeRows(textBands, textBandRows(rows)),
    text_world: encodeRows(textWorld, textWorldExamples(generateTextWorld(seed, worldOptions))),
    monotonicity_summary: encodeRows(monotonicitySummary, monotonicitySummaryRows(monotonicity)),
    text_changes: encodeRows(textChanges, textChangeRows(rows))
  };
}
