import {isOneOf} from "../narrow.ts";
import {parseCsv} from "./csv-log.ts";
import {ImportError, IssueLog} from "./issues.ts";
import {parseJsonList, parseJsonl, parseTrlState} from "./json-log.ts";
import type {RawRow} from "./raw-row.ts";
import {looksLikeParquet, parseParquet} from "./parquet-log.ts";
import {parseTextLog} from "./text-log.ts";
import {parseTfEvents} from "./tfevents-log.ts";
import {looksLikeTfRecord} from "./tfrecord.ts";
import {splitWandbColumns} from "./wandb-columns.ts";

/** The log formats `goodhart import` reads: text formats, TensorBoard event files and Parquet (Trackio). */
export const logFormats = ["trl", "json", "jsonl", "csv", "text", "tfevents", "parquet"] as const;
export type LogFormat = (typeof logFormats)[number];

/** A log as a page or the CLI has it: text, or the file's bytes (binary formats need bytes). */
export type LogInput = string | Uint8Array;

/**
 * Guesses a log's format from its name and first characters: `[{` a JSON list; `{` with a
 * "log_history" key TRL's trainer_state.json, else JSONL when the first line is a whole object,
 * text when it is a printed Python dict, else (an object spanning lines) trainer_state.json; a .csv name, or a first line of comma-separated names (or of quoted fields, as W&B writes `"Group: g - train/reward"`), CSV;
 * anything else a text log.
 */
export function detectFormat(text: string, name = ""): LogFormat {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (/\.csv$/i.test(name)) return "csv";
  if (/\.jsonl$/i.test(name)) return "jsonl";
  if (/^\[\s*[{\]]/.test(body)) return "json";
  if (body.startsWith("{")) {
    if (/"log_history"\s*:/.test(body)) return "trl";
    const first = body.slice(0, body.indexOf("\n") >>> 0).trim();
    if (first.endsWith("}")) return first.includes('"') ? "jsonl" : "text";
    return first.includes("'") ? "text" : "trl";
  }
  const first = body.slice(0, body.indexOf("\n") >>> 0);
  if (/^"?[\w/. -]+"?(?:,"?[\w/. -]*"?)+\s*$/.test(first) || /^"[^"]*"(?:,"[^"]*")+\s*$/.test(first)) return "csv";
  return "text";
}

/**
 * Guesses a log's format from its name and bytes: Parquet (a .parquet name, or PAR1 at both ends),
 * a TensorBoard event file (named events.out.tfevents.*, or starting with a TFRecord header whose
 * CRC checks out), else the text formats (detectFormat on the text, or the bytes decoded as UTF-8).
 */
export function detectFormatOf(input: LogInput, name = ""): LogFormat {
  if (/\.parquet$/i.test(name) || (typeof input !== "string" && looksLikeParquet(input))) return "parquet";
  if (/tfevents/.test(name) || (typeof input !== "string" && looksLikeTfRecord(input))) return "tfevents";
  if (typeof input === "string") return detectFormat(input, name);
  return detectFormat(decodeText(input), name);
}

/** UTF-8 text of a file's bytes (a BOM dropped; invalid bytes become U+FFFD). */
export function decodeText(input: LogInput): string {
  return typeof input === "string" ? input : new TextDecoder("utf-8").decode(input);
}

export interface ParseLogOptions {
  /** the format, or "auto" to detect it (detectFormat); default "auto" */
  format?: LogFormat | "auto";
  /** file name, for detection by extension and in messages; default "log" */
  name?: string;
}

/**
 * Reads a log's rows (raw keys and values, with lines; RawRow.run names the run in a file of
 * several). Text or bytes; binary formats need bytes. A CSV's W&B `<run> - <metric>` and
 * `__MIN`/`__MAX` columns are split into runs and bounds (./wandb-columns.ts). Problems go to `log`; an unreadable
 * file throws ImportError.
 */
export async function parseLog(input: LogInput, log: IssueLog, options: ParseLogOptions = {}): Promise<{format: LogFormat; rows: RawRow[]}> {
  if (input.length === 0) throw new ImportError(`${log.source}: empty file (no rows to import)`);
  const format = formatOf(input, options);
  if (format === "parquet" && typeof input !== "string") return {format, rows: await parseParquet(input, log)};
  if (format === "tfevents" && typeof input !== "string") return {format, rows: parseTfEvents(input, log)};
  return parseText(decodeText(input), log, format);
}

/** parseLog for the text formats, synchronously (a page that holds the text can ask for its columns at once). */
export function parseTextFormat(text: string, log: IssueLog, options: ParseLogOptions = {}): {format: LogFormat; rows: RawRow[]} {
  return parseText(text, log, formatOf(text, options));
}

/** The format asked for, checked, or detected. */
function formatOf(input: LogInput, {format: wanted = "auto", name = "log"}: ParseLogOptions): LogFormat {
  if (wanted !== "auto" && !isOneOf(logFormats, wanted)) throw new ImportError(`invalid format: ${String(wanted)} (expected auto, ${logFormats.join(", ")})`);
  return wanted === "auto" ? detectFormatOf(input, name) : wanted;
}

/** A text format's rows; a binary format given as text is an error. */

function parseText(text: string, log: IssueLog, format: LogFormat): {format: LogFormat; rows: RawRow[]} {
  if (format === "tfevents" || format === "parquet") throw new ImportError(`${log.source}: a ${format} file must be read as bytes, not text (pass the file's Uint8Array)`);
  if (!text.trim()) throw new ImportError(`${log.source}: empty file (no rows to import)`);
  const rows = {trl: parseTrlState, json: parseJsonList, jsonl: parseJsonl, csv: parseCsv, text: parseTextLog}[format](text, log);
  return {format, rows: format === "csv" ? splitWandbColumns(rows, log) : rows};
}
