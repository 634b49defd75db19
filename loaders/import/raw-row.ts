/** One logged record as the file holds it: its keys and values untouched, and where it starts. */
export interface RawRow {
  /** 1-based line of the file the record starts on (a binary format: its record or row number) */
  readonly line: number;
  readonly values: Readonly<Record<string, unknown>>;
  /** the run the record belongs to, in a file of several runs (W&B exports, Trackio); default the file's one run */
  readonly run?: string;
  /** whether the run is a W&B group (its values the group's mean, its bounds the runs' range); default false */
  readonly group?: boolean;
  /** lower and upper bounds logged with a metric (W&B's `<metric>__MIN` / `__MAX` columns), by metric */
  readonly bounds?: Readonly<Record<string, {readonly min?: unknown; readonly max?: unknown}>>;
}
