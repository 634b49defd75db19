/*
 * The engine hands analysis its rows untyped (ExperimentOutput.rows: the columns of io/schema's
 * run tables, values `unknown` until read). These read one column, narrowed to its declared type,
 * and throw naming the column when a row does not hold it.
 */

/** A run table's row as the engine hands it. */
export type EngineRow = Readonly<Record<string, unknown>>;

function invalid(row: EngineRow, column: string, expected: string): Error {
  return new Error(`invalid ${column}: ${String(row[column])} in the row of run ${String(row.run_id)} (expected ${expected}; pass the engine's rows)`);
}

/** A utf8 column. */
export function textOf(row: EngineRow, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw invalid(row, column, "a string");
  return value;
}

/** A numeric column (int32, float64). */
export function numberOf(row: EngineRow, column: string): number {
  const value = row[column];
  if (typeof value !== "number") throw invalid(row, column, "a number");
  return value;
}

/** A nullable utf8 column; a missing one reads as null. */
export function textOrNullOf(row: EngineRow, column: string): string | null {
  const value = row[column] ?? null;
  if (value !== null && typeof value !== "string") throw invalid(row, column, "a string or null");
  return value;
}

/** A nullable numeric column; a missing one reads as null. */
export function numberOrNullOf(row: EngineRow, column: string): number | null {
  const value = row[column] ?? null;
  if (value !== null && typeof value !== "number") throw invalid(row, column, "a number or null");
  return value;
}
