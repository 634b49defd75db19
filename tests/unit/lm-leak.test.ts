// No tensor leaks over long RL runs on the language model, per backend: 100 RLOO steps with the
// KL penalty on (and the periodic evaluation), then PPO with several epochs and minibatches, on a
// tiny model (d_model 16, 1 layer) and world, through runPolicyGradient as the experiments run it.
import assert from "node:assert/strict";
import {test} from "node:test";
import {tf} from "../../loaders/tf.ts";
import {lmConfig} from "../../loaders/policy/lm/config.ts";
import {lmPolicy} from "../../loaders/policy/lm/lm-policy.ts";
import {disposeWeights, initWeights, toTensors} from "../../loaders/policy/lm/weights.ts";
import {runPolicyGradient} from "../../loaders/optimize/policy-gradient.ts";
import {rlooOptimizer, rlooUpdate} from "../../loaders/optimize/rloo.ts";
import {ppoOptimizer, ppoUpdate} from "../../loaders/optimize/ppo.ts";
import {objectives} from "../../loaders/reward/objectives.ts";
import {trainTextEmbedding} from "../../loaders/reward/text-embedding.ts";
import {whiteBoxReward} from "../../loaders/reward/white-box.ts";
import {goldRewards} from "../../loaders/worlds/text/gold.ts";
import {generateTextWorld} from "../../loaders/worlds/text/world.ts";
import {describeEachBackend} from "./backends.ts";

const world = generateTextWorld(2, {topics: 3, demonstrations: 60});
const config = lmConfig({vocab: world.vocabulary.words.length, context: world.layout.context, d_model: 16, layers: 1, heads: 2, mlp_ratio: 2});
const reward = whiteBoxReward(world, trainTextEmbedding(world, 3, {dims: 8}), {variant: "full"});
const prompts = world.train.slice(0, 4);
const promptCount = {prompts: prompts.length} as never;

/** Tensors alive after `steps` steps minus before (the reference is created and freed outside the count). */
async function leaked(algorithm: "rloo" | "ppo", steps: number): Promise<number> {
  const reference = toTensors(config, initWeights(config, 5));
  try {
    const before = tf.memory().numTensors;
    const policy = lmPolicy({world, config, reference, prompts});
    const raw = {batch_prompts: 2, samples_per_prompt: 2, learning_rate: 1e-3, kl_coef: 0.1, steps, log_every: Math.min(50, steps)};
    const options = algorithm === "rloo" ? rlooOptimizer.normalize({name: "rloo", ...raw}, promptCount) : ppoOptimizer.normalize({name: "ppo", ...raw, ppo_epochs: 2, ppo_minibatches: 2}, promptCount);
    const update = algorithm === "rloo" ? rlooUpdate(options) : ppoUpdate({ppo_epochs: 2, ppo_clip: 0.2, ppo_minibatches: 2, ...options});
    const objective = objectives.single.start(null, {rewards: [new Float64Array(0)], sigmas: null});
    try {
      const {curve} = await runPolicyGradient({policy, reward, objective, gold: (r) => goldRewards(world, r), seed: 7}, options, update);
      assert.equal(curve.at(-1)!.point, steps);
      assert.ok(curve.at(-1)!.kl > 0, `KL after ${steps} steps: ${curve.at(-1)!.kl}`);
    } finally {
      policy.dispose();
    }
    return tf.memory().numTensors - before;
  } finally {
    disposeWeights(reference);
  }
}

describeEachBackend("language model RL leaks no tensors", () => {
  test("RLOO, kl_coef 0.1, 100 steps of 2 prompts x 2 samples", async () => {
    const before = tf.memory().numTensors;
    assert.equal(await leaked("rloo", 100), 0);
    assert.equal(tf.memory().numTensors, before);
  });

  test("PPO, 2 epochs x 2 minibatches, 20 steps", async () => {
    const before = tf.memory().numTensors;
    assert.equal(await leaked("ppo", 20), 0);
    assert.equal(tf.memory().numTensors, before);
  });
});
