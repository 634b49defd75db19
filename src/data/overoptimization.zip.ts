// The overoptimization experiment: the four run tables, findings, the derived bands and fits, and the
// page-facing sample views (sample_groups, sample_points, sample_bins) as Arrow IPC streams in one zip
// (pages read data/overoptimization/<table>.arrow). stdout gets the zip and nothing else; progress
// goes to stderr.
import {bandRows, fitRows} from "../../loaders/analysis/tables.ts";
import {sampleViewRows} from "../../loaders/analysis/sample-views.ts";
import {analysisTables, reseed, sampleViewTables} from "../../loaders/io/schema/index.ts";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {readReseedRecord, reseedRows} from "../../loaders/analysis/reseed-record.ts";
import {writeZip} from "../../loaders/report/index.ts";
import {runExperiment} from "../../loaders/run/experiment.ts";

const {arrow, rows, findings} = await runExperiment("data/experiments/overoptimization.json", {});
const bands = bandRows(rows);
const views = sampleViewRows(rows);
const derived = {
  bands: encodeRows(analysisTables.bands, bands),
  fits: encodeRows(analysisTables.fits, fitRows(bands)),
  ...Object.fromEntries(Object.entries(sampleViewTables).map(([name, spec]) => [name, encodeRows(spec, views[name as keyof typeof views])]))
};

// The last recorded reseeding check (goodhart reseed-check --record); the build never reruns it.
const reseedTable = {reseed: encodeRows(reseed, reseedRows(readReseedRecord("data/reseed/overoptimization.json"), findings))};

await writeZip({...arrow, ...derived, ...reseedTable});
