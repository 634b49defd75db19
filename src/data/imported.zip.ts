// Runs made elsewhere, imported at build time: every log of the folder data/experiments/imported.json
// names, as the Arrow tables goodhart import writes and the points of each run's Gao fit, in one zip
// (pages read data/imported/<table>.arrow). stdout gets the zip; the import report goes to stderr.
import {importZip} from "goodhart/loader";

await importZip("data/experiments/imported.json");
