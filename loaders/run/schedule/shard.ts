/**
 * Sharding a sweep across machines: `goodhart run <spec> --shard i/N` runs a deterministic 1/N of
 * the runs, `goodhart merge` (merge.ts) joins the shards. A shard is a set of groups (spec/spec.ts
 * groupRuns: runs sharing a reward-model stage), never part of one, so every stage is computed
 * once. Every shard computes the same assignment from the spec alone (not from the cache).
 */
import {createHash} from "node:crypto";
import {isRecord} from "../../narrow.ts";
import {isKindName, kindOf} from "../kinds/index.ts";
import type {KindName, RunPlan} from "../kinds/index.ts";
import {groupRuns} from "../spec/spec.ts";

/** Shard `index` (0-based, as SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX count) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** "i/N" (0 <= i < N) -> a Shard; throws an Error naming the value and the fix. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(count >= 1 && count <= 10_000 && index < count)) throw new Error(`invalid --shard: ${text} (expected i/N with 0 <= i < N <= 10000, e.g. 0/4 for the first of four shards)`);
  return {index, count};
}

/**
 * Estimated cost of a run, unitless and from its config alone: optimisation work, i.e. RL
 * `steps x batch_prompts x samples_per_prompt`, else (best-of-n, KL tilt: one pass over the world)
 * its kind's passCost: `prompts x pool_size` for a pool world, 1 for a text world.
 */
export function runCost(plan: RunPlan): number {
  const {optimizer} = plan.config;
  const n = (key: string) => {
    const value = optimizer[key];
    return typeof value === "number" ? value : 1;
  };
  if (typeof optimizer.steps === "number") return n("steps") * n("batch_prompts") * n("samples_per_prompt");
  return kindOf(plan.kind).passCost(plan.config);
}

/**
 * Estimated cost of a group: its runs' (runCost) plus its reward models', `pairs x epochs x
 * members` (the largest ensemble in the group; none for a white-box text reward).
 */
export function groupCost(group: readonly RunPlan[]): number {
  const {preferences, reward_model} = group[0].config;
  const members = Math.max(...group.map((p) => p.config.ensemble.size));
  const models = preferences && reward_model ? preferences.pairs * reward_model.epochs * members : 0;
  return models + group.reduce((sum, p) => sum + runCost(p), 0);
}

/**
 * The shard of each group: longest first (ties: the earlier group), each to the least loaded
 * shard so far (ties: the lower index). Deterministic, and balanced within the largest group.
 */
export function assignShards(groups: readonly (readonly RunPlan[])[], count: number): number[] {
  const costs = groups.map(groupCost);
  const order = groups.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  const load = new Array<number>(count).fill(0);
  const shardOf = new Array<number>(groups.length);
  for (const g of order) {
    const s = load.indexOf(Math.min(...load));
    shardOf[g] = s;
    load[s] += costs[g];
  }
  return shardOf;
}

/** The runs of one shard, in plan order. */
export function shardPlans<P extends RunPlan>(plans: readonly P[], {index, count}: Shard): P[] {
  const groups = groupRuns(plans);
  const shardOf = assignShards(groups, count);
  const mine = new Set(groups.filter((_, g) => shardOf[g] === index).flat().map((p) => p.run_id));
  return plans.filter((p) => mine.has(p.run_id));
}

/** sha256 of the resolved plans (ids, sweeps, configs) in order: shards of one sweep agree on it. */
export function plansHash(plans: readonly RunPlan[]): string {
  return createHash("sha256").update(JSON.stringify(plans.map((p) => [p.run_id, p.experiment, p.sweep, p.config]))).digest("hex");
}

/** shard.json, written next to a shard's run tables. */
export interface ShardManifest {
  readonly format: "goodhart-shard";
  readonly spec: string;
  readonly kind: KindName;
  readonly plans_sha256: string;
  readonly shard: Shard;
  readonly engine_version: string;
  readonly backend: string;
  /** every run of the sweep, in plan order (the order one machine writes rows in) */
  readonly run_ids: readonly string[];
  /** this shard's runs, in plan order */
  readonly shard_run_ids: readonly string[];
}

export const manifestName = "shard.json";

/** The manifest's JSON narrowed, or an Error message saying what is wrong. Other keys (the primaries) stay as they are. */
export function checkManifest(json: unknown): ShardManifest | string {
  if (!isRecord(json) || json.format !== "goodhart-shard") return 'not a goodhart shard manifest (expected "format": "goodhart-shard")';
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
  const {shard, spec, kind, plans_sha256, engine_version, backend, run_ids, shard_run_ids} = json;
  if (!isRecord(shard) || typeof shard.index !== "number" || !Number.isInteger(shard.index) || typeof shard.count !== "number" || !Number.isInteger(shard.count)) return "missing or invalid shard {index, count}";
  if (typeof spec !== "string") return "missing or invalid spec";
  if (!isKindName(kind)) return "missing or invalid kind";
  if (typeof plans_sha256 !== "string") return "missing or invalid plans_sha256";
  if (typeof engine_version !== "string") return "missing or invalid engine_version";
  if (typeof backend !== "string") return "missing or invalid backend";
  if (!strings(run_ids) || !strings(shard_run_ids)) return "missing or invalid run_ids / shard_run_ids";
  return {...json, format: "goodhart-shard", spec, kind, plans_sha256, shard: {index: shard.index, count: shard.count}, engine_version, backend, run_ids, shard_run_ids};
}
