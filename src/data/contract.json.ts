// The data contract as JSON: every table the report's loaders write, with its columns' types,
// units and meanings, straight from the TableSpecs (pages cannot import loaders/).
import {analysisTables} from "../../loaders/analysis/tables.ts";
import {environment, runTables} from "../../loaders/io/schema.ts";
import {rlTables} from "../../loaders/optimize/rl-summary.ts";
import type {TableSpec} from "../../loaders/io/schema.ts";

const groups: {file: string; doc: string; tables: readonly TableSpec[]}[] = [
  {file: "data/overoptimization/<table>.arrow", doc: "run outputs of an experiment (runExperiment, the CLI's --out folder)", tables: Object.values(runTables)},
  {file: "data/overoptimization/<table>.arrow", doc: "derived analysis tables (loaders/analysis/tables.ts)", tables: Object.values(analysisTables)},
  {file: "data/robust/<table>.arrow", doc: "derived tables of the policy-gradient runs (loaders/optimize/rl-summary.ts)", tables: Object.values(rlTables)},
  {file: "data/environment.arrow", doc: "the build environment", tables: [environment]}
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
