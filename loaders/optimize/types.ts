import type {KlMethod, Policy, PolicySnapshot} from "../policy/policy.ts";
import type {ObjectiveState} from "../reward/objectives.ts";
import type {Reward} from "../reward/reward.ts";
import type {PoolItems} from "../worlds/pool.ts";
import type {World, WorldOptions} from "../worlds/feature-world.ts";

/** What an optimiser's options may depend on: the world's prompt count, and its pool size where responses come from a finite pool. */
export type OptimizerWorld = Pick<WorldOptions, "prompts"> & Partial<Pick<WorldOptions, "pool_size">>;

/** An optimiser's resolved options, as recorded in the run config: its name and its own fields. */
export type OptimizerConfig = {readonly name: string} & Readonly<Record<string, unknown>>;

/** What every pool optimiser gets: the world, the reward over its pool items and the objective's state. */
export interface OptimizerInput {
  readonly world: World;
  /** the proxy's members over pool items */
  readonly reward: Reward<PoolItems>;
  /** the objective, started on pi_0 (the whole pool) for this run */
  readonly objective: ObjectiveState;
  /** seed for anything random the optimiser does */
  readonly seed: number;
}

/** One row of the curves table, before run_id is attached. */
export interface CurvePoint {
  /** n for best-of-n, grid index for kl_tilt, step for policy gradient */
  readonly point: number;
  /** KL coefficient at this point (null for best-of-n) */
  readonly beta: number | null;
  /** KL(pi || pi_0) in nats, computed as `kl_method` says */
  readonly kl: number;
  readonly kl_method: KlMethod;
  /** sampled KL estimators (policy gradient only) */
  readonly kl_k1?: number | null;
  readonly kl_k2?: number | null;
  readonly kl_k3?: number | null;
  readonly proxy_reward: number;
  readonly gold_reward: number;
  readonly proxy_std: number | null;
  /** policy entropy in nats, averaged over prompts (null when not computed) */
  readonly entropy?: number | null;
  /** gold of the exact KL-regularised optimum of the run's proxy at this point's KL (pool policy gradient only) */
  readonly exact_gold_reward?: number | null;
}

/** What a policy-training optimiser trains (any `Policy`: a tilted pool policy, a language model) and against what. */
export interface PolicyTrainingInput<Y, S extends PolicySnapshot<Y>> {
  readonly policy: Policy<Y, S>;
  readonly reward: Reward<Y>;
  /** the objective's state for this run (it sees every sampled batch) */
  readonly objective: ObjectiveState;
  /** gold reward of responses, reported, never optimised */
  gold(responses: Y): Float64Array;
  /** seed of everything random in the loop */
  readonly seed: number;
}

/** A trained policy's curve, and its snapshot at each curve point. */
export interface PolicyTrainingResult<S> {
  readonly curve: CurvePoint[];
  readonly snapshots: S[];
}

export interface OptimizerResult {
  readonly curve: CurvePoint[];
  /** the policy at curve point `index` over prompt `prompt`'s pool: K probabilities */
  policy(index: number, prompt: number): Promise<Float64Array>;
}

/**
 * An optimiser with its resolved options of type C: `normalize` turns a spec's raw section into C
 * (defaults stated once, in C's JSDoc and in normalize), `run` takes exactly that C.
 */
export interface Optimizer<C extends {readonly name: string}> {
  readonly doc: string;
  /**
   * whether the run's proxy is standardised on pi_0 (mean 0, std 1 over the pool) before this
   * optimiser sees it, so that a KL coefficient weighs every objective on one scale (default false:
   * best-of-n is invariant to it and the KL tilt sweeps its own coefficients)
   */
  readonly standardizesProxy?: boolean;
  /** validates the optimizer's own fields (raw includes "name") and fills defaults; idempotent */
  normalize(raw: Readonly<Record<string, unknown>>, world: OptimizerWorld): C;
  run(input: OptimizerInput, options: C): Promise<OptimizerResult>;
  /** trains any Policy on its own samples (the policy-gradient optimisers): what a world without a finite pool (text) runs */
  trainPolicy?<Y, S extends PolicySnapshot<Y>>(input: PolicyTrainingInput<Y, S>, options: C): Promise<PolicyTrainingResult<S>>;
}

/** An optimiser bound to its resolved options. */
export interface PreparedOptimizer {
  /** the resolved options, as recorded in the run config */
  readonly config: OptimizerConfig;
  /** Optimizer.standardizesProxy */
  readonly standardizesProxy: boolean;
  run(input: OptimizerInput): Promise<OptimizerResult>;
  /** Optimizer.trainPolicy, bound to the options; absent for optimisers that only work over a pool */
  readonly trainPolicy?: <Y, S extends PolicySnapshot<Y>>(input: PolicyTrainingInput<Y, S>) => Promise<PolicyTrainingResult<S>>;
}

/** A registry entry: normalising binds the typed options to `run`, so no cast is ever needed. */
export interface OptimizerEntry {
  readonly doc: string;
  /** whether it trains any Policy (Optimizer.trainPolicy), so serves worlds without a finite pool */
  readonly trainsPolicy: boolean;
  prepare(raw: Readonly<Record<string, unknown>>, world: OptimizerWorld): PreparedOptimizer;
}

export function registerOptimizer<C extends {readonly name: string}>(optimizer: Optimizer<C>): OptimizerEntry {
  const {trainPolicy} = optimizer;
  return {
    doc: optimizer.doc,
    trainsPolicy: trainPolicy !== undefined,
    prepare(raw, world) {
      const config = optimizer.normalize(raw, world);
      return {
        config,
        standardizesProxy: optimizer.standardizesProxy ?? false,
        run: (input) => optimizer.run(input, config),
        ...(trainPolicy ? {trainPolicy: (input) => trainPolicy(input, config)} : {})
      };
    }
  };
}

/**
 * A non-finite loss, reward, gradient or KL. The run that meets one stops and is recorded as
 * failed (runs.status, runs.error); the other runs of the sweep go on.
 */
export class NumericalFault extends Error {
  override readonly name = "NumericalFault";
}

/** Throws a NumericalFault naming `what` and the first bad value unless every value is finite. */
export function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; ++i) {
    if (!Number.isFinite(values[i])) throw new NumericalFault(`non-finite ${what}: ${values[i]}${values.length > 1 ? ` at index ${i}` : ""}`);
  }
}
