import {bandRows, fitRows} from "../analysis/tables.ts";
import {analysisTables} from "../io/schema/index.ts";
import {encodeRows} from "../io/arrow.ts";
import {runExperiment} from "../run/experiment.ts";
import type {ExperimentOutput, RunExperimentOptions} from "../run/experiment.ts";
import {writeZip} from "./zip.ts";
import type {ArrowTables} from "./zip.ts";

export interface ExperimentZipOptions extends RunExperimentOptions {
  /** tables computed from the sweep's output and added to the zip (default: bands and fits, analysis/tables.ts) */
  derive?: (output: ExperimentOutput) => ArrowTables;
}

/** Seed-mean bands with t-intervals per configuration and metric, and Gao et al.'s fits to them. */
export function bandsAndFits({rows}: ExperimentOutput): ArrowTables {
  const bands = bandRows(rows);
  return {bands: encodeRows(analysisTables.bands, bands), fits: encodeRows(analysisTables.fits, fitRows(bands))};
}

/**
 * A report's experiment loader in one call: runs the spec (cached runs are reused), then writes the run
 * tables, findings and derived tables as one zip on stdout. Progress goes to stderr.
 *
 * ```ts
 * // src/data/experiment.zip.ts
 * import {experimentZip} from "goodhart/loader";
 * await experimentZip("data/experiments/starter.json");
 * ```
 */
export async function experimentZip(spec: string, {derive = bandsAndFits, ...options}: ExperimentZipOptions = {}): Promise<ExperimentOutput> {
  const output = await runExperiment(spec, options);
  await writeZip({...output.arrow, ...derive(output)});
  return output;
}
