import {availableParallelism} from "node:os";
import {basename, join} from "node:path";
import {writeFileSync} from "node:fs";
import {selectBackend} from "../backend/backend.ts";
import {findingRows} from "../analysis/findings.ts";
import type {FindingsRow} from "../analysis/finding-row.ts";
import {encodeRows} from "../io/arrow.ts";
import {findings, runTables} from "../io/schema/index.ts";
import {plural} from "../plural.ts";
import {ENGINE_VERSION} from "../version.ts";
import type {RunResult} from "./execute/rows.ts";
import {kindOf} from "./kinds/index.ts";
import type {RunPlan} from "./kinds/index.ts";
import {runGroups} from "./schedule/workers.ts";
import {manifestName, plansHash, shardPlans} from "./schedule/shard.ts";
import type {Shard, ShardManifest} from "./schedule/shard.ts";
import {expandRuns, groupRuns, loadSpec} from "./spec/spec.ts";
import type {ExperimentSpec} from "./spec/spec.ts";
import {RunCache} from "./store/cache.ts";
import {StageCache} from "./store/stage-cache.ts";
import {stageFiles} from "./store/files.ts";
import {FileTableStream, TableStream} from "./store/table-stream.ts";
import {perTable, tableNames} from "./store/tables.ts";
import type {OutputName, TableName} from "./store/tables.ts";

export type {OutputName, TableName};

export interface RunExperimentOptions {
  /** folder for runs.arrow, curves.arrow, reward_models.arrow, samples.arrow, findings.arrow (default: none, nothing written); the tables stream to it as runs finish */
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
  /** rows per Arrow record batch, at least (a batch ends with a run; default table-stream.ts batchRows) */
  batchRows?: number;
}

export interface ExperimentOutput {
  readonly spec: ExperimentSpec;
  readonly backend: string;
  /** every table's rows in plan order; with `out`, only what the findings need (runs, checkpoint_prompts, and curves as {run_id, point, gold_reward}): the rest went to disk */
  readonly rows: Record<TableName, Record<string, unknown>[]>;
  /** one row per claim (io/schema/findings.ts), from the runs and curves rows */
  readonly findings: FindingsRow[];
  /** Arrow IPC stream bytes per table, findings included; empty with `out` (the files hold them) */
  readonly arrow: Partial<Record<OutputName, Uint8Array>>;
  /** the files written to `out`, by name (none without it) */
  readonly written: readonly string[];
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

/** What the findings read (analysis/findings.ts), kept in memory when the tables stream to disk: per table, the row or its slimmed copy. */
const findingInputs: Partial<Record<TableName, (row: Record<string, unknown>) => Record<string, unknown>>> = {
  runs: (row) => row,
  curves: ({run_id, point, gold_reward}) => ({run_id, point, gold_reward}),
  checkpoint_prompts: (row) => row
};

/**
 * Runs an experiment spec end to end: validate, expand the sweeps, reuse cached runs, execute the
 * rest in parallel, and compute the findings. Each run's rows go to the tables (table-stream.ts) in
 * plan order as soon as every earlier run is done, whatever order workers finish in (runs finished
 * early wait; cached runs are read when their turn comes), so the bytes are deterministic and, with
 * `out`, memory holds a batch per table and the findings' inputs, not every row. Files are written
 * under temporary names and renamed together at the end (store/files.ts).
 */
export async function runExperiment(specOrPath: string | ExperimentSpec, options: RunExperimentOptions = {}): Promise<ExperimentOutput> {
  const {out, backend: flag, workers = availableParallelism(), cacheDir = "data/runs/.cache", timings = true, seeds, log = (line) => process.stderr.write(`${line}\n`), signal, shard, batchRows} = options;
  const loaded = typeof specOrPath === "string" ? loadSpec(specOrPath) : specOrPath;
  const spec: ExperimentSpec = seeds ? {...loaded, seeds} : loaded;
  const sweep = expandRuns(spec);
  const plans = shard ? shardPlans(sweep, shard) : sweep;
  const selection = await selectBackend({flag, log});
  const cache = cacheDir === null ? null : new RunCache(cacheDir, selection.backend);
  const hits = new Set(plans.filter((plan) => cache?.get(plan.run_id) !== undefined).map((plan) => plan.run_id));
  const todo = plans.filter((p) => !hits.has(p.run_id));
  const groups = groupRuns(todo);
  const cached = plans.length - todo.length;
  log(`goodhart: ${spec.name}${shard ? ` shard ${shard.index}/${shard.count}` : ""}: ${shard ? `${plans.length} of ${plural(sweep.length, "run")}` : plural(plans.length, "run")} (${cached} cached, ${todo.length} to compute in ${plural(groups.length, "group")}, ${plural(Math.min(workers, Math.max(groups.length, 1)), "worker")})`);
  const start = performance.now();
  const kind = kindOf(spec.kind);
  let finished = 0;
  const aborted = () => {
    const kept = cache ? `kept in the run cache ${cacheDir}; rerun the same command to compute only the rest` : "not kept (--no-cache)";
    const reason = String(signal?.reason ?? "aborted");
    return new Interrupted(`interrupted (${reason}): ${finished} of ${todo.length} runs computed before the stop (${cached} were cached already), ${kept}; nothing written to --out`, reason);
  };
  if (signal?.aborted) throw aborted();

  const rows = perTable((): Record<string, unknown>[] => []);
  const files = out ? stageFiles(out) : null;
  const chunks = perTable((): Uint8Array[] => []);
  const opened: TableStream[] = [];
  try {
    const streams = perTable((name) => {
      const stream = files ? new FileTableStream(runTables[name], files.stage(`${name}.arrow`), {batchRows}) : new TableStream(runTables[name], (bytes) => chunks[name].push(bytes.slice()), {batchRows});
      opened.push(stream);
      return stream;
    });
    // 1. Results in plan order: a run goes out once every run before it has.
    const ready = new Map<string, RunResult>();
    let next = 0;
    const drain = () => {
      for (; next < plans.length; ++next) {
        const plan = plans[next];
        let r = ready.get(plan.run_id);
        if (r) ready.delete(plan.run_id);
        else if (hits.has(plan.run_id)) r = cache!.get(plan.run_id) ?? missingEntry(plan.run_id, cacheDir);
        else return;
        const tables: Record<TableName, readonly Record<string, unknown>[]> = {
          runs: [{...r.runs, experiment: plan.experiment, sweep: plan.sweep}], curves: r.curves, reward_models: r.reward_models, samples: r.samples,
          checkpoints: r.checkpoints, checkpoint_prompts: r.checkpoint_prompts
        };
        for (const name of tableNames) {
          streams[name].add(tables[name]);
          const keep = files ? findingInputs[name] : (row: Record<string, unknown>) => row;
          if (keep) for (const row of tables[name]) rows[name].push(keep(row));
        }
      }
    };
    drain();
    // 2. Compute the rest: first the shared stages that outlive a group (a text world's pi_ref),
    // each once, spread over the workers and handed to the groups through the stage cache; then the
    // groups. Without a cache a worker cannot read them: one process makes them for its groups, and
    // several workers each make those their groups need.
    try {
      const stages = todo.length && (cacheDir !== null || workers <= 1) ? kind.stagePlans?.(todo, cacheDir === null ? null : new StageCache(cacheDir, selection.backend)) ?? [] : [];
      if (stages.length) {
        const t0 = performance.now();
        await runGroups(stages.map((plan) => [plan]), {workers, backend: selection.backend, engineVersion: ENGINE_VERSION, cacheDir, signal, stages: true, log});
        log(`goodhart: ${plural(stages.length, "shared stage")} made (${((performance.now() - t0) / 1000).toFixed(1)}s)`);
      }
      await runGroups(groups, {
        workers,
        backend: selection.backend,
        engineVersion: ENGINE_VERSION,
        timings,
        cacheDir,
        signal,
        onGroup(results: RunResult[], group: readonly RunPlan[]) {
          for (const r of results) {
            ready.set(r.run_id, r);
            if (r.runs.status !== "failed") cache?.set(r); // a failed run is retried by the next invocation
          }
          finished += results.length;
          drain();
          const elapsed = (performance.now() - start) / 1000;
          const what = kind.describe(group);
          const failed = results.filter((r) => r.runs.status === "failed").length;
          log(`goodhart: [${finished}/${todo.length}] ${what} (${plural(group.length, "run")}${failed ? `, ${failed} FAILED` : ""}) ${elapsed.toFixed(1)}s`);
        }
      });
    } catch (error) {
      if (signal?.aborted) throw aborted();
      throw error;
    }
    drain();
    if (next !== plans.length) throw new Error(`internal: ${plans.length - next} runs never came back from the workers (first ${plans[next].run_id})`);
    // 3. Findings, from the runs and curves (they need every seed: a shard leaves them to merge.ts).
    for (const name of tableNames) streams[name].end();
    const findingsRows = shard ? [] : findingRows(spec.name, rows, {primaries: spec.primaries});
    const arrow: Partial<Record<OutputName, Uint8Array>> = {};
    if (files) {
      if (shard) {
        const manifest: ShardManifest = {
          format: "goodhart-shard", spec: spec.name, kind: spec.kind, plans_sha256: plansHash(sweep), shard: {index: shard.index, count: shard.count},
          engine_version: ENGINE_VERSION, backend: selection.backend, run_ids: sweep.map((p) => p.run_id), shard_run_ids: plans.map((p) => p.run_id)
        };
        // The declared primaries travel with the shard: merge.ts computes the findings from them.
        writeFileSync(files.stage(manifestName), `${JSON.stringify({...manifest, primaries: spec.primaries}, null, 1)}\n`);
      } else writeFileSync(files.stage("findings.arrow"), encodeRows(findings, findingsRows));
      files.commit();
    } else {
      for (const name of tableNames) arrow[name] = Buffer.concat(chunks[name]);
      arrow.findings = encodeRows(findings, findingsRows);
    }
    return {spec, backend: selection.backend, rows, findings: findingsRows, arrow, written: files?.names ?? [], computed: todo.length, cached, failed: rows.runs.filter((r) => r.status === "failed")};
  } finally {
    for (const stream of opened) if (stream instanceof FileTableStream) stream.close();
    files?.discard();
  }
}

function missingEntry(runId: string, cacheDir: string | null): never {
  throw new Error(`run ${runId}: its run cache entry in ${cacheDir} went missing during the sweep (another goodhart cleared it?); rerun the same command`);
}

