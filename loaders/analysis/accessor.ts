import {propertyOf} from "../narrow.ts";

/** A column name, or a function of (row, index), that yields a number for each row. */
export type Accessor<T> = string | ((row: T, index: number) => number);

/** What a caller names in errors: the option and what it reads, e.g. `y ("gold_reward")`. */
export function describe<T>(option: string, accessor: Accessor<T>): string {
  return typeof accessor === "string" ? `${option} ("${accessor}")` : `${option} (function)`;
}

/** Reads a finite number (bigint accepted, as Arrow gives for int64) or throws naming the row. */
export function numberAt<T>(row: T, index: number, accessor: Accessor<T>, option: string): number {
  const raw =
    typeof accessor === "string" ? propertyOf(row, accessor) : accessor(row, index);
  const value = typeof raw === "bigint" ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(
      `invalid ${describe(option, accessor)} at row ${index}: ${String(raw)} (expected a finite number; drop or fix the row)`
    );
  }
  return value;
}

/** Reads a key value (string, number, boolean, bigint or null) used for grouping. */
export function keyAt<T>(row: T, index: number, column: string): unknown {
  const value = propertyOf(row, column);
  if (value === undefined) {
    throw new Error(`missing column "${column}" at row ${index} (expected every row to carry it; check the by/seed options)`);
  }
  return value;
}
