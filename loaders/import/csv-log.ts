import {ImportError, IssueLog} from "./issues.ts";
import type {RawRow} from "./raw-row.ts";

/**
 * CSV with a header row, as W&B's "export history" writes it: quoted fields ("" escapes a quote,
 * newlines allowed inside quotes), empty cells for metrics a step did not log. A record with another
 * field count than the header is skipped (the last one as truncated).
 */
export function parseCsv(text: string, log: IssueLog): RawRow[] {
  const records = csvRecords(text.replace(/^\uFEFF/, ""));
  if (records.length === 0) throw new ImportError(`${log.source}: no header row (an empty CSV)`);
  const [header, ...body] = records;
  const names = header.fields.map((name) => name.trim());
  const rows: RawRow[] = [];
  for (const [i, {line, fields}] of body.entries()) {
    if (fields.length === 1 && fields[0].trim() === "") continue;
    if (fields.length !== names.length) {
      const cut = i === body.length - 1 && fields.length < names.length;
      log.problem(line, cut ? "truncated" : "malformed", `${fields.length} fields where the header has ${names.length}${cut ? " (the last record is cut off: truncated file?)" : ""}: skipped`);
      continue;
    }
    const values: Record<string, unknown> = {};
    fields.forEach((field, k) => {
      if (field.trim() !== "") values[names[k]] = field;
    });
    rows.push({line, values});
  }
  return rows;
}

/** Splits CSV text into records, each with the line it starts on. */
function csvRecords(text: string): {line: number; fields: string[]}[] {
  const records: {line: number; fields: string[]}[] = [];
  let fields: string[] = [], field = "", quoted = false, line = 1, start = 1, any = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), ++i;
      else if (c === '"') quoted = false;
      else {
        if (c === "\n") ++line;
        field += c;
      }
      continue;
    }
    any = true;
    if (c === '"') quoted = true;
    else if (c === ",") fields.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") ++i;
      fields.push(field), records.push({line: start, fields});
      (fields = []), (field = ""), (any = false), (start = ++line);
    } else field += c;
  }
  if (any || field !== "" || fields.length) fields.push(field), records.push({line: start, fields});
  return records;
}
