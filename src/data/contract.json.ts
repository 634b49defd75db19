// The data contract as JSON: every table the report's loaders write, with its columns' types,
// units and meanings, straight from the TableSpecs (pages cannot import loaders/).
import {schema} from "goodhart";
import type {TableSpec} from "goodhart";

const {analysisTables, bench, environment, findings, importCalibration, importedFitCurves, importedRunTables, importedTables, reseed, rlTables, runTables, sampleViewTables, textTables} = schema;

const groups: {file: string; doc: string; tables: readonly TableSpec[]}[] = [
  {file: "data/overoptimization/<table>.arrow", doc: "run outputs of an experiment (runExperiment, the CLI's --out folder)", tables: Object.values(runTables)},
  {file: "data/<experiment>/findings.arrow", doc: "the claims each experiment supports, written by the engine next to the run tables (loaders/analysis/findings.ts, declared in loaders/io/schema/findings.ts); data/overoptimization/ and data/robust/ each have one", tables: [findings]},
  {file: "data/<experiment>/reseed.arrow", doc: "the last recorded reseeding check of each experiment (data/reseed/<experiment>.json, written by goodhart reseed-check --record; loaders/analysis/reseed-record.ts, declared in loaders/io/schema/reseed.ts); data/overoptimization/, data/robust/ and data/white-box/ each have one", tables: [reseed]},
  {file: "data/overoptimization/<table>.arrow", doc: "derived analysis tables (loaders/analysis/bands-and-fits.ts and fit-curves.ts, declared in loaders/io/schema/derived.ts)", tables: Object.values(analysisTables)},
  {file: "data/overoptimization/<table>.arrow", doc: "page-facing views of the samples table, what the Overoptimization page's scatter reads at any scale (loaders/analysis/sample-views.ts, declared in loaders/io/schema/sample-views.ts)", tables: Object.values(sampleViewTables)},
  {file: "data/robust/<table>.arrow", doc: "derived tables of the policy-gradient runs (loaders/analysis/rl-summary.ts, declared in loaders/io/schema/rl.ts)", tables: Object.values(rlTables)},
  {file: "data/white-box/<table>.arrow", doc: "derived tables of the language-model experiment (loaders/analysis/text-summary.ts, text-changes.ts, text-world-examples.ts; declared in loaders/io/schema/text.ts)", tables: Object.values(textTables)},
  {file: "<goodhart import --out>/<table>.arrow", doc: "the extra tables `goodhart import` writes next to runs and curves (loaders/import/, declared in loaders/io/schema/imported.ts and imported-runs.ts); the Import a log page computes them in the browser, and the default build writes them (with runs and curves) to data/imported/<table>.arrow for the logs data/experiments/imported.json names", tables: [...Object.values(importedTables), ...Object.values(importedRunTables)]},
  {file: "data/imported/<table>.arrow", doc: "points of each imported run's Gao fit, which goodhart/loader's importZip adds to an import zip (loaders/analysis/gao-curves.ts, declared in loaders/io/schema/imported.ts); the Import a log page computes them in the browser for the logs it is given", tables: [importedFitCurves]},
  {file: "data/environment.arrow", doc: "the build environment", tables: [environment]},
  {file: "data/bench.arrow", doc: "the last `npm run bench` (data/bench/bench.arrow in the repository; the Performance page)", tables: [bench]},
  {file: "data/import-calibration.arrow", doc: "the importer's calibration on synthetic logs (data/bench/import-calibration.arrow in the repository, written by `node --import tsx bench/import-calibration.ts`; the Import a log page)", tables: [importCalibration]}
];

const tables = groups.flatMap(({file, doc, tables}) =>
  tables.map((t) => ({
    name: t.name,
    group: doc,
    file: file.replace("<table>", t.name),
    doc: t.doc,
    columns: t.columns.map((c) => ({name: c.name, type: c.type, nullable: c.nullable ?? false, unit: c.unit ?? null, doc: c.doc}))
  }))
);
process.stdout.write(`${JSON.stringify({tables}, null, 1)}\n`);
