/**
 * `node --import tsx bench/import-calibration.ts [--logs 250] [--forecast-logs 100] [--seed 20261206]
 * [--rl-runs DIR | --rl-from FILE] [--out data/bench/import-calibration.arrow]`: the importer's
 * divergence test and Gao forecast on seeded synthetic logs (loaders/import/calibration.ts), and
 * with --rl-runs the forecast on goodhart's own policy-gradient runs: DIR holds runs.arrow and
 * curves.arrow from `goodhart run bench/import-forecast-rl.json --out DIR` (60 runs, ~9 minutes on
 * 2 busy cores). --rl-from FILE copies those rows (section forecast_rl) from an earlier calibration
 * file instead: the forecast does not use the divergence test, so they do not change with it.
 * The default seed is the one the committed file used (seeds below 10000 other than 1 are the
 * divergence test's development seeds: keep calibration seeds apart from them). Prints Markdown tables on stdout, progress
 * on stderr, and writes every figure to the Arrow file (table import_calibration,
 * loaders/io/schema/bench.ts) that the Import page shows.
 */
import {readFileSync} from "node:fs";
import {parseArgs} from "node:util";
import {tableFromIPC} from "apache-arrow";
import {encodeRows, writeFileAtomic} from "../loaders/io/arrow.ts";
import {importCalibration} from "../loaders/io/schema/index.ts";
import {calibrate, calibrateOnRuns} from "../loaders/import/calibration.ts";
import type {CalibrationRow} from "../loaders/import/calibration.ts";
import {readRlCurves} from "./rl-curves.ts";
import {calibrationMarkdown} from "./import-calibration-table.ts";

const {values} = parseArgs({
  options: {
    logs: {type: "string", default: "250"},
    "forecast-logs": {type: "string", default: "100"},
    seed: {type: "string", default: "20261206"},
    out: {type: "string", default: "data/bench/import-calibration.arrow"},
    "rl-runs": {type: "string"},
    "rl-from": {type: "string"}
  }
});
const integer = (name: string, text: string) => {
  const x = Number(text);
  if (!(Number.isInteger(x) && x >= 1)) throw new Error(`invalid --${name}: ${text} (expected an integer >= 1)`);
  return x;
};
const t0 = performance.now();
const rows = calibrate({
  logs: integer("logs", values.logs!), forecastLogs: integer("forecast-logs", values["forecast-logs"]!), seed: integer("seed", values.seed!),
  onCell: (label) => process.stderr.write(`import-calibration: ${label} (${((performance.now() - t0) / 1e3).toFixed(0)} s)\n`)
});
if (values["rl-runs"] && values["rl-from"]) throw new Error("invalid options: --rl-runs and --rl-from together (expected one: runs to forecast, or a calibration file to copy their rows from)");
if (values["rl-runs"]) rows.push(...calibrateOnRuns(readRlCurves(values["rl-runs"]), integer("seed", values.seed!)));
if (values["rl-from"]) rows.push(...forecastRlRows(values["rl-from"]));
writeFileAtomic(values.out!, encodeRows(importCalibration, rows));
process.stdout.write(calibrationMarkdown(rows).join("\n") + "\n");
process.stderr.write(`import-calibration: wrote ${rows.length} rows to ${values.out} in ${((performance.now() - t0) / 1e3).toFixed(0)} s\n`);

/** The forecast_rl rows of an earlier calibration file, as they were (their seed column says which run). */
function forecastRlRows(path: string): CalibrationRow[] {
  const rows = tableFromIPC(readFileSync(path)).toArray().map((r) => r.toJSON() as CalibrationRow).filter((r) => r.section === "forecast_rl");
  if (rows.length === 0) throw new Error(`invalid --rl-from: ${path} has no forecast_rl rows (expected a calibration file made with --rl-runs)`);
  return rows.map((r) => ({...r, steps: r.steps === null ? null : Number(r.steps)}));
}
