import type {World} from "../worlds/synthetic.ts";
import type {WorldOptions} from "../worlds/synthetic.ts";

/** What every optimiser gets: the world and the proxy it optimises, per pool item (P * K). */
export interface OptimizerInput {
  readonly world: World;
  /** the objective's proxy reward for each pool item */
  readonly proxy: Float64Array;
  /** standardised rewards of each ensemble member, [m][item] */
  readonly memberRewards: readonly Float64Array[];
  /** per-item std across members (null for one member) */
  readonly memberStd: Float64Array | null;
  /** seed for anything random the optimiser does */
  readonly seed: number;
  /**
   * Set for objectives whose reward changes during optimisation (uncertainty_penalized, Zhai et
   * al. 2023): reward r and uncertainty sigma per item, and the coefficient beta2. Policy-gradient
   * optimisers then reward r - beta2 * (sigma - running mean of sigma over sampled responses);
   * the others optimise `proxy`, the same with pi_0's mean of sigma.
   */
  readonly penalty?: {readonly reward: Float64Array; readonly sigma: Float64Array; readonly coefficient: number};
}

/** One row of the curves table, before run_id is attached. */
export interface CurvePoint {
  /** n for best-of-n, grid index for kl_tilt, step for policy gradient */
  readonly point: number;
  /** KL coefficient at this point (null for best-of-n) */
  readonly beta: number | null;
  /** KL(pi || pi_0) in nats: analytic (best-of-n) or exact over the pool */
  readonly kl: number;
  /** sampled KL estimators (policy gradient only) */
  readonly kl_k1?: number | null;
  readonly kl_k2?: number | null;
  readonly kl_k3?: number | null;
  readonly proxy_reward: number;
  readonly gold_reward: number;
  readonly proxy_std: number | null;
  /** policy entropy in nats, averaged over prompts (null when not computed) */
  readonly entropy?: number | null;
}

export interface OptimizerResult {
  readonly curve: CurvePoint[];
  /** the policy at curve point `index` over prompt `prompt`'s pool: K probabilities */
  policy(index: number, prompt: number): Float64Array | Promise<Float64Array>;
}

export interface Optimizer {
  readonly doc: string;
  /** validates the optimizer's own fields (raw includes "name") and fills defaults */
  normalize(raw: Readonly<Record<string, unknown>>, world: WorldOptions): Record<string, unknown>;
  /** may resolve asynchronously: tensor read-backs are asynchronous on GPU backends */
  run(input: OptimizerInput, options: Readonly<Record<string, unknown>>): OptimizerResult | Promise<OptimizerResult>;
}
