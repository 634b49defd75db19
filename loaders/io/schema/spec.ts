/**
 * The shape of a table declaration. Long (tidy) format, snake_case, the same columns across
 * optimisers so DuckDB can UNION ALL. `src/data-contract.md` renders these docs for readers.
 */

export interface ColumnSpec {
  /** snake_case column name */
  readonly name: string;
  /** Arrow type: utf8, float64, float32 (page tables, where single precision is enough to draw), int32, bool, or a list of float64 */
  readonly type: "utf8" | "float64" | "float32" | "int32" | "bool" | "list_float64";
  /** whether nulls are allowed (default false) */
  readonly nullable?: boolean;
  /** unit or normalisation, if any */
  readonly unit?: string;
  /** one-line meaning */
  readonly doc: string;
}

export interface TableSpec {
  readonly name: string;
  readonly doc: string;
  readonly columns: readonly ColumnSpec[];
}

/** Declares a table, keeping its column names and types literal so `Row` can read them. */
export function table<const C extends readonly ColumnSpec[]>(name: string, doc: string, columns: C): {readonly name: string; readonly doc: string; readonly columns: C} {
  return {name, doc, columns};
}

/** Declares a group of columns that several tables spread, keeping names and types literal. */
export function columns<const C extends readonly ColumnSpec[]>(...list: C): C {
  return list;
}

/** The JavaScript value of one column as a DuckDB or Arrow row gives it. */
type ValueOf<C extends ColumnSpec> =
  | (C["type"] extends "utf8" ? string : C["type"] extends "bool" ? boolean : C["type"] extends "list_float64" ? ArrayLike<number | null> : number)
  | (C["nullable"] extends true ? null : never);

/** One row of a table, typed from its declaration: `Row<typeof runs>`. */
export type Row<T extends TableSpec> = {[C in T["columns"][number] as C["name"]]: ValueOf<C>};
