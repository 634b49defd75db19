/** A run's rows of the run tables (io/schema/runs.ts), and the helpers every world kind builds them with. */
import type {Row} from "../../io/schema/index.ts";
import type {checkpointPrompts, checkpoints, curves, rewardModels, runs, samples} from "../../io/schema/index.ts";
import {NumericalFault, checkFinite} from "../../optimize/types.ts";
import type {CurvePoint} from "../../optimize/types.ts";
import type {Reward} from "../../reward/reward.ts";

/** Everything one run contributes to the tables but its runs row. */
export interface RunTables {
  readonly curves: Row<typeof curves>[];
  readonly reward_models: Row<typeof rewardModels>[];
  readonly samples: Row<typeof samples>[];
  /** language-model runs: one row per checkpoint, and per checkpoint and held-out prompt (none for a pool world) */
  readonly checkpoints: Row<typeof checkpoints>[];
  readonly checkpoint_prompts: Row<typeof checkpointPrompts>[];
}

/** Everything one run contributes to the six tables. */
export interface RunResult extends RunTables {
  readonly run_id: string;
  readonly runs: Row<typeof runs>;
}

/** The tables of a run that failed before it made any rows. */
export const noTables = (): RunTables => ({curves: [], reward_models: [], samples: [], checkpoints: [], checkpoint_prompts: []});

/** The curves table's rows of a run, from its optimiser's curve points. */
export function curveRows(run_id: string, curve: readonly CurvePoint[]): Row<typeof curves>[] {
  return curve.map((c) => ({
    run_id,
    point: c.point,
    beta: c.beta,
    kl: c.kl,
    kl_method: c.kl_method,
    sqrt_kl: Math.sqrt(Math.max(c.kl, 0)),
    kl_k1: c.kl_k1 ?? null,
    kl_k2: c.kl_k2 ?? null,
    kl_k3: c.kl_k3 ?? null,
    proxy_reward: c.proxy_reward,
    gold_reward: c.gold_reward,
    proxy_std: c.proxy_std,
    entropy: c.entropy ?? null,
    exact_gold_reward: c.exact_gold_reward ?? null
  }));
}

/** Every number of a curve row finite (nulls aside), else a NumericalFault. */
export function checkCurve(row: Row<typeof curves>): void {
  for (const [key, value] of Object.entries(row)) if (typeof value === "number") checkFinite([value], `${key} at curve point ${row.point}`);
}

/** Indices of `count` points evenly spaced over `length` (first and last included). */
export function samplePoints(length: number, count: number): number[] {
  if (count <= 0 || length === 0) return [];
  if (count === 1) return [length - 1];
  const picks = Array.from({length: count}, (_, i) => Math.round((i * (length - 1)) / (count - 1)));
  return [...new Set(picks)];
}

/** The message of the NumericalFault `fn` throws, or null when it throws none. */
export function faultOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (fault) {
    if (fault instanceof NumericalFault) return fault.message;
    throw fault;
  }
}

/**
 * The testing hook for numerical faults: GOODHART_INJECT_NONFINITE, a comma-separated list of
 * run ids, makes those runs' proxy reward NaN (every score of member 0), so the fault is met
 * where a real one would be and goes the same way (a failed run; the sweep goes on). Read here
 * only. It does not touch runs already in the run cache (use --no-cache or a fresh --cache).
 */
export function injectNonFinite<Y>(runId: string, reward: Reward<Y>): Reward<Y> {
  if (!(process.env.GOODHART_INJECT_NONFINITE ?? "").split(",").includes(runId)) return reward;
  return {
    size: reward.size,
    source: reward.source,
    async score(responses) {
      const {rewards, sigmas} = await reward.score(responses);
      return {rewards: rewards.map((r, m) => (m === 0 ? r.map(() => NaN) : r)), sigmas};
    }
  };
}
