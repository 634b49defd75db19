// Runs made elsewhere, imported at build time: every log of the folder data/experiments/imported.json
// names (loaders/run/spec/import-spec.ts), as the Arrow tables goodhart import writes (runs, curves,
// imported_metrics, imported_analysis) in one zip (pages read data/imported/<table>.arrow). stdout
// gets the zip and nothing else; the import report goes to stderr.
import {importZip} from "../../loaders/report/index.ts";

await importZip("data/experiments/imported.json");
