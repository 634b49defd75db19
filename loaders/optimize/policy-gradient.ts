/**
 * The loop shared by the policy-gradient optimisers (rloo.ts, ppo.ts): any `Policy` (a tilted
 * policy over a pool, a language model) trained on its own samples against an objective over a
 * `Reward`, with the KL penalty folded into the reward (Ziegler et al. 2019). Only the parameter
 * update differs between algorithms. Every `log_every` steps the policy is evaluated (KL to its
 * reference, exactly where the policy is enumerable; entropy; expected proxy, gold and ensemble
 * disagreement) and the sampled KL estimators k1, k2, k3 are logged next to it.
 */
import {deriveSeed, Rng} from "../random.ts";
import {checkKeys, fail, int, nullable, num, oneOf} from "../spec-validators.ts";
import type {tf} from "../tf.ts";
import type {Columns, Policy, PolicySnapshot, Rollout} from "../policy/policy.ts";
import {memberStd} from "../reward/aggregate.ts";
import type {ObjectiveState} from "../reward/objectives.ts";
import type {Reward} from "../reward/reward.ts";
import {klController} from "./kl-control.ts";
import type {KlControllerOptions} from "./kl-control.ts";
import {stepOptimizer} from "./step-optimizer.ts";
import type {StepOptimizer} from "./step-optimizer.ts";
import {checkFinite} from "./types.ts";
import type {CurvePoint, OptimizerWorld, PolicyTrainingInput, PolicyTrainingResult} from "./types.ts";

export interface PolicyGradientOptions extends KlControllerOptions {
  /** parameter updates (default 300) */
  readonly steps: number;
  /** prompts per batch, drawn without replacement each step (default min(8, world.prompts)) */
  readonly batch_prompts: number;
  /** responses sampled per prompt, >= 2 for the leave-one-out baseline (default 8) */
  readonly samples_per_prompt: number;
  /** "adam" (Kingma & Ba) or "sgd" (plain gradient steps, which follow the policy gradient's direction) (default "adam") */
  readonly policy_optimizer: "adam" | "sgd";
  /** step size of the policy optimiser (default 0.005) */
  readonly learning_rate: number;
  /** clip the policy gradient's global L2 norm to this before each step; null: no clipping (default null) */
  readonly max_grad_norm: number | null;
  /** evaluate and log a curve point every this many steps, plus the last step (default 10) */
  readonly log_every: number;
  /** policy score f_theta: "linear" or "mlp" (default "linear") */
  readonly policy: "linear" | "mlp";
  /** hidden units of the mlp policy (default 16) */
  readonly policy_hidden: number;
  /** scale advantages to mean 0, std 1 over each batch (default false for rloo, true for ppo) */
  readonly whiten_advantages: boolean;
}

/** Fields every policy-gradient optimizer accepts (besides "name"). */
export const policyGradientKeys = ["steps", "batch_prompts", "samples_per_prompt", "policy_optimizer", "learning_rate", "max_grad_norm", "kl_coef", "kl_control", "kl_target", "kl_horizon", "log_every", "policy", "policy_hidden", "whiten_advantages"] as const;

/** Validates the shared fields; `extra` names the algorithm's own fields (validated by the caller). */
export function normalizePolicyGradient(raw: Readonly<Record<string, unknown>>, world: OptimizerWorld, {extra = [], whiten = false}: {extra?: readonly string[]; whiten?: boolean} = {}): PolicyGradientOptions {
  checkKeys(raw, ["name", ...policyGradientKeys, ...extra], "optimizer");
  const steps = int(1, 1_000_000)(raw.steps ?? 300, "optimizer.steps");
  const kl_control = oneOf(["fixed", "adaptive", "exact_target"] as const)(raw.kl_control ?? "fixed", "optimizer.kl_control");
  const options: PolicyGradientOptions = {
    steps,
    batch_prompts: int(1, world.prompts)(raw.batch_prompts ?? Math.min(8, world.prompts), "optimizer.batch_prompts"),
    samples_per_prompt: int(2, 4096)(raw.samples_per_prompt ?? 8, "optimizer.samples_per_prompt"),
    policy_optimizer: oneOf(["adam", "sgd"] as const)(raw.policy_optimizer ?? "adam", "optimizer.policy_optimizer"),
    learning_rate: num(0, 1000, {openMin: true})(raw.learning_rate ?? 0.005, "optimizer.learning_rate"),
    max_grad_norm: nullable(num(0, 1e12, {openMin: true}))(raw.max_grad_norm ?? null, "optimizer.max_grad_norm"),
    // exact_target: 0 here; each run solves its own coefficient (curves.beta)
    kl_coef: kl_control === "exact_target" ? 0 : num(0, 1e6)(raw.kl_coef ?? 0.05, "optimizer.kl_coef"),
    kl_control,
    kl_target: num(0, 1e6, {openMin: true})(raw.kl_target ?? 1, "optimizer.kl_target"),
    kl_horizon: num(0, 1e12, {openMin: true})(raw.kl_horizon ?? 1000, "optimizer.kl_horizon"),
    log_every: int(1, steps)(raw.log_every ?? Math.min(10, steps), "optimizer.log_every"),
    policy: oneOf(["linear", "mlp"] as const)(raw.policy ?? "linear", "optimizer.policy"),
    policy_hidden: int(1, 4096)(raw.policy_hidden ?? 16, "optimizer.policy_hidden"),
    whiten_advantages: bool(raw.whiten_advantages ?? whiten, "optimizer.whiten_advantages")
  };
  if (options.batch_prompts * options.samples_per_prompt > 1 << 20) fail("optimizer.samples_per_prompt", options.samples_per_prompt, `at most ${Math.floor((1 << 20) / options.batch_prompts)} with batch_prompts = ${options.batch_prompts} (a batch holds at most ${1 << 20} responses)`);
  if (options.kl_control === "exact_target") {
    if (raw.kl_coef != null && raw.kl_coef !== 0) fail("optimizer.kl_coef", raw.kl_coef, 'null or absent when optimizer.kl_control is "exact_target" (the coefficient is solved per run from kl_target)');
    if (raw.kl_target === undefined) fail("optimizer.kl_target", raw.kl_target, 'a KL in nats when optimizer.kl_control is "exact_target" (the exact optimum\'s KL the coefficient is solved for)');
    if (!world.pool_size) fail("optimizer.kl_control", "exact_target", '"fixed" or "adaptive": "exact_target" needs a pool world, where the exact optimum can be enumerated');
    if (options.kl_target >= Math.log(world.pool_size)) fail("optimizer.kl_target", options.kl_target, `below ln(world.pool_size) = ${Math.log(world.pool_size).toFixed(3)} nats, the KL of the per-prompt argmax`);
  }
  if (options.kl_control === "adaptive" && options.kl_coef === 0) fail("optimizer.kl_coef", 0, "a positive initial coefficient when optimizer.kl_control is \"adaptive\" (0 never adapts)");
  return options;
}

const bool = (value: unknown, field: string): boolean => {
  if (typeof value !== "boolean") fail(field, value, "true or false");
  return value;
};

/** One step's rollouts, as the update sees them (B prompts, S samples each). */
export interface Batch<Y = unknown> {
  readonly B: number;
  readonly S: number;
  readonly policy: Policy<Y>;
  readonly rollout: Rollout<Y>;
  /** KL-shaped rewards R = r - beta * (log pi_old(y) - log pi_ref(y)) [B * S] */
  readonly rewards: Float32Array;
}

/** An algorithm's parameter update from one batch (RLOO: one step; PPO: epochs of clipped steps). */
export type PolicyUpdate = <Y>(batch: Batch<Y>, optimizer: StepOptimizer) => Promise<void>;

/** What the loop trains and against what (types.ts). */
export type PolicyGradientInput<Y, S extends PolicySnapshot<Y>> = PolicyTrainingInput<Y, S>;

/**
 * Runs a policy-gradient optimiser. Per step t = 0 .. steps - 1:
 *   1. draw batch_prompts prompts without replacement (seeded shuffle);
 *   2.-3. sample samples_per_prompt responses per prompt from the policy (seeded Gumbel-max),
 *      keeping log pi_old(y) and log pi_ref(y);
 *   4. score them with the reward's members, let the objective observe them (for
 *      uncertainty_penalized its running mean of sigma, this batch included) and take its proxy r;
 *   5. fold the KL penalty into the reward (Ziegler et al. 2019, section 2.2):
 *      R = r - beta * lr, lr = log pi_theta(y) - log pi_ref(y), beta the controller's current value;
 *   6. update the parameters (the algorithm's `update`);
 *   7. report the batch's mean lr (sampled k1) to the KL controller (fixed or adaptive).
 * A non-finite reward (4), log-ratio (5), or evaluated KL, entropy, proxy or gold throws a
 * NumericalFault (types.ts). Gradients stay on the device, unread: a non-finite one makes the
 * parameters non-finite, which the next step's log-ratios (5) or the next evaluation catch.
 * Curve point t (t = 0, log_every, ..., steps) is the policy after t updates; `snapshots[i]` is
 * the policy at curve point i.
 */
export async function runPolicyGradient<Y, S extends PolicySnapshot<Y>>(input: PolicyGradientInput<Y, S>, options: PolicyGradientOptions, update: PolicyUpdate): Promise<PolicyTrainingResult<S>> {
  const {policy, reward, objective, seed} = input;
  const {steps, batch_prompts: B, samples_per_prompt: samples, log_every} = options;
  const optimizer = stepOptimizer(options);
  const controller = klController(options);
  const promptRng = new Rng(deriveSeed(seed, "prompts"));
  const order = Int32Array.from({length: policy.prompts}, (_, i) => i);
  const curve: CurvePoint[] = [];
  const snapshots: S[] = [];

  // Evaluated per response: gold, the objective's columns, and member disagreement.
  let objectiveColumns = 0;
  const columns: Columns<Y> = {
    async of(responses) {
      const scores = await reward.score(responses);
      const own = objective.columns(scores);
      objectiveColumns = own.length;
      const std = memberStd(scores.rewards);
      return [input.gold(responses), ...own, ...(std ? [std] : [])];
    }
  };

  const evaluate = async (t: number): Promise<void> => {
    const e = await policy.evaluate(columns, samples, deriveSeed(seed, "evaluate", t));
    checkFinite(e.expectations, `proxy or gold reward at step ${t}`);
    checkFinite([e.kl, ...[e.k1, e.k2, e.k3, e.entropy].filter((v): v is number => typeof v === "number")], `KL or entropy at step ${t}`);
    curve.push({
      point: t,
      beta: controller.value,
      kl: e.kl,
      kl_method: e.klMethod,
      kl_k1: e.k1,
      kl_k2: e.k2,
      kl_k3: e.k3,
      proxy_reward: objective.expected(e.expectations.subarray(1, 1 + objectiveColumns)),
      gold_reward: e.expectations[0],
      proxy_std: reward.size > 1 ? e.expectations[1 + objectiveColumns] : null,
      entropy: e.entropy
    });
    snapshots.push(await policy.snapshot());
  };

  try {
    for (let t = 0; ; ++t) {
      if (t % log_every === 0 || t === steps) await evaluate(t);
      if (t === steps) break;

      // 1. Prompts for this batch.
      promptRng.shuffle(order);
      const prompts = order.slice(0, B);

      // 2.-3. Samples and their log-probabilities under the policy and its reference.
      const rollout = await policy.sample(prompts, samples, deriveSeed(seed, "rollout", t));
      try {
        // 4. Rewards of the sampled responses.
        const scores = await reward.score(rollout.responses);
        objective.observe(scores);
        const r = objective.proxy(scores);
        checkFinite(r, `proxy reward at step ${t}`);

        // 5. KL-shaped reward.
        const beta = controller.value;
        const rewards = new Float32Array(B * samples);
        let lrSum = 0;
        for (let i = 0; i < B * samples; ++i) {
          const lr = rollout.logp[i] - rollout.refLogp[i];
          lrSum += lr;
          rewards[i] = r[i] - beta * lr;
        }

        checkFinite([lrSum], `log-ratio log pi - log pi_ref (KL) at step ${t}`);

        // 6. The algorithm's update.
        await update({B, S: samples, policy, rollout, rewards}, optimizer);

        // 7. KL controller.
        controller.update(lrSum / (B * samples), B * samples);
      } finally {
        rollout.dispose();
      }
    }
  } finally {
    optimizer.dispose(); // Adam's moments, even when a step throws
  }
  return {curve, snapshots};
}

/**
 * Leave-one-out baseline per prompt: A_bs = R_bs - mean_{s' != s} R_bs' = S / (S - 1) (R_bs - mean_s R_bs);
 * with `whiten`, then divided by their std over the batch (their mean is already 0 per prompt,
 * so the leave-one-out structure, and the fixed points of the update, are kept).
 */
export function leaveOneOutAdvantages(rewards: ArrayLike<number>, B: number, S: number, {whiten = false}: {whiten?: boolean} = {}): Float32Array {
  const A = new Float32Array(B * S);
  for (let b = 0; b < B; ++b) {
    let mean = 0;
    for (let s = 0; s < S; ++s) mean += rewards[b * S + s];
    mean /= S;
    for (let s = 0; s < S; ++s) A[b * S + s] = (S / (S - 1)) * (rewards[b * S + s] - mean);
  }
  if (whiten) {
    let ss = 0;
    for (const a of A) ss += a * a;
    const scale = 1 / (Math.sqrt(ss / A.length) + 1e-8);
    for (let i = 0; i < A.length; ++i) A[i] *= scale;
  }
  return A;
}
