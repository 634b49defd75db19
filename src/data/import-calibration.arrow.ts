// The importer's calibration (data/bench/import-calibration.arrow, table import_calibration, written by
// `node --import tsx bench/import-calibration.ts`), for the Import page: an empty table with the same
// columns when it has not been run in this checkout. stdout gets the Arrow IPC stream and nothing else.
import {existsSync, readFileSync} from "node:fs";
import {tableFromIPC} from "apache-arrow";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {importCalibration} from "../../loaders/io/schema/index.ts";

const path = "data/bench/import-calibration.arrow";
if (!existsSync(path)) {
  process.stderr.write(`${path} does not exist: the Import page will say so (run node --import tsx bench/import-calibration.ts)\n`);
  process.stdout.write(encodeRows(importCalibration, []));
} else {
  const bytes = readFileSync(path);
  const have = new Set(tableFromIPC(bytes).schema.fields.map((f) => f.name));
  const absent = importCalibration.columns.filter((c) => !have.has(c.name)).map((c) => c.name);
  if (absent.length) throw new Error(`${path}: no column ${absent.join(", ")} (written by an older calibration): rerun node --import tsx bench/import-calibration.ts`);
  process.stdout.write(bytes);
}
