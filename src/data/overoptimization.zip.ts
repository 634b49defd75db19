// The overoptimization experiment: the four run tables, findings, the derived bands, fits and fitted
// curves, the page-facing sample views and the last reseeding check, as Arrow IPC streams in one zip
// (pages read data/overoptimization/<table>.arrow). stdout gets the zip; progress goes to stderr.
import {bandsAndFits, experimentZip, sampleViews} from "goodhart/loader";

await experimentZip("data/experiments/overoptimization.json", {derive: [bandsAndFits, sampleViews], reseed: "data/reseed/overoptimization.json"});
