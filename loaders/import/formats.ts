import {parseCsv} from "./csv-log.ts";
import {ImportError, IssueLog} from "./issues.ts";
import {parseJsonList, parseJsonl, parseTrlState} from "./json-log.ts";
import type {RawRow} from "./raw-row.ts";
import {parseTextLog} from "./text-log.ts";

/** The log formats `goodhart import` reads. */
export const logFormats = ["trl", "json", "jsonl", "csv", "text"] as const;
export type LogFormat = (typeof logFormats)[number];

/**
 * Guesses a log's format from its name and first characters: `[{` a JSON list; `{` with a
 * "log_history" key TRL's trainer_state.json, else JSONL when the first line is a whole object,
 * text when it is a printed Python dict, else (an object spanning lines) trainer_state.json; a .csv name, or a first line of comma-separated names, CSV;
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
  if (/^"?[\w/. -]+"?(?:,"?[\w/. -]*"?)+\s*$/.test(first)) return "csv";
  return "text";
}

export interface ParseLogOptions {
  /** the format, or "auto" to detect it (detectFormat); default "auto" */
  format?: LogFormat | "auto";
  /** file name, for detection by extension and in messages; default "log" */
  name?: string;
}

/** Reads a log's rows (raw keys and values, with lines). Problems go to `log`; an unreadable file throws ImportError. */
export function parseLog(text: string, log: IssueLog, options: ParseLogOptions = {}): {format: LogFormat; rows: RawRow[]} {
  const {format: wanted = "auto", name = "log"} = options;
  if (!text.trim()) throw new ImportError(`${log.source}: empty file (no rows to import)`);
  const format = wanted === "auto" ? detectFormat(text, name) : wanted;
  const parse = {trl: parseTrlState, json: parseJsonList, jsonl: parseJsonl, csv: parseCsv, text: parseTextLog}[format];
  if (!parse) throw new ImportError(`invalid format: ${String(format)} (expected auto, ${logFormats.join(", ")})`);
  return {format, rows: parse(text, log)};
}
