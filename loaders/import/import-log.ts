import {canonicalName} from "./aliases.ts";
import {analyseCurve} from "./analyse.ts";
import {cleanRows} from "./clean.ts";
import {parseLog} from "./formats.ts";
import type {LogFormat} from "./formats.ts";
import {ImportError, IssueLog} from "./issues.ts";
import type {Issue} from "./issues.ts";
import {resolveMapping} from "./mapping.ts";
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
}

export interface ImportedLog {
  readonly name: string;
  readonly format: LogFormat;
  readonly mapping: ResolvedMapping;
  /** rows of the io/schema tables: runs (one), curves, imported_metrics, imported_analysis (one) */
  readonly runs: Record<string, unknown>;
  readonly curves: Record<string, unknown>[];
  readonly metrics: Record<string, unknown>[];
  readonly analysis: Record<string, unknown>;
  /** everything found, problems and notes, in line order (0: the file as a whole) */
  readonly issues: readonly Issue[];
  /** records parsed, then steps after cleaning */
  readonly rowsRead: number;
  readonly steps: number;
}

/**
 * Imports one step log (its text; pure: no file access) as a goodhart run:
 * 1. parse the format into raw rows with their lines (./formats.ts);
 * 2. resolve which columns are step, proxy, gold and KL (./mapping.ts, ./aliases.ts);
 * 3. clean: numbers, summary and eval rows, steps, duplicates (./clean.ts);
 * 4. one curves row per step with a proxy value, every other metric to imported_metrics;
 * 5. the overoptimization analysis of the curve (./analyse.ts).
 * run_id is the first 16 hex digits of sha256 of the text and the resolved mapping.
 */
export async function importLog(text: string, options: ImportLogOptions = {}): Promise<ImportedLog> {
  const {name = "log", experiment = "imported", format: wanted = "auto", mapping = {}, strict = false, engineVersion = "unknown"} = options;
  const log = new IssueLog(name, strict);
  // 1. Parse.
  const {format, rows} = parseLog(text, log, {format: wanted, name});
  if (rows.length === 0) throw new ImportError(`${name}: no rows in this ${format} log`);
  // 2. Columns.
  const columns = numericColumns(rows);
  const looksTrl = format === "trl" || [...columns].some((c) => c.startsWith("objective/"));
  const resolved = resolveMapping(mapping, columns, {source: name, tool: looksTrl ? "trl" : "imported"});
  if (resolved.step === null) log.problem(0, "no_step_column", `no step column (none of step, global_step, _step, ...): steps are the training rows' order 1, 2, ... (pass --step <column>)`);
  const others = ["global_step", "_step", "episode", "epoch"].filter((c) => columns.has(c) && c !== resolved.step);
  log.note(0, "columns", `step ${resolved.step ?? "(row order)"}, proxy ${resolved.proxy}, gold ${resolved.gold ?? "none"}, kl ${resolved.kl ? `${resolved.kl} (${resolved.kl_estimator})` : "none"}${others.length ? `; also step-like: ${others.join(", ")} (kept as metrics)` : ""}`);
  // 3. Clean.
  const records = cleanRows(rows, resolved.step, log);
  // 4. Rows.
  const run_id = await sha256Hex(`${text}\n${JSON.stringify(resolved)}`);
  const roleColumns = new Set([resolved.proxy, resolved.gold, resolved.kl].filter((c): c is string => c !== null));
  const klCoef = ["objective/kl_coef", "kl_coef", "beta"].find((c) => columns.has(c));
  const entropy = ["objective/entropy", "entropy", "policy/entropy"].find((c) => columns.has(c));
  const curves: Record<string, unknown>[] = [], metrics: Record<string, unknown>[] = [];
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
    curves.push({
      run_id, point: r.step, beta: klCoef ? v[klCoef] ?? null : null,
      kl, kl_method: resolved.kl_estimator, sqrt_kl: kl === null ? null : Math.sqrt(Math.max(kl, 0)),
      kl_k1: null, kl_k2: null, kl_k3: null, ...(resolved.kl_estimator === "exact" ? {} : sampled),
      proxy_reward: proxy, gold_reward: resolved.gold === null ? null : v[resolved.gold] ?? null, proxy_std: null,
      entropy: entropy ? v[entropy] ?? null : null, exact_gold_reward: null
    });
  }
  if (curves.length === 0) throw new ImportError(`${name}: no step has a ${resolved.proxy} value (nothing to import; pass --proxy <column>)`);
  const config = {source: name, format, sha256_16: run_id, mapping: resolved};
  const runs = {
    run_id, experiment, sweep: name, world: "imported", optimizer: resolved.tool, kl_coef: null, kl_control: null, kl_target: null, policy: null, policy_optimizer: null,
    objective: "imported", objective_param: null, reward_source: resolved.proxy, ensemble_size: 1, n_pairs: null, label_noise: null, seed: 0,
    backend: "none", engine_version: engineVersion, config_json: JSON.stringify(config), duration_s: null, status: "ok", error: null
  };
  // 5. Analysis.
  const analysis = {run_id, source: name, format, proxy: resolved.proxy, gold: resolved.gold, kl: resolved.kl, ...analyseCurve(curves as never)};
  return {name, format, mapping: resolved, runs, curves, metrics, analysis, issues: [...log.issues].sort((a, b) => a.line - b.line), rowsRead: rows.length, steps: records.length};
}

/**
 * The columns of a log that hold a number somewhere, in the order first seen: what a mapping can
 * name (a page offers them as choices). Parses like importLog; an unreadable file throws ImportError.
 */
export function logColumns(text: string, options: Pick<ImportLogOptions, "name" | "format"> = {}): string[] {
  const {name = "log", format = "auto"} = options;
  return [...numericColumns(parseLog(text, new IssueLog(name), {format, name}).rows)];
}

function numericColumns(rows: readonly RawRow[]): Set<string> {
  return new Set(rows.flatMap((r) => Object.keys(r.values).filter((k) => metricValue(r.values[k]).kind !== "none")));
}

/** First 16 hex digits of sha256 (Web Crypto: the same in Node and in a browser). */
async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16);
}
