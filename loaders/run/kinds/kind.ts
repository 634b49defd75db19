/**
 * What differs between world kinds (a feature world with a finite pool of responses, a text world
 * with a language model): how a run config is resolved, which runs share their reward models, the
 * stages a group shares, one run's tables, and the runs columns that name the world. The spec
 * (spec/spec.ts), the executor (execute/execute.ts), the workers and shards read a kind through
 * this interface only; kinds/index.ts registers each kind under its spec "kind".
 */
import type {RunTables} from "../execute/rows.ts";
import type {BaseRunConfig} from "../spec/config.ts";
import type {StageCache} from "../store/stage-cache.ts";

/** A run to execute: its world kind, its id, where it came from, and its resolved config. */
export interface KindPlan<C extends BaseRunConfig = BaseRunConfig, K extends string = string> {
  /** the spec's kind (kinds/index.ts) */
  readonly kind: K;
  readonly run_id: string;
  readonly experiment: string;
  readonly sweep: string;
  readonly config: C;
}

export interface ExecuteOptions {
  /** backend name recorded in the runs table */
  backend: string;
  engineVersion: string;
  /** record wall times (default true); false writes null so outputs are byte-identical */
  timings?: boolean;
  /** run cache folder, whose stages/ holds shared stage results (text runs' pi_ref); null: none */
  cacheDir?: string | null;
}

/** A group's shared stages, made: what each of its runs starts from. */
export interface KindGroup<C extends BaseRunConfig> {
  /** a numerical fault of a shared stage (a diverged reward model): every run of the group fails with it; null when none */
  readonly fault: string | null;
  /** one run's tables (a NumericalFault fails that run alone) */
  run(plan: KindPlan<C>): Promise<RunTables>;
  /** frees what the group holds (tensors) */
  dispose(): void;
}

/** The runs columns that say what a run ran on (the rest are the same for every kind). */
export interface KindColumns {
  /** runs.world */
  readonly world: string;
  /** runs.policy */
  readonly policy: string | null;
  /** runs.reward_source */
  readonly reward_source: string;
}

export interface WorldKind<C extends BaseRunConfig> {
  /** the run-config sections a spec of this kind may set, "seed" first */
  readonly sections: readonly string[];
  /** resolves a merged raw config (parsed JSON): unknown keys are errors, every default filled */
  normalize(raw: Record<string, unknown>): C;
  /** the stable id of a resolved config */
  runId(config: C): string;
  /** the key of the reward-model stage: runs with equal keys run as one group (spec/spec.ts groupRuns) */
  groupKey(config: C): string;
  /** the key of the run's world, the task its seeds are drawn over: runs with equal keys share it (`validate` counts worlds, `reseed-check` checks its seed sets share none) */
  worldKey(config: C): string;
  /**
   * The stages groups share across workers that are still to make (text: pi_ref, one per world), one
   * plan each; the executor makes them with `stage`, spread over the workers, into the stage cache,
   * before the groups start.
   */
  stagePlans?<P extends KindPlan<C>>(plans: readonly P[], cache: StageCache | null): P[];
  /** makes a plan's shared stage (into the cache when there is one); `log` reports its progress */
  stage?(plan: KindPlan<C>, cache: StageCache | null, log: (line: string) => void): Promise<void>;
  /** a group's shared stages: world, pairs, reward models */
  group(plans: readonly KindPlan<C>[], options: ExecuteOptions): Promise<KindGroup<C>>;
  columns(config: C): KindColumns;
  /** what a group is, for the progress line */
  describe(plans: readonly KindPlan<C>[]): string;
  /** the estimated cost of one pass over the world (best-of-n, KL tilt), unitless (schedule/shard.ts) */
  passCost(config: C): number;
}
