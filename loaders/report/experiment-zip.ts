import {readReseedRecord, reseedRows} from "../analysis/reseed-record.ts";
import {encodeRows} from "../io/arrow.ts";
import {reseed as reseedTable} from "../io/schema/index.ts";
import {runExperiment} from "../run/experiment.ts";
import {loadSpec} from "../run/spec/spec.ts";
import type {ExperimentOutput, RunExperimentOptions} from "../run/experiment.ts";
import {bandsAndFits} from "./derive.ts";
import type {Derive} from "./derive.ts";
import {SEED_CAP_ENV, cappedSeeds, seedCap} from "./seed-cap.ts";
import {writeZip} from "./zip.ts";

export interface ExperimentZipOptions extends RunExperimentOptions {
  /** the derived tables added to the zip (default bandsAndFits: bands, fits, fit_curves) */
  derive?: Derive | readonly Derive[];
  /** a reseeding record (written by `goodhart reseed-check --record`) to add as the reseed table; the build never reruns the check (default none) */
  reseed?: string;
}

/**
 * A report's experiment loader in one call: runs the spec (cached runs are reused), then writes the run
 * tables, findings, derived tables and, if asked, the last reseeding check as one zip on stdout.
 * Progress goes to stderr. With GOODHART_SEEDS=N set (seed-cap.ts) it runs the spec's first N seeds only.
 *
 * ```ts
 * // src/data/experiment.zip.ts
 * import {experimentZip} from "goodhart/loader";
 * await experimentZip("data/experiments/starter.json");
 * ```
 */
export async function experimentZip(spec: string, {derive = bandsAndFits, reseed, ...options}: ExperimentZipOptions = {}): Promise<ExperimentOutput> {
  const cap = options.seeds === undefined ? seedCap() : null;
  const seeds = cap === null ? options.seeds : cappedSeeds(loadSpec(spec).seeds, cap);
  if (cap !== null) process.stderr.write(`goodhart: ${spec}: ${SEED_CAP_ENV}=${cap}, the first ${seeds?.length} seeds only\n`);
  const output = await runExperiment(spec, {...options, ...(seeds && {seeds})});
  const derived = (Array.isArray(derive) ? derive : [derive]).map((d: Derive) => d(output));
  const record = reseed === undefined ? {} : {reseed: encodeRows(reseedTable, reseedRows(readReseedRecord(reseed), output.findings))};
  await writeZip(Object.assign({...output.arrow}, ...derived, record));
  return output;
}
