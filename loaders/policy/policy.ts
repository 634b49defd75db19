/**
 * The Policy interface: everything the RL loops (optimize/policy-gradient.ts, rloo.ts, ppo.ts),
 * the KL controller and the evaluation use of a policy, and nothing more. A policy writes
 * responses of type Y (pool items for the tilted pool policy, token sequences for a language
 * model) to prompts given by index; it knows its frozen reference pi_ref, which the KL penalty is
 * measured against.
 */
import type {tf} from "../tf.ts";

/** A batch of sampled responses: S per prompt, row-major [B, S]. */
export interface Rollout<Y> {
  /** prompt indices [B] */
  readonly prompts: Int32Array;
  /** samples per prompt S */
  readonly samples: number;
  /** the responses, in a form the world's rewards can score */
  readonly responses: Y;
  /** log pi(y) under the policy that sampled them [B * S] */
  readonly logp: Float32Array;
  /** log pi_ref(y) under the frozen reference [B * S] */
  readonly refLogp: Float64Array;
  /** releases the rollout's tensors */
  dispose(): void;
}

/** How `kl` was computed: exactly by enumeration (per token for a language model) or by a named sampled estimator. */
export type KlMethod = "exact" | "exact_per_token" | "k1" | "k2" | "k3";

/** A policy's evaluation at one curve point. */
export interface PolicyEvaluation {
  /** KL(pi || pi_ref) in nats per response (summed over tokens for sequences) */
  readonly kl: number;
  readonly klMethod: KlMethod;
  /** the sampled estimators on `samples` fresh draws per prompt (research.md section 7) */
  readonly k1: number;
  readonly k2: number;
  readonly k3: number;
  /** entropy in nats per response, null when not computed */
  readonly entropy: number | null;
  /** E_pi of each column, averaged over prompts */
  readonly expectations: Float64Array;
}

/**
 * Per-response quantities to average under the policy (gold, the objective's columns, member
 * disagreement). `of` is called on the responses being evaluated: every response of an
 * enumerable policy once, or fresh samples otherwise.
 */
export interface Columns<Y> {
  of(responses: Y): Float64Array[] | Promise<Float64Array[]>;
}

/** A copy of the policy at a curve point, for drawing the samples table. */
export interface PolicySnapshot<Y> {
  /** one response to `prompt` drawn with the uniform u in [0, 1) */
  draw(prompt: number, u: number): Promise<Y>;
}

export interface Policy<Y, S extends PolicySnapshot<Y> = PolicySnapshot<Y>> {
  /** trainable parameters: the optimiser updates them in place, on the backend */
  readonly params: readonly tf.Variable[];
  /** prompts the policy can be asked about (indices 0 .. prompts - 1) */
  readonly prompts: number;
  /** S responses to each prompt, drawn with a seeded generator (Gumbel-max over seeded uniforms) */
  sample(prompts: Int32Array, samples: number, seed: number): Promise<Rollout<Y>>;
  /** log pi_theta(y) of rows [from, to) of a rollout, differentiable in `params` -> [to - from, S] */
  logProbs(rollout: Rollout<Y>, from?: number, to?: number): tf.Tensor2D;
  /**
   * log pi_theta(y) up to a constant per prompt, differentiable -> [B, S]: a cheaper tensor with
   * the same gradient as `logProbs` in any loss whose per-prompt weights sum to zero (leave-one-out
   * advantages). Policies without a cheaper form return `logProbs(rollout)`.
   */
  relativeLogProbs(rollout: Rollout<Y>): tf.Tensor2D;
  /** KL to the reference (exact where enumerable, else a named estimator), entropy and expectations */
  evaluate(columns: Columns<Y>, samples: number, seed: number): Promise<PolicyEvaluation>;
  /** a copy of the current parameters, for drawing samples later */
  snapshot(): Promise<S>;
  /** releases parameters and cached tensors */
  dispose(): void;
}
