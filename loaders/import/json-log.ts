import {isRecord} from "../narrow.ts";
import {IssueLog, ImportError} from "./issues.ts";
import {JsonReader, JsonSyntaxError} from "./lenient-json.ts";
import type {RawRow} from "./raw-row.ts";

/*
 * The JSON formats: TRL's trainer_state.json (an object whose log_history list holds the rows, next
 * to nested callback state that is skipped), a bare JSON list of rows, and JSONL (one row per line,
 * written by custom callbacks). All read NaN / Infinity as Python's json.dump writes them.
 */

/** trainer_state.json: the rows of log_history. A file cut off inside it keeps its complete rows. */
export function parseTrlState(text: string, log: IssueLog): RawRow[] {
  const reader = new JsonReader(text);
  let rows: RawRow[] | null = null;
  try {
    reader.expect("{");
    if (!reader.accept("}")) {
      for (;;) {
        const key = reader.key();
        reader.expect(":");
        if (key === "log_history") {
          const list = rowList(reader, log);
          rows = list.rows;
          if (list.truncated) return rows;
        } else reader.value();
        if (reader.accept("}")) break;
        reader.expect(",");
      }
    }
    if (!reader.atEnd()) reader.fail("unexpected text after the object");
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    if (!rows || !error.truncated) throw new ImportError(`${log.source}:${error.line}: ${error.truncated ? "truncated" : "malformed"} JSON${rows ? "" : " before log_history was read"}: ${error.message}`, error.line);
    log.problem(error.line, "truncated", `file ends at line ${error.line} inside the trainer state, after log_history (truncated?): its ${rows.length} rows are kept`);
  }
  if (!rows) throw new ImportError(`${log.source}: a JSON object without "log_history" (expected TRL's trainer_state.json, or pass --format)`);
  return rows;
}

/** A bare JSON list of row objects. */
export function parseJsonList(text: string, log: IssueLog): RawRow[] {
  const reader = new JsonReader(text);
  const {rows} = rowList(reader, log);
  if (reader.pos < text.length && !reader.atEnd()) throw new ImportError(`${log.source}:${reader.lineAt(reader.pos)}: unexpected text after the list of rows`);
  return rows;
}

/** Reads a list of rows; a list cut off by the end of the file keeps its complete rows (and says so). */
function rowList(reader: JsonReader, log: IssueLog): {rows: RawRow[]; truncated: boolean} {
  const rows: RawRow[] = [];
  try {
    reader.array((item, line) => {
      if (isRecord(item)) rows.push({line, values: item});
      else log.problem(line, "not_a_row", `a list item that is not an object (${String(JSON.stringify(item)).slice(0, 40)}): skipped`);
    });
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    if (!error.truncated) throw new ImportError(`${log.source}:${error.line}: malformed JSON: ${error.message}`, error.line);
    log.problem(error.line, "truncated", `file ends at line ${error.line} inside the list of rows (truncated?): the ${rows.length} complete rows before it are kept`);
    return {rows, truncated: true};
  }
  return {rows, truncated: false};
}

/** JSONL: one object per line; blank lines are ignored, a bad line is skipped (the last one, cut off, as truncated). */
export function parseJsonl(text: string, log: IssueLog): RawRow[] {
  const lines = text.split("\n");
  let last = lines.length - 1;
  while (last >= 0 && !lines[last].trim()) --last;
  const rows: RawRow[] = [];
  for (let i = 0; i <= last; ++i) {
    if (!lines[i].trim()) continue;
    const reader = new JsonReader(lines[i]);
    try {
      const item = reader.value();
      if (!reader.atEnd()) reader.fail("unexpected text after the object");
      if (isRecord(item)) rows.push({line: i + 1, values: item});
      else log.problem(i + 1, "not_a_row", `a line that is not a JSON object: skipped`);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      if (error.truncated && i === last) log.problem(i + 1, "truncated", `the last line is cut off (truncated file?): skipped`);
      else log.problem(i + 1, "malformed", `malformed JSON (${error.message}): skipped`);
    }
  }
  return rows;
}
