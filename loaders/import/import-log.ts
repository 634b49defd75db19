import {canonicalName, metricAliases} from "./aliases.ts";
import {analyseCurve} from "./analyse.ts";
import type {CurvePoint} from "./analyse.ts";
import {cleanRows} from "./clean.ts";
import {parseLog, parseTextFormat} from "./formats.ts";
import type {LogFormat, LogInput} from "./formats.ts";
import type {GoldChoice} from "./gold.ts";
import {ImportError, IssueLog} from "./issues.ts";
import type {Issue} from "./issues.ts";
import {resolveColumns} from "./mapping.ts";
import {sampleSteps} from "./samples-log.ts";
import type {RawRow} from "./raw-row.ts";
import type {Mapping, ResolvedMapping} from "./mapping.ts";
import {metricValue} from "./values.ts";

export interface ImportLogOptions {
  /** the file's name: runs.sweep, messages, detection by extension; default "log" */
  name?: string;
  /** runs.experiment; default "imported" */
  experiment?: string;
  /** the format, or "auto" to detect it; default "auto" */
  format?: LogFormat | "auto";
  /** columns for step, proxy, gold, KL and the KL estimator (./mapping.ts); default: the aliases */
  mapping?: Mapping;
  /** throw ImportError at the first problem (a row or value skipped, a duplicate, a truncation); default false */
  strict?: boolean;
  /** runs.engine_version; default "unknown" */
  engineVersion?: string;
  /** importLog only: the run to import from a file of several (W&B exports, Trackio); default the only one */
  run?: string;
  /** per-sample logs of the same run (./samples-log.ts), reduced to per-step imported_samples rows; a file of one run only; default none */
  samples?: readonly {readonly name: string; readonly input: LogInput}[];
  /** stop strings at which each completion of the per-sample logs is cut before it is measured; default none */
  stop?: readonly string[];
}

export interface ImportedLog {
  /** the file's name; for a run of a file of several, "<file> [<run>]" (as its issues are reported) */
  readonly name: string;
  /** the run's name in a file of several runs (W&B `<run> - <metric>` columns, Trackio's run_name); null for a file's one run */
  readonly run: string | null;
  readonly format: LogFormat;
  readonly mapping: ResolvedMapping;
  /** the gold column, how it was found and why (./gold.ts) */
  readonly gold: GoldChoice;
  /** rows of the io/schema tables: runs (one), curves, imported_metrics, imported_analysis (one), imported_runs (one), imported_bounds, imported_samples */
  readonly runs: Record<string, unknown>;
  readonly importedRun: Record<string, unknown>;
  readonly bounds: Record<string, unknown>[];
  readonly curves: Record<string, unknown>[];
  readonly metrics: Record<string, unknown>[];
  readonly samples: Record<string, unknown>[];
  readonly analysis: Record<string, unknown>;
  /** everything found, problems and notes, in line order (0: the file as a whole) */
  readonly issues: readonly Issue[];
  /** records parsed, then steps after cleaning */
  readonly rowsRead: number;
  readonly steps: number;
}

/**
 * Imports a step log (its text or bytes; pure: no file access) as goodhart runs, one per run the
 * file holds (W&B exports and Trackio files can hold several):
 * 1. parse the format into raw rows with their lines and runs (./formats.ts);
 * 2. per run, resolve which columns are step, proxy, gold and KL (./mapping.ts, ./aliases.ts, ./gold.ts);
 * 3. clean: numbers, summary and eval rows, steps, duplicates (./clean.ts);
 * 4. one curves row per step with a proxy value, every other metric to imported_metrics, W&B's
 *    __MIN/__MAX bounds to imported_bounds, the text metrics of per-sample logs to imported_samples;
 * 5. the overoptimization analysis of the curve (./analyse.ts).
 * run_id is the first 16 hex digits of sha256 of the file, the resolved mapping and the run's name.
 * Each run's issues are the file's (parsing) and its own, in line order.
 */
export async function importLogs(input: LogInput, options: ImportLogOptions = {}): Promise<ImportedLog[]> {
  const {name = "log", format: wanted = "auto", strict = false} = options;
  const log = new IssueLog(name, strict);
  // 1. Parse.
  const {format, rows} = await parseLog(input, log, {format: wanted, name});
  if (rows.length === 0) throw new ImportError(`${name}: no rows in this ${format} log`);
  const byRun = new Map<string | null, RawRow[]>();
  for (const row of rows) {
    const list = byRun.get(row.run ?? null);
    if (list) list.push(row);
    else byRun.set(row.run ?? null, [row]);
  }
  if (options.samples?.length && byRun.size > 1) throw new ImportError(`${name} holds ${byRun.size} runs: per-sample logs (--samples) go with a log of one run`);
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const imported: ImportedLog[] = [];
  for (const [run, runRows] of byRun) imported.push(await importRun(runRows, {...options, name, runName: run, format, bytes, fileIssues: log.issues}));
  return imported;
}

/** Imports one run of a log: the file's only run, or options.run of a file of several (importLogs). */
export async function importLog(input: LogInput, options: ImportLogOptions = {}): Promise<ImportedLog> {
  const all = await importLogs(input, options);
  const {name = "log", run} = options;
  if (run !== undefined) {
    const one = all.find((r) => r.run === run);
    if (!one) throw new ImportError(`invalid run: "${run}" is not a run of ${name} (runs: ${all.map((r) => r.run ?? "(unnamed)").join(", ")})`);
    return one;
  }
  if (all.length > 1) throw new ImportError(`${name} holds ${all.length} runs (${all.map((r) => r.run ?? "(unnamed)").join(", ")}): pass run to pick one, or import them all with importLogs`);
  return all[0];
}

async function importRun(rows: readonly RawRow[], options: ImportLogOptions & {name: string; runName: string | null; format: LogFormat; bytes: Uint8Array; fileIssues: readonly Issue[]}): Promise<ImportedLog> {
  const {name, runName: run, format, bytes, fileIssues, experiment = "imported", mapping = {}, strict = false, engineVersion = "unknown", stop = []} = options;
  const source = run === null ? name : `${name} [${run}]`;
  const log = new IssueLog(source, strict);
  // 2. Columns.
  const columns = numericColumns(rows);
  const looksTrl = format === "trl" || [...columns].some((c) => c.startsWith("objective/"));
  const {mapping: resolved, gold} = resolveColumns(mapping, columns, {source, tool: looksTrl ? "trl" : "imported", rows});
  if (resolved.step === null) log.problem(0, "no_step_column", `no step column (none of step, global_step, _step, ...): steps are the training rows' order 1, 2, ... (pass --step <column>)`);
  const others = ["global_step", "_step", "episode", "epoch"].filter((c) => columns.has(c) && c !== resolved.step);
  log.note(0, "columns", `step ${resolved.step ?? "(row order)"}, proxy ${resolved.proxy}, gold ${resolved.gold ?? "none"}, kl ${resolved.kl ? `${resolved.kl} (${resolved.kl_estimator})` : "none"}${others.length ? `; also step-like: ${others.join(", ")} (kept as metrics)` : ""}`);
  log.note(0, "gold", `gold ${gold.column ?? "none"}: ${gold.reason}`);
  // 3. Clean.
  const records = cleanRows(rows, resolved.step, log);
  // 4. Rows.
  const suffix = run === null ? "" : `\n${run}`;
  const run_id = await sha256Hex(concat(bytes, new TextEncoder().encode(`\n${JSON.stringify(resolved)}${suffix}`)));
  const roleColumns = new Set([resolved.proxy, resolved.gold, resolved.kl].filter((c): c is string => c !== null));
  const klCoef = metricAliases.kl_coef.find((c) => columns.has(c));
  const entropy = metricAliases.entropy.find((c) => columns.has(c));
  const curves: (CurvePoint & Record<string, unknown>)[] = [], metrics: Record<string, unknown>[] = [];
  const points = new Set<number>();
  for (const r of records) {
    const v = r.values;
    for (const [key, value] of Object.entries(v)) if (!roleColumns.has(key)) metrics.push({run_id, step: r.step, name: canonicalName(key), key, value});
    const proxy = v[resolved.proxy];
    if (proxy === undefined) {
      if (r.train && !r.nonFinite.has(resolved.proxy)) log.problem(r.line, "no_proxy", `step ${r.step} has no ${resolved.proxy} value: not a curve point (its other metrics are kept)`);
      continue;
    }
    const kl = resolved.kl === null ? null : v[resolved.kl] ?? null;
    if (kl !== null && kl < 0) log.note(r.line, "negative_kl", `${resolved.kl} ${kl} < 0 at step ${r.step} (a sampled ${resolved.kl_estimator} estimate): kept, sqrt_kl 0`);
    const sampled = kl === null ? {} : {[`kl_${resolved.kl_estimator}`]: kl};
    points.add(r.step);
    curves.push({
      run_id, point: r.step, beta: klCoef ? v[klCoef] ?? null : null,
      kl, kl_method: resolved.kl_estimator, sqrt_kl: kl === null ? null : Math.sqrt(Math.max(kl, 0)),
      kl_k1: null, kl_k2: null, kl_k3: null, ...(resolved.kl_estimator === "exact" ? {} : sampled),
      proxy_reward: proxy, gold_reward: resolved.gold === null ? null : v[resolved.gold] ?? null, proxy_std: null,
      entropy: entropy ? v[entropy] ?? null : null, exact_gold_reward: null
    });
  }
  if (curves.length === 0) throw new ImportError(`${source}: no step has a ${resolved.proxy} value (nothing to import; pass --proxy <column>)`);
  const samples = (options.samples ?? []).flatMap((file) => sampleRows(file, run_id, log, {strict, stop, points}));
  const {bounds, downsampled} = boundRows(rows, resolved.step, run_id, run !== null && rows.some((r) => r.group));
  if (downsampled) log.note(0, "downsampled", downsampled);
  const config = {source: name, ...(run === null ? {} : {run}), format, sha256_16: run_id, mapping: resolved, ...(options.samples?.length ? {samples: options.samples.map((f) => f.name), stop} : {})};
  const runs = {
    run_id, experiment, sweep: name, world: "imported", optimizer: resolved.tool, kl_coef: null, kl_control: null, kl_target: null, policy: null, policy_optimizer: null,
    objective: "imported", objective_param: null, reward_source: resolved.proxy, ensemble_size: 1, n_pairs: null, label_noise: null, seed: 0,
    backend: "none", engine_version: engineVersion, config_json: JSON.stringify(config), duration_s: null, status: "ok", error: null
  };
  const importedRun = {
    run_id, source: name, run, format, step: resolved.step, proxy: resolved.proxy, gold: gold.column, gold_source: gold.source, gold_reason: gold.reason,
    kl: resolved.kl, kl_estimator: resolved.kl_estimator, downsampled: downsampled !== null, downsampled_reason: downsampled, rows_read: rows.length, steps: records.length
  };
  // 5. Analysis.
  const analysis = {run_id, source: name, format, proxy: resolved.proxy, gold: resolved.gold, kl: resolved.kl, ...analyseCurve(curves)};
  const issues = [...fileIssues, ...log.issues].sort((a, b) => a.line - b.line);
  return {name: source, run, format, mapping: resolved, gold, runs, importedRun, bounds, curves, metrics, samples, analysis, issues, rowsRead: rows.length, steps: records.length};
}

/** imported_samples rows of one per-sample log; its issues join the run's, named by the samples file and its line. */
function sampleRows(file: {name: string; input: LogInput}, run_id: string, log: IssueLog, {strict, stop, points}: {strict: boolean; stop: readonly string[]; points: ReadonlySet<number>}): Record<string, unknown>[] {
  const own = new IssueLog(file.name, strict);
  const steps = sampleSteps(file.input, own, {name: file.name, stop});
  for (const issue of own.issues) (issue.severity === "problem" ? log.problem : log.note).call(log, 0, issue.code, `${file.name}${issue.line ? `:${issue.line}` : ""}: ${issue.reason}`);
  const count = steps.reduce((n, s) => n + s.samples, 0), cut = steps.reduce((n, s) => n + s.cut, 0);
  const cutNote = stop.length ? `; ${cut} cut at a stop string (${stop.map((s) => JSON.stringify(s)).join(", ")})` : "";
  log.note(0, "samples", `${file.name}: ${count} samples at ${steps.length} steps (${steps[0].step}-${steps.at(-1)!.step}) as imported_samples (length, LI, RP, distinct n-grams${steps.some((s) => s.reward_mean !== null) ? ", reward" : ""})${cutNote}`);
  const off = steps.filter((s) => !points.has(s.step));
  if (off.length) log.note(0, "samples_off_curve", `${file.name}: ${off.length} of ${steps.length} sample steps are not curve points (the first: ${off[0].step}): kept, with no proxy or gold beside them`);
  return steps.map((s) => ({run_id, source: file.name, ...s}));
}

/**
 * imported_bounds rows from W&B's __MIN/__MAX columns (RawRow.bounds), at each row's step, and
 * whether they show a downsampled export: for a run (not a group, whose bounds are its runs'
 * range), a point whose min is below its max stands for several logged steps.
 */
function boundRows(rows: readonly RawRow[], stepColumn: string | null, run_id: string, group: boolean): {bounds: Record<string, unknown>[]; downsampled: string | null} {
  const bounds: Record<string, unknown>[] = [];
  let spread = 0;
  let first: {step: number; key: string} | null = null;
  for (const [i, row] of rows.entries()) {
    if (!row.bounds) continue;
    const step = stepColumn === null ? i + 1 : metricValue(row.values[stepColumn]);
    const at = typeof step === "number" ? step : step.kind === "number" ? step.value : null;
    if (at === null) continue;
    for (const [key, {min, max}] of Object.entries(row.bounds)) {
      const lo = metricValue(min), hi = metricValue(max);
      const lower = lo.kind === "number" ? lo.value : null, upper = hi.kind === "number" ? hi.value : null;
      if (lower === null && upper === null) continue;
      bounds.push({run_id, step: at, name: canonicalName(key), key, min: lower, max: upper});
      if (lower !== null && upper !== null && lower < upper) (spread += 1), (first ??= {step: at, key});
    }
  }
  const downsampled = group || !first ? null : `downsampled export: ${spread} points have ${first.key}__MIN < __MAX (the first at step ${first.step}): each stands for several logged steps that W&B bucketed (export the full history for every step)`;
  return {bounds, downsampled};
}
/**
 * The columns of a log that hold a number somewhere, in the order first seen: what a mapping can
 * name (a page offers them as choices). Parses like importLog; an unreadable file throws ImportError.
 */
export function logColumns(text: string, options: Pick<ImportLogOptions, "name" | "format"> = {}): string[] {
  const {name = "log", format = "auto"} = options;
  return [...numericColumns(parseTextFormat(text, new IssueLog(name), {format, name}).rows)];
}

/** logColumns for any input, binary formats (bytes) included. */
export async function readLogColumns(input: LogInput, options: Pick<ImportLogOptions, "name" | "format"> = {}): Promise<string[]> {
  const {name = "log", format = "auto"} = options;
  return [...numericColumns((await parseLog(input, new IssueLog(name), {format, name})).rows)];
}

function numericColumns(rows: readonly RawRow[]): Set<string> {
  return new Set(rows.flatMap((r) => Object.keys(r.values).filter((k) => metricValue(r.values[k]).kind !== "none")));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a), out.set(b, a.length);
  return out;
}

/** First 16 hex digits of sha256 (Web Crypto: the same in Node and in a browser). */
async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16);
}
