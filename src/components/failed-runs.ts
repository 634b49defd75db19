import type {FailedRunRow} from "./rows.js";

/*
 * The runs a numerical fault stopped (runs.status "failed"): listed, never drawn. The engine gives
 * them no rows outside `runs` and leaves them out of every band, fit and finding; a page lists
 * them so a missing seed is seen, not silently averaged away.
 */

/**
 * One line when no run failed; otherwise a sentence and a table of the failed runs (run_id, the
 * setting a page names them by, seed, the fault). Plain DOM, so it renders anywhere.
 */
export function failedRunsList(data: Iterable<FailedRunRow>) {
  const rows = Array.from(data, (d) => ({run_id: String(d.run_id), sweep: String(d.sweep), setting: String(d.setting), seed: Number(d.seed), error: String(d.error ?? "")}));
  const root = document.createElement("div");
  root.className = "failed-runs";
  const line = document.createElement("p");
  root.append(line);
  if (rows.length === 0) {
    line.textContent = "No run failed: every run of the experiment finished and is drawn.";
    return root;
  }
  line.textContent = `${rows.length} run${rows.length === 1 ? "" : "s"} failed (a non-finite loss, reward, gradient or KL stopped ${rows.length === 1 ? "it" : "them"}: runs.status "failed"). ${rows.length === 1 ? "It is" : "They are"} listed here and left out of every chart, band, fit and finding; the other seeds of ${rows.length === 1 ? "its" : "their"} configuration carry the means.`;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of ["run_id", "sweep", "setting", "seed", "error"]) head.append(Object.assign(document.createElement("th"), {textContent: name}));
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const value of [r.run_id, r.sweep, r.setting, String(r.seed), r.error]) tr.insertCell().textContent = value;
  }
  root.append(table);
  return root;
}
