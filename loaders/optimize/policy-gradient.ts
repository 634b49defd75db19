/**
 * The loop shared by the policy-gradient optimisers (rloo.ts, ppo.ts): a tilted policy over each
 * prompt's pool (policy/tilted.ts) trained on sampled responses with the KL penalty folded into
 * the reward (Ziegler et al. 2019). Only the parameter update differs between algorithms.
 * Every `log_every` steps the policy is evaluated *exactly* over the whole pool (KL, entropy,
 * expected proxy, gold and ensemble disagreement) and the sampled KL estimators k1, k2, k3 are
 * logged next to the exact KL.
 */
import {deriveSeed, Rng} from "../random.ts";
import {checkKeys, fail, int, nullable, num, oneOf} from "../fields.ts";
import {readAndDispose, tf} from "../tf.ts";
import type {WorldOptions} from "../worlds/synthetic.ts";
import {policyFeatures} from "../policy/features.ts";
import {Adam, Sgd} from "../policy/optimizers.ts";
import type {StepOptimizer} from "../policy/optimizers.ts";
import {gumbelMax} from "../policy/sample.ts";
import {gatherRows, initPolicy, policyLogProbs, snapshotPolicy, snapshotProbabilities} from "../policy/tilted.ts";
import {klController} from "./kl-control.ts";
import type {KlControllerOptions} from "./kl-control.ts";
import {klEstimates, poolKlAndEntropy} from "./kl-estimators.ts";
import type {CurvePoint, OptimizerInput, OptimizerResult} from "./types.ts";

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
export function normalizePolicyGradient(raw: Readonly<Record<string, unknown>>, world: WorldOptions, {extra = [], whiten = false}: {extra?: readonly string[]; whiten?: boolean} = {}): PolicyGradientOptions {
  checkKeys(raw, ["name", ...policyGradientKeys, ...extra], "optimizer");
  const steps = int(1, 1_000_000)(raw.steps ?? 300, "optimizer.steps");
  const options: PolicyGradientOptions = {
    steps,
    batch_prompts: int(1, world.prompts)(raw.batch_prompts ?? Math.min(8, world.prompts), "optimizer.batch_prompts"),
    samples_per_prompt: int(2, 4096)(raw.samples_per_prompt ?? 8, "optimizer.samples_per_prompt"),
    policy_optimizer: oneOf(["adam", "sgd"] as const)(raw.policy_optimizer ?? "adam", "optimizer.policy_optimizer"),
    learning_rate: num(0, 1000, {openMin: true})(raw.learning_rate ?? 0.005, "optimizer.learning_rate"),
    max_grad_norm: nullable(num(0, 1e12, {openMin: true}))(raw.max_grad_norm ?? null, "optimizer.max_grad_norm"),
    kl_coef: num(0, 1e6)(raw.kl_coef ?? 0.05, "optimizer.kl_coef"),
    kl_control: oneOf(["fixed", "adaptive"] as const)(raw.kl_control ?? "fixed", "optimizer.kl_control"),
    kl_target: num(0, 1e6, {openMin: true})(raw.kl_target ?? 1, "optimizer.kl_target"),
    kl_horizon: num(0, 1e12, {openMin: true})(raw.kl_horizon ?? 1000, "optimizer.kl_horizon"),
    log_every: int(1, steps)(raw.log_every ?? Math.min(10, steps), "optimizer.log_every"),
    policy: oneOf(["linear", "mlp"] as const)(raw.policy ?? "linear", "optimizer.policy"),
    policy_hidden: int(1, 4096)(raw.policy_hidden ?? 16, "optimizer.policy_hidden"),
    whiten_advantages: bool(raw.whiten_advantages ?? whiten, "optimizer.whiten_advantages")
  };
  if (options.kl_control === "adaptive" && options.kl_coef === 0) fail("optimizer.kl_coef", 0, "a positive initial coefficient when optimizer.kl_control is \"adaptive\" (0 never adapts)");
  return options;
}

const bool = (value: unknown, field: string): boolean => {
  if (typeof value !== "boolean") fail(field, value, "true or false");
  return value;
};

/** One step's rollouts, as the update sees them (B prompts, S samples each, K responses per pool). */
export interface Batch {
  readonly B: number;
  readonly S: number;
  /** features of the batch's pools [B, K, D] */
  readonly z: tf.Tensor3D;
  /** features of the sampled responses [B, S, D] */
  readonly responses: tf.Tensor3D;
  /** log pi_old(y) of the sampled responses [B * S] (row-major [B, S]) */
  readonly logpOld: Float32Array;
  /** KL-shaped rewards R = r - beta * (log pi_old(y) - log pi_0(y)) [B * S] */
  readonly rewards: Float32Array;
}

/** The trainable state an update changes. */
export interface Learner {
  readonly params: tf.Variable[];
  readonly optimizer: StepOptimizer;
}

/** An algorithm's parameter update from one batch (RLOO: one step; PPO: epochs of clipped steps). */
export type PolicyUpdate = (batch: Batch, learner: Learner) => Promise<void>;

/**
 * Runs a policy-gradient optimiser on the input's proxy. Per step t = 0 .. steps - 1:
 *   1. draw batch_prompts prompts without replacement (seeded shuffle);
 *   2. log pi_theta over their pools, exactly (log-softmax over K);
 *   3. sample samples_per_prompt responses per prompt by Gumbel-max over seeded uniforms;
 *   4. score them with the objective's reward r; for uncertainty_penalized (Zhai et al. 2023)
 *      r = nominal - beta2 * (sigma - m), m the running mean of sigma over all sampled responses
 *      so far, this batch included;
 *   5. fold the KL penalty into the reward (Ziegler et al. 2019, section 2.2):
 *      R = r - beta * lr, lr = log pi_theta(y) - log pi_0(y), beta the controller's current value;
 *   6. update the parameters (the algorithm's `update`);
 *   7. report the batch's mean lr (sampled k1) to the KL controller (fixed or adaptive).
 * Curve point t (t = 0, log_every, ..., steps) is the policy after t updates.
 */
export async function runPolicyGradient(input: OptimizerInput, options: PolicyGradientOptions, update: PolicyUpdate): Promise<OptimizerResult> {
  const {world, seed} = input;
  const {steps, batch_prompts: B, samples_per_prompt: S, learning_rate, log_every} = options;
  const {prompts: P, poolSize: K, dims: D} = world;
  const logK = Math.log(K);
  const reward = input.penalty?.reward ?? input.proxy;
  const sigma = input.penalty?.sigma ?? null;
  const coefficient = input.penalty?.coefficient ?? 0;
  const sigmaPi0 = sigma ? sigma.reduce((s, v) => s + v, 0) / sigma.length : 0;

  const z = policyFeatures(world); // [P * K, D]
  const zAll = tf.tensor3d(z, [P, K, D]); // [P, K, D]
  const columns = [world.gold, reward, ...(sigma ? [sigma] : []), ...(input.memberStd ? [input.memberStd] : [])];
  const quantities = tf.tidy(() => tf.stack(columns.map((c) => tf.tensor2d(Float32Array.from(c), [P, K])))) as tf.Tensor3D; // [Q, P, K]
  const params = initPolicy(D, {architecture: options.policy, hidden: options.policy_hidden}, deriveSeed(seed, "policy"));
  const shapes = params.map((p) => p.shape.slice());
  const {max_grad_norm} = options;
  const optimizer = options.policy_optimizer === "sgd" ? new Sgd({learning_rate, max_grad_norm}) : new Adam({learning_rate, max_grad_norm});
  const controller = klController(options);
  const promptRng = new Rng(deriveSeed(seed, "prompts"));
  const order = Int32Array.from({length: P}, (_, i) => i);
  let sigmaSum = 0;
  let sigmaCount = 0;
  const curve: CurvePoint[] = [];
  const snapshots: Float32Array[][] = [];

  const evaluate = async (t: number): Promise<void> => {
    const [summary, logProbs, draws] = tf.tidy(() => {
      const logp = policyLogProbs(params, zAll); // [P, K]
      const {kl, entropy} = poolKlAndEntropy(logp); // [P], [P]
      const expectations = tf.mean(tf.sum(tf.mul(tf.expandDims(tf.exp(logp), 0), quantities), 2), 1); // [Q]
      return [tf.concat([tf.stack([tf.mean(kl), tf.mean(entropy)]), expectations]), logp, gumbelMax(logp, S, deriveSeed(seed, "evaluate", t))];
    });
    const s = await readAndDispose(summary);
    const logp = await readAndDispose(logProbs); // [P * K]
    const y = await readAndDispose(draws); // [P * S]
    const lr = Float64Array.from(y, (k, i) => logp[Math.floor(i / S) * K + k] + logK); // sampled log ratios vs pi_0

    const {k1, k2, k3} = klEstimates(lr);
    const m = sigmaCount > 0 ? sigmaSum / sigmaCount : sigmaPi0;
    const expectedSigma = sigma ? s[4] : 0;
    curve.push({
      point: t,
      beta: controller.value,
      kl: s[0],
      kl_k1: k1,
      kl_k2: k2,
      kl_k3: k3,
      proxy_reward: s[3] - coefficient * (expectedSigma - m),
      gold_reward: s[2],
      proxy_std: input.memberStd ? s[s.length - 1] : null,
      entropy: s[1]
    });
    snapshots.push(await snapshotPolicy(params));
  };

  try {
    for (let t = 0; ; ++t) {
      if (t % log_every === 0 || t === steps) await evaluate(t);
      if (t === steps) break;

      // 1. Prompts for this batch.
      promptRng.shuffle(order);
      const prompts = order.slice(0, B);

      // 2.-3. Exact log-probabilities of the batch's pools, then S Gumbel-max draws per prompt.
      const zCopy = new Float32Array(B * K * D);
      prompts.forEach((p, b) => zCopy.set(z.subarray(p * K * D, (p + 1) * K * D), b * K * D));
      const zBatch = tf.tensor3d(zCopy, [B, K, D]); // [B, K, D]
      const [logProbs, draws] = tf.tidy(() => {
        const logp = policyLogProbs(params, zBatch); // [B, K]
        return [logp, gumbelMax(logp, S, deriveSeed(seed, "rollout", t))]; // [B, K], [B, S]
      });
      const logp = await readAndDispose(logProbs);
      const responses = await readAndDispose(draws);
      const items = Int32Array.from(responses, (k, i) => prompts[Math.floor(i / S)] * K + k); // [B * S] pool items
      const logpOld = Float32Array.from(responses, (k, i) => logp[Math.floor(i / S) * K + k]); // [B * S]
      const zResponses = tf.tensor3d(gatherRows(z, D, items), [B, S, D]); // [B, S, D]

      // 4. Rewards of the sampled responses (running mean of sigma first, this batch included).
      if (sigma) {
        for (const item of items) sigmaSum += sigma[item];
        sigmaCount += B * S;
      }
      const m = sigmaCount > 0 ? sigmaSum / sigmaCount : sigmaPi0;
      // 5. KL-shaped reward.
      const beta = controller.value;
      const rewards = new Float32Array(B * S);
      let lrSum = 0;
      for (let i = 0; i < B * S; ++i) {
        const item = items[i];
        const r = sigma ? reward[item] - coefficient * (sigma[item] - m) : reward[item];
        const lr = logpOld[i] + logK;
        lrSum += lr;
        rewards[i] = r - beta * lr;
      }

      // 6. The algorithm's update.
      try {
        await update({B, S, z: zBatch, responses: zResponses, logpOld, rewards}, {params, optimizer});
      } finally {
        tf.dispose([zBatch, zResponses]);
      }

      // 7. KL controller.
      controller.update(lrSum / (B * S), B * S);
    }
  } finally {
    tf.dispose([zAll, quantities, ...params]);
  }

  return {
    curve,
    policy: (index, prompt) => snapshotProbabilities(snapshots[index], shapes, z.subarray(prompt * K * D, (prompt + 1) * K * D), K)
  };
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
