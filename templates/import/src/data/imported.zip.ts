// Every log in data/logs/, imported as data/experiments/imported.json says: runs, curves,
// imported_metrics and imported_analysis as Arrow in one zip.
import {importZip} from "goodhart/loader";

await importZip("data/experiments/imported.json");
