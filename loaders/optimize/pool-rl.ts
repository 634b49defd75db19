/**
 * The policy-gradient optimisers on a pool world: the tilted pool policy (policy/pool-policy.ts)
 * trained by the shared loop (policy-gradient.ts) against the run's reward and objective.
 */
import {deriveSeed} from "../random.ts";
import {allItems} from "../worlds/pool.ts";
import {betaForKl, klTilt} from "./kl-tilt.ts";
import type {World} from "../worlds/feature-world.ts";
import {poolPolicy} from "../policy/pool-policy.ts";
import type {OptimizerInput, OptimizerResult} from "./types.ts";
import {runPolicyGradient} from "./policy-gradient.ts";
import type {PolicyGradientOptions, PolicyUpdate} from "./policy-gradient.ts";

export async function runPoolPolicyGradient({world, reward, objective, seed}: OptimizerInput, options: PolicyGradientOptions, update: PolicyUpdate): Promise<OptimizerResult> {
  // The run's proxy over pi_0's responses (the whole pool), as the objective starts.
  const proxy = objective.proxy(await reward.score(allItems(world.n)));
  if (options.kl_control === "exact_target") {
    // The coefficient on the proxy's own scale: the beta at which the exact KL-regularised
    // optimum of this proxy reaches kl_target.
    options = {...options, kl_coef: betaForKl(proxy, {prompts: world.prompts, poolSize: world.poolSize, kl: options.kl_target})};
  }
  const policy = poolPolicy(world, {architecture: options.policy, hidden: options.policy_hidden}, deriveSeed(seed, "policy"));
  try {
    const gold = (items: Int32Array) => Float64Array.from(items, (item) => world.gold[item]);
    const {curve, snapshots} = await runPolicyGradient({policy, reward, objective, gold, seed}, options, update);
    const exact = exactGoldAt(proxy, world);
    return {curve: curve.map((c) => ({...c, exact_gold_reward: exact(c.kl)})), policy: (index, prompt) => snapshots[index].probabilities(prompt)};
  } finally {
    policy.dispose();
  }
}

/**
 * The reference the policy's family is measured against: for a KL (nats), the gold of the exact
 * KL-regularised optimum of `proxy` (pi_0's responses, the whole pool) at that KL. 0 KL is pi_0;
 * a KL at or past the per-prompt argmax's gives the argmax's gold.
 */
export function exactGoldAt(proxy: Float64Array, world: Pick<World, "gold" | "prompts" | "poolSize">): (kl: number) => number {
  const at = (beta: number) => klTilt(proxy, {gold: world.gold}, {prompts: world.prompts, poolSize: world.poolSize, betas: [beta]})[0];
  const argmax = at(1e-8);
  return (kl) => {
    if (!(kl > 1e-9)) return at(1e12).values.gold;
    if (kl >= argmax.kl - 1e-9) return argmax.values.gold;
    return at(betaForKl(proxy, {prompts: world.prompts, poolSize: world.poolSize, kl})).values.gold;
  };
}
