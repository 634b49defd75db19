/**
 * The policy-gradient optimisers on a pool world: the tilted pool policy (policy/pool-policy.ts)
 * trained by the shared loop (policy-gradient.ts) against the run's reward and objective.
 */
import {deriveSeed} from "../random.ts";
import {allItems} from "../worlds/pool.ts";
import {betaForKl} from "./kl-tilt.ts";
import {poolPolicy} from "../policy/pool-policy.ts";
import type {OptimizerInput, OptimizerResult} from "./types.ts";
import {runPolicyGradient} from "./policy-gradient.ts";
import type {PolicyGradientOptions, PolicyUpdate} from "./policy-gradient.ts";

export async function runPoolPolicyGradient({world, reward, objective, seed}: OptimizerInput, options: PolicyGradientOptions, update: PolicyUpdate): Promise<OptimizerResult> {
  if (options.kl_control === "exact_target") {
    // The coefficient on the proxy's own scale: the beta at which the exact KL-regularised
    // optimum of this run's proxy (over pi_0's responses, the whole pool) reaches kl_target.
    const proxy = objective.proxy(await reward.score(allItems(world.n)));
    options = {...options, kl_coef: betaForKl(proxy, {prompts: world.prompts, poolSize: world.poolSize, kl: options.kl_target})};
  }
  const policy = poolPolicy(world, {architecture: options.policy, hidden: options.policy_hidden}, deriveSeed(seed, "policy"));
  try {
    const gold = (items: Int32Array) => Float64Array.from(items, (item) => world.gold[item]);
    const {curve, snapshots} = await runPolicyGradient({policy, reward, objective, gold, seed}, options, update);
    return {curve, policy: (index, prompt) => snapshots[index].probabilities(prompt)};
  } finally {
    policy.dispose();
  }
}
