/**
 * The policy-gradient optimisers on a pool world: the tilted pool policy (policy/pool-policy.ts)
 * trained by the shared loop (policy-gradient.ts) against the run's reward and objective.
 */
import {deriveSeed} from "../random.ts";
import {poolPolicy} from "../policy/pool-policy.ts";
import type {OptimizerInput, OptimizerResult} from "./types.ts";
import {runPolicyGradient} from "./policy-gradient.ts";
import type {PolicyGradientOptions, PolicyUpdate} from "./policy-gradient.ts";

export async function runPoolPolicyGradient({world, reward, objective, seed}: OptimizerInput, options: PolicyGradientOptions, update: PolicyUpdate): Promise<OptimizerResult> {
  const policy = poolPolicy(world, {architecture: options.policy, hidden: options.policy_hidden}, deriveSeed(seed, "policy"));
  try {
    const gold = (items: Int32Array) => Float64Array.from(items, (item) => world.gold[item]);
    const {curve, snapshots} = await runPolicyGradient({policy, reward, objective, gold, seed}, options, update);
    return {curve, policy: (index, prompt) => snapshots[index].probabilities(prompt)};
  } finally {
    policy.dispose();
  }
}
