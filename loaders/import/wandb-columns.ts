import {roleAliases} from "./aliases.ts";
import type {IssueLog} from "./issues.ts";
import type {RawRow} from "./raw-row.ts";

const stepNames = new Set<string>(roleAliases.step);
const runColumn = /^(Group: )?(.+) - (.+)$/;
const boundColumn = /^(.+)__(MIN|MAX)$/;

/**
 * W&B's export columns, read into runs and bounds:
 * - `<run> - <metric>` (a panel's export of several runs) and `Group: <group> - <metric>` (a
 *   grouped panel: the group's mean) split one file into one run per name (split at the last " - ");
 * - `<metric>__MIN` / `<metric>__MAX` are bounds of their metric (RawRow.bounds), not metrics: for
 *   a run, the range of the points W&B bucketed into one (a downsampled export); for a group, the
 *   range over its runs.
 * Step columns (Step, _step, ...) and other unprefixed columns are shared by every run. A row gives
 * one row per run that has a value or bound in it. Rows without such columns pass unchanged.
 */
export function splitWandbColumns(rows: readonly RawRow[], log: IssueLog): RawRow[] {
  const keys = new Set(rows.flatMap((r) => Object.keys(r.values)));
  const parsed = new Map<string, {run: string | null; group: boolean; metric: string; bound: "min" | "max" | null}>();
  for (const key of keys) {
    if (stepNames.has(key)) continue;
    const m = runColumn.exec(key);
    const run = m ? m[2] : null, rest = m ? m[3] : key;
    const b = boundColumn.exec(rest);
    if (m || b) parsed.set(key, {run, group: !!m?.[1], metric: b ? b[1] : rest, bound: b ? (b[2] === "MIN" ? "min" : "max") : null});
  }
  if (!parsed.size) return [...rows];
  const runs = [...new Set([...parsed.values()].map((p) => p.run).filter((r): r is string => r !== null))];
  const bounds = [...parsed.values()].filter((p) => p.bound).length;
  if (runs.length) log.note(0, "wandb_runs", `W&B export of ${runs.length} ${runs.length === 1 ? "run" : "runs"} (${runs.slice(0, 6).join(", ")}${runs.length > 6 ? ", ..." : ""}): one imported run each`);
  if (bounds) log.note(0, "wandb_bounds", `${bounds} __MIN/__MAX columns kept as bounds of their metric (imported_bounds), not as metrics`);
  const out: RawRow[] = [];
  for (const row of rows) {
    const shared: Record<string, unknown> = {};
    const perRun = new Map<string | null, {values: Record<string, unknown>; bounds: Record<string, {min?: unknown; max?: unknown}>; group: boolean; any: boolean}>();
    const slot = (run: string | null, group: boolean) => {
      let s = perRun.get(run);
      if (!s) perRun.set(run, (s = {values: {}, bounds: {}, group, any: false}));
      return s;
    };
    for (const [key, value] of Object.entries(row.values)) {
      const p = parsed.get(key);
      if (!p) {
        shared[key] = value;
        continue;
      }
      const s = slot(p.run, p.group);
      s.any = true;
      if (p.bound) (s.bounds[p.metric] ??= {})[p.bound] = value;
      else s.values[p.metric] = value;
    }
    if (!runs.length) slot(null, false);
    for (const [run, s] of perRun) {
      if (run === null && runs.length) continue; // unprefixed bounds in a file of prefixed runs: no run to hold them
      if (runs.length && !s.any) continue;
      out.push({line: row.line, values: {...shared, ...s.values}, ...(run === null ? {} : {run}), ...(s.group ? {group: true} : {}), ...(Object.keys(s.bounds).length ? {bounds: s.bounds} : {})});
    }
  }
  return out;
}
