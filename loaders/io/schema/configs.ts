import {runs} from "./runs.ts";
import {columns} from "./spec.ts";
import type {ColumnSpec} from "./spec.ts";

/*
 * Columns the derived tables share. A configuration is a run's resolved config without its seed;
 * derived tables are keyed by it, and carry the runs columns that describe it.
 */

type RunColumn = (typeof runs.columns)[number];

/** The runs columns named, as declared there, in the order named (derived tables copy them from runs). */
export function fromRuns<const N extends readonly RunColumn["name"][]>(...names: N): {[I in keyof N]: Extract<RunColumn, {name: N[I]}>} {
  // Each name is a runs column (N's constraint), so find() finds it, and map() keeps the order.
  return names.map((name) => runs.columns.find((c) => c.name === name)) as {[I in keyof N]: Extract<RunColumn, {name: N[I]}>};
}

/** The key of a configuration. */
export const configId = columns({name: "config_id", type: "utf8", doc: "first 12 hex digits of sha256 of the run config without its seed: the runs that differ only by seed"});

/** Seed mean of a quantity with its 90% Student-t interval over seeds (analysis/t-interval.ts). */
export const seedBand = columns(
  {name: "n_seeds", type: "int32", doc: "seeds averaged"},
  {name: "mean", type: "float64", unit: "as the metric", doc: "mean of the metric over seeds"},
  {name: "lower", type: "float64", unit: "as the metric", doc: "lower bound of the 90% Student-t interval of the mean over seeds (equals mean with one seed)"},
  {name: "upper", type: "float64", unit: "as the metric", doc: "upper bound of the 90% Student-t interval of the mean over seeds (equals mean with one seed)"}
);

/** A quantity summarised over seeds: its mean and the 90% Student-t interval of that mean. */
export function interval<const N extends string>(name: N, what: string, unit: string) {
  return columns(
    {name, type: "float64", unit, doc: `${what}: mean over seeds`},
    {name: `${name}_lower`, type: "float64", unit, doc: `${what}: lower bound of the 90% Student-t interval over seeds`},
    {name: `${name}_upper`, type: "float64", unit, doc: `${what}: upper bound of the 90% Student-t interval over seeds`}
  ) satisfies readonly ColumnSpec[];
}
