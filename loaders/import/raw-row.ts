/** One logged record as the file holds it: its keys and values untouched, and where it starts. */
export interface RawRow {
  /** 1-based line of the file the record starts on */
  readonly line: number;
  readonly values: Readonly<Record<string, unknown>>;
}
