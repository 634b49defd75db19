/**
 * `node --import tsx bench/import-calibration.ts [--logs 250] [--forecast-logs 100] [--seed 1]
 * [--rl-runs DIR] [--out data/bench/import-calibration.arrow]`: the importer's divergence test and
 * Gao forecast on seeded synthetic logs (loaders/import/calibration.ts), and with --rl-runs the
 * forecast on goodhart's own policy-gradient runs: DIR holds runs.arrow and curves.arrow from
 * `goodhart run bench/import-forecast-rl.json --out DIR` (60 runs, ~9 minutes on 2 busy cores; the
 * committed figures used it). Prints Markdown tables on stdout, progress
 * on stderr, and writes every figure to the Arrow file (table import_calibration,
 * loaders/io/schema/bench.ts) that the Import page shows.
 */
import {parseArgs} from "node:util";
import {encodeRows, writeFileAtomic} from "../loaders/io/arrow.ts";
import {importCalibration} from "../loaders/io/schema/index.ts";
import {calibrate, calibrateOnRuns} from "../loaders/import/calibration.ts";
import {readRlCurves} from "./rl-curves.ts";
import {calibrationMarkdown} from "./import-calibration-table.ts";

const {values} = parseArgs({
  options: {
    logs: {type: "string", default: "250"},
    "forecast-logs": {type: "string", default: "100"},
    seed: {type: "string", default: "1"},
    out: {type: "string", default: "data/bench/import-calibration.arrow"},
    "rl-runs": {type: "string"}
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
if (values["rl-runs"]) rows.push(...calibrateOnRuns(readRlCurves(values["rl-runs"]), integer("seed", values.seed!)));
writeFileAtomic(values.out!, encodeRows(importCalibration, rows));
process.stdout.write(calibrationMarkdown(rows).join("\n") + "\n");
process.stderr.write(`import-calibration: wrote ${rows.length} rows to ${values.out} in ${((performance.now() - t0) / 1e3).toFixed(0)} s\n`);
