// The importer's calibration (data/bench/import-calibration.arrow, table import_calibration), for the
// Import page; an empty table with the same columns when it has not been run in this checkout.
import {schema} from "goodhart";
import {recordedTable} from "goodhart/loader";

await recordedTable("data/bench/import-calibration.arrow", schema.importCalibration, {rerun: "node --import tsx bench/import-calibration.ts"});
