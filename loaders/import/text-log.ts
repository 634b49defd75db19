import {isRecord} from "../narrow.ts";
import type {IssueLog} from "./issues.ts";
import {JsonReader, JsonSyntaxError} from "./lenient-json.ts";
import type {RawRow} from "./raw-row.ts";

/*
 * Plain-text launcher logs. Two kinds of metric lines are read; every other line (warnings,
 * progress bars, prose) is ignored and counted in one note:
 * - a printed dict, as Hugging Face's Trainer writes it: {'loss': 0.1, 'objective/kl': nan, ...}
 *   (Python repr or JSON, after any prefix such as a timestamp or a progress bar);
 * - name/value pairs: `step 10 | reward 0.5 | kl 0.1`, `step=10 reward=0.5, kl: 0.1`, verl's console
 *   `step:10 - critic/score/mean:0.5 - val-core/gsm8k/reward/mean@1:0.3`, a tqdm postfix
 *   `[00:05<00:45, policy_loss=0.1, reward=0.5]` (OpenRLHF): at least two pairs that run to the end
 *   of the line, a closing bracket aside (anything before the first pair is a prefix).
 * A progress bar's carriage returns split a line into segments; each segment is read.
 */

const pair = /\s*(?:[|,;]|-(?=\s))?\s*([A-Za-z_][\w/.@-]*)\s*(?:=|:|\s)\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:nan|inf|infinity))(?=$|[\s|,;])/iy;

export function parseTextLog(text: string, log: IssueLog): RawRow[] {
  const rows: RawRow[] = [];
  let ignored = 0, firstIgnored = 0;
  for (const [i, whole] of text.split("\n").entries()) {
    const line = i + 1;
    let found = false;
    for (const segment of whole.split("\r")) {
      const values = segment.includes("{") ? dictOf(segment, line, log) : pairsOf(segment);
      if (values === undefined) continue;
      found = true;
      if (values) rows.push({line, values});
    }
    if (!found && whole.trim()) (ignored += 1), (firstIgnored ||= line);
  }
  if (ignored) log.note(firstIgnored, "no_metrics", `${ignored} lines without metrics ignored (the first: line ${firstIgnored})`);
  return rows;
}

/** The dict printed on a line: its values, null when it does not parse (reported), undefined when there is none. */
function dictOf(segment: string, line: number, log: IssueLog): Record<string, unknown> | null | undefined {
  const start = segment.indexOf("{"), end = segment.lastIndexOf("}");
  const reader = new JsonReader(end > start ? segment.slice(start, end + 1) : segment.slice(start), {python: true});
  try {
    const value = reader.value();
    if (!reader.atEnd()) reader.fail("unexpected text after the dict");
    return isRecord(value) ? value : reader.fail("expected a dict");
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    if (!/['"][\w/.-]+['"]\s*:/.test(segment)) return undefined; // braces in prose, not a metrics dict
    log.problem(line, error.truncated ? "truncated" : "malformed", `a metrics dict that does not parse (${error.message}): skipped`);
    return null;
  }
}

/** Name/value pairs running to the end of the segment (at least two), or undefined. */
function pairsOf(segment: string): Record<string, unknown> | undefined {
  const text = segment.trimEnd().replace(/\]$/, "");
  for (let from = 0; from < text.length; ++from) {
    if (from > 0 && !/[\s|\]:,;]/.test(text[from - 1])) continue;
    if (!/[A-Za-z_]/.test(text[from])) continue;
    const values: Record<string, unknown> = {};
    let count = 0;
    pair.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = pair.exec(text))) {
      values[m[1]] = m[2];
      ++count;
      if (pair.lastIndex >= text.length) return count >= 2 ? values : undefined;
    }
  }
  return undefined;
}
