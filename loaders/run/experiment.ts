import {availableParallelism} from "node:os";
import {join} from "node:path";
import {mkdirSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {selectBackend} from "../backend/backend.ts";
import {findingRows} from "../analysis/findings.ts";
import {encodeRows, removeStaleTemps, tempPath} from "../io/arrow.ts";
import {findings, runTables} from "../io/schema/index.ts";
import {ENGINE_VERSION} from "../version.ts";
import {RunCache} from "./cache.ts";
import type {RunResult} from "./execute.ts";
import {runGroups} from "./pool.ts";
import {manifestName, plansHash, shardPlans} from "./shard.ts";
import type {Shard, ShardManifest} from "./shard.ts";
import {expandRuns, groupRuns, isTextPlan, loadSpec} from "./spec.ts";
import type {AnyRunPlan, ExperimentSpec} from "./spec.ts";
import {StageCache} from "./stage-cache.ts";
import {textStageKey} from "./text-config.ts";
import {referenceStage} from "./text-execute.ts";

export type TableName = keyof typeof runTables;
/** The run tables and the findings the engine computes from them. */
export type OutputName = TableName | "findings";

export interface RunExperimentOptions {
  /** folder for runs.arrow, curves.arrow, reward_models.arrow, samples.arrow, findings.arrow (default: none, nothing written) */
  out?: string;
  /** --backend value (default: GOODHART_BACKEND, else auto) */
  backend?: string;
  /** parallel worker processes (default: one per core) */
  workers?: number;
  /** run cache folder; null disables caching (default "data/runs/.cache") */
  cacheDir?: string | null;
  /** record wall times in runs.duration_s (default true) */
  timings?: boolean;
  /** run these seeds instead of the spec's (the reseeding check); default: the spec's */
  seeds?: readonly number[];
  /** progress lines (default: stderr) */
  log?: (line: string) => void;
  /** stops the sweep when aborted: workers end, runs finished so far stay cached, and runExperiment throws an Interrupted error */
  signal?: AbortSignal;
  /** run only this shard's runs (shard.ts) and write their run tables and shard.json, no findings (default: every run) */
  shard?: Shard;
}

export interface ExperimentOutput {
  readonly spec: ExperimentSpec;
  readonly backend: string;
  readonly rows: Record<TableName, Record<string, unknown>[]>;
  /** one row per claim (io/schema/findings.ts), from the runs and curves rows */
  readonly findings: Record<string, unknown>[];
  /** Arrow IPC stream bytes per table, findings included */
  readonly arrow: Record<OutputName, Uint8Array>;
  readonly computed: number;
  readonly cached: number;
  /** runs rows of the runs a numerical fault stopped (runs.status "failed") */
  readonly failed: Record<string, unknown>[];
}

/** The sweep was stopped (options.signal); the message says what finished, in one line. */
export class Interrupted extends Error {
  override readonly name = "Interrupted";
  /** the abort reason (the CLI's: the signal's name, "SIGINT" or "SIGTERM") */
  readonly reason: string;
  constructor(message: string, reason: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * Runs an experiment spec end to end: validate, expand the sweeps, reuse cached runs, execute the
 * rest in parallel, encode the four tables (rows in spec order, so bytes are deterministic), and
 * compute the findings from them.
 */
export async function runExperiment(specOrPath: string | ExperimentSpec, options: RunExperimentOptions = {}): Promise<ExperimentOutput> {
  const {out, backend: flag, workers = availableParallelism(), cacheDir = "data/runs/.cache", timings = true, seeds, log = (line) => process.stderr.write(`${line}\n`), signal, shard} = options;
  const loaded = typeof specOrPath === "string" ? loadSpec(specOrPath) : specOrPath;
  const spec: ExperimentSpec = seeds ? {...loaded, seeds} : loaded;
  const sweep = expandRuns(spec);
  const plans = shard ? shardPlans(sweep, shard) : sweep;
  const selection = await selectBackend({flag, log});
  const cache = cacheDir === null ? null : new RunCache(cacheDir, selection.backend);
  const byId = new Map<string, RunResult>();
  for (const plan of plans) {
    const hit = cache?.get(plan.run_id);
    if (hit) byId.set(plan.run_id, hit);
  }
  const todo = plans.filter((p) => !byId.has(p.run_id));
  const groups = groupRuns(todo);
  const cached = plans.length - todo.length;
  log(`goodhart: ${spec.name}${shard ? ` shard ${shard.index}/${shard.count}` : ""}: ${plans.length}${shard ? ` of ${sweep.length}` : ""} runs (${cached} cached, ${todo.length} to compute in ${groups.length} groups, ${Math.min(workers, Math.max(groups.length, 1))} workers)`);
  const start = performance.now();
  // Shared stages that outlive a group (a text experiment's pi_ref) are made here once, before the
  // workers start, and handed to them through the stage cache.
  const stageCache = cacheDir === null ? null : new StageCache(cacheDir, selection.backend);
  const textPlans = todo.filter(isTextPlan);
  for (const key of new Set(textPlans.map((p) => textStageKey("reference", p.config)))) {
    await referenceStage(textPlans.find((p) => textStageKey("reference", p.config) === key)!.config, stageCache, log);
  }
  let finished = 0;
  const aborted = () => {
    const kept = cache ? `kept in the run cache ${cacheDir}; rerun the same command to compute only the rest` : "not kept (--no-cache)";
    const reason = String(signal?.reason ?? "aborted");
    return new Interrupted(`interrupted (${reason}): ${finished} of ${todo.length} runs computed before the stop (${cached} were cached already), ${kept}; nothing written to --out`, reason);
  };
  if (signal?.aborted) throw aborted();
  try {
    await runGroups(groups, {
      workers,
      backend: selection.backend,
      engineVersion: ENGINE_VERSION,
      timings,
      cacheDir,
      signal,
      onGroup(results: RunResult[], group: readonly AnyRunPlan[]) {
        for (const r of results) {
          byId.set(r.run_id, r);
          if (r.runs.status !== "failed") cache?.set(r); // a failed run is retried by the next invocation
        }
        finished += results.length;
        const first = group[0];
        const elapsed = (performance.now() - start) / 1000;
        const what = isTextPlan(first)
          ? `text seed ${first.config.seed} ${first.config.reward.source === "white_box" ? `white-box ${first.config.reward.variant}` : `learned ${first.config.reward_model!.architecture} x${Math.max(...group.map((p) => (isTextPlan(p) ? p.config.ensemble.size : 1)))}`}`
          : `${first.config.world.name} seed ${first.config.seed} pairs ${first.config.preferences.pairs} noise ${first.config.preferences.label_noise}`;
        const failed = results.filter((r) => r.runs.status === "failed").length;
        log(`goodhart: [${finished}/${todo.length}] ${what} (${group.length} runs${failed ? `, ${failed} FAILED` : ""}) ${elapsed.toFixed(1)}s`);
      }
    });
  } catch (error) {
    if (signal?.aborted) throw aborted();
    throw error;
  }
  const rows: Record<TableName, Record<string, unknown>[]> = {runs: [], curves: [], reward_models: [], samples: [], checkpoints: [], checkpoint_prompts: []};
  for (const plan of plans) {
    const r = byId.get(plan.run_id)!;
    rows.runs.push({...r.runs, experiment: plan.experiment, sweep: plan.sweep});
    rows.curves.push(...r.curves);
    rows.reward_models.push(...r.reward_models);
    rows.samples.push(...r.samples);
    rows.checkpoints.push(...(r.checkpoints ?? []));
    rows.checkpoint_prompts.push(...(r.checkpoint_prompts ?? []));
  }
  const findingsRows = shard ? [] : findingRows(spec.name, rows); // findings need every seed: merge.ts computes them
  const arrow = {
    ...Object.fromEntries(Object.entries(runTables).map(([name, table]) => [name, encodeRows(table, rows[name as TableName])])),
    findings: encodeRows(findings, findingsRows)
  } as Record<OutputName, Uint8Array>;
  if (out && shard) {
    const manifest: ShardManifest = {
      format: "goodhart-shard", spec: spec.name, kind: spec.kind, plans_sha256: plansHash(sweep), shard: {index: shard.index, count: shard.count},
      engine_version: ENGINE_VERSION, backend: selection.backend, run_ids: sweep.map((p) => p.run_id), shard_run_ids: plans.map((p) => p.run_id)
    };
    const {findings: _, ...tables} = arrow;
    writeTables(out, tables, {files: {[manifestName]: `${JSON.stringify(manifest, null, 1)}\n`}});
  } else if (out) writeTables(out, arrow);
  return {spec, backend: selection.backend, rows, findings: findingsRows, arrow, computed: todo.length, cached, failed: rows.runs.filter((r) => r.status === "failed")};
}

/**
 * Writes every table under a hidden temporary name next to its final one first (io/arrow.ts
 * tempPath), then renames them all, so a failure or a kill part-way never leaves a mix of old and
 * new files, nor a half-written one under a visible name. Temporary files of killed writers go.
 * `files` are other files written in the same way, by file name (a shard's shard.json).
 */
export function writeTables(out: string, arrow: Record<string, Uint8Array>, {files = {}}: {files?: Record<string, Uint8Array | string>} = {}): void {
  mkdirSync(out, {recursive: true});
  removeStaleTemps(out);
  const staged: [string, string][] = [];
  try {
    const named = [...Object.entries(arrow).map(([name, bytes]) => [`${name}.arrow`, bytes] as const), ...Object.entries(files)];
    for (const [name, bytes] of named) {
      const path = join(out, name);
      const tmp = tempPath(path);
      staged.push([tmp, path]);
      writeFileSync(tmp, bytes);
    }
    for (const [tmp, path] of staged) renameSync(tmp, path);
  } finally {
    for (const [tmp] of staged) rmSync(tmp, {force: true});
  }
}
