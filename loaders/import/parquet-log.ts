import {parquetReadObjects} from "hyparquet";
import {isRecord, messageOf} from "../narrow.ts";
import {ImportError} from "./issues.ts";
import type {IssueLog} from "./issues.ts";
import {JsonReader, JsonSyntaxError} from "./lenient-json.ts";
import type {RawRow} from "./raw-row.ts";

/** Columns of Trackio's metrics table that are bookkeeping, not metrics. */
const bookkeeping = ["id", "timestamp", "project_name", "run_name"];

/**
 * Parquet, as Trackio freezes a project (its SQLite `metrics` table: id, timestamp, project_name,
 * run_name, step, metrics as a JSON object, with the JSON flattened into one column per metric in
 * the Parquet export). Each row is one logged record; `run_name` names its run (several runs per
 * file), and a `metrics` column that still holds JSON text is read as the row's metrics. Trackio's
 * `step` counts log calls (an eval call is a step of its own), so in a file with run_name it is read
 * as `_step`, as W&B's counter: the trainer's own step (train/global_step, which Hugging Face's
 * integrations add to every call) is then taken first. Any other Parquet table of one row per step
 * reads as it is. A row's line is its 1-based row number.
 */
export async function parseParquet(bytes: Uint8Array, log: IssueLog): Promise<RawRow[]> {
  let records: Record<string, unknown>[];
  try {
    records = await parquetReadObjects({file: new Uint8Array(bytes).buffer});
  } catch (error) {
    throw new ImportError(`${log.source}: not a readable Parquet file (${messageOf(error)})`);
  }
  const trackio = records.length > 0 && "run_name" in records[0] && "step" in records[0];
  return records.map((record, i) => {
    const values: Record<string, unknown> = {};
    for (const [column, raw] of Object.entries(record)) {
      const key = trackio && column === "step" ? "_step" : column;
      if (bookkeeping.includes(key) || raw === null || raw === undefined) continue;
      if (key === "metrics" && typeof raw === "string") Object.assign(values, metricsJson(raw, i + 1, log));
      else values[key] = typeof raw === "bigint" ? Number(raw) : raw;
    }
    const run = record.run_name;
    return {line: i + 1, values, ...(typeof run === "string" && run ? {run} : {})};
  });
}

function metricsJson(text: string, line: number, log: IssueLog): Record<string, unknown> {
  try {
    const value = new JsonReader(text).value();
    if (isRecord(value)) return value;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
  }
  log.problem(line, "malformed", `the metrics column is not a JSON object (${text.slice(0, 40)}): the row's metrics are skipped`);
  return {};
}

/** Whether bytes are a Parquet file (PAR1 at both ends). */
export function looksLikeParquet(bytes: Uint8Array): boolean {
  const magic = (at: number) => bytes[at] === 0x50 && bytes[at + 1] === 0x41 && bytes[at + 2] === 0x52 && bytes[at + 3] === 0x31;
  return bytes.length >= 12 && magic(0) && magic(bytes.length - 4);
}
