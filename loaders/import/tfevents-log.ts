import {messageOf} from "../narrow.ts";
import type {IssueLog} from "./issues.ts";
import type {RawRow} from "./raw-row.ts";
import {decodeEvent, pluginOf, scalarOf} from "./tf-event.ts";
import {tfRecords} from "./tfrecord.ts";

/** The step column of rows read from event files (the Event's step). */
export const tfStepColumn = "step";

/**
 * TensorBoard event files (events.out.tfevents.*): the scalar summaries of every Event, one row
 * per run of consecutive events at the same step (a writer logs each tag as its own event), keyed
 * by tag, with the event's step under "step". A row's line is the index of its first record.
 * Tensor summaries count as scalars when their tag's plugin is "scalars" (TF2 names it on a tag's
 * first value only) or names none, and they hold one number; other plugins (histograms, text,
 * images) are skipped and counted in one note. Framing and CRC problems: ./tfrecord.ts.
 */
export function parseTfEvents(bytes: Uint8Array, log: IssueLog): RawRow[] {
  const rows: RawRow[] = [];
  const plugins = new Map<string, string>();
  const skipped = new Map<string, number>();
  let current: {line: number; values: Record<string, unknown>} | null = null;
  for (const record of tfRecords(bytes, log)) {
    let event;
    try {
      event = decodeEvent(record.data);
    } catch (error) {
      log.problem(record.index, "malformed", `record ${record.index} at byte ${record.offset}: not an Event protobuf (${messageOf(error)}): skipped`);
      continue;
    }
    for (const value of event.values) {
      const tag = value.tag ?? "";
      const plugin = pluginOf(value);
      if (plugin && !plugins.has(tag)) plugins.set(tag, plugin);
      const declared = plugins.get(tag);
      const x = declared === undefined || declared === "scalars" ? scalarOf(value) : undefined;
      if (x === undefined || !tag) {
        skipped.set(tag || "(no tag)", (skipped.get(tag || "(no tag)") ?? 0) + 1);
        continue;
      }
      if (!current || current.values[tfStepColumn] !== event.step || tag in current.values) {
        current = {line: record.index, values: {[tfStepColumn]: event.step}};
        rows.push(current);
      }
      current.values[tag] = x;
    }
  }
  if (skipped.size) log.note(0, "not_scalar", `${[...skipped.values()].reduce((a, b) => a + b, 0)} summary values that are not scalars skipped (tags: ${[...skipped.keys()].slice(0, 5).join(", ")}${skipped.size > 5 ? ", ..." : ""})`);
  return rows;
}
