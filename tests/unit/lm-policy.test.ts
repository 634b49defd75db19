// Supervised fine-tuning makes the reference policy, and RL runs on the language model through
// the Policy interface: RLOO and PPO via runPolicyGradient against white-box rewards, KL reported
// exactly per token, and no tensors leak.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {selectBackend} from "../../loaders/backend/backend.ts";
import {tf} from "../../loaders/tf.ts";
import {lmPolicy} from "../../loaders/policy/lm/lm-policy.ts";
import {trainReference} from "../../loaders/policy/lm/reference.ts";
import {evaluateLoss, textSequences} from "../../loaders/policy/lm/sft.ts";
import {disposeWeights, initWeights, toTensors} from "../../loaders/policy/lm/weights.ts";
import {runPolicyGradient} from "../../loaders/optimize/policy-gradient.ts";
import {rlooOptimizer, rlooUpdate} from "../../loaders/optimize/rloo.ts";
import {ppoOptimizer, ppoUpdate} from "../../loaders/optimize/ppo.ts";
import {objectives} from "../../loaders/reward/objectives.ts";
import {trainTextEmbedding} from "../../loaders/reward/text-embedding.ts";
import {whiteBoxReward} from "../../loaders/reward/white-box.ts";
import type {RerVariant} from "../../loaders/reward/white-box.ts";
import {goldRewards} from "../../loaders/worlds/text/gold.ts";
import {demonstrationResponses, generateTextWorld, writeDemonstrations} from "../../loaders/worlds/text/world.ts";

await selectBackend({env: {}, log: null});

const world = generateTextWorld(1, {demonstrations: 1200});
const heldout = textSequences(world, demonstrationResponses(world, writeDemonstrations(world, world.heldout, 256, 99)));
const P = world.layout.promptWidth;
const reference = await trainReference(world, {seed: 4, sft: {steps: 80, batch: 16, learning_rate: 5e-3, log_every: 20}});
const embedding = trainTextEmbedding(world, 3);
const prompts = world.train.slice(0, 16);

async function train(algorithm: "rloo" | "ppo", variant: RerVariant, steps: number, seed = 3) {
  const reward = whiteBoxReward(world, embedding, {variant});
  const policy = lmPolicy({world, config: reference.config, reference: reference.weights, prompts});
  const raw = {batch_prompts: 4, samples_per_prompt: 8, learning_rate: 2e-3, log_every: Math.min(10, steps), kl_coef: 0.01, steps};
  const w = {prompts: prompts.length} as never;
  const options = algorithm === "rloo" ? rlooOptimizer.normalize({name: "rloo", whiten_advantages: true, ...raw}, w) : ppoOptimizer.normalize({name: "ppo", ...raw}, w);
  const update = algorithm === "rloo" ? rlooUpdate(options) : ppoUpdate({...options, ppo_epochs: 2, ppo_clip: 0.2, ppo_minibatches: 1});
  const objective = objectives.single.start(null, {rewards: [new Float64Array(0)], sigmas: null});
  try {
    return await runPolicyGradient({policy, reward, objective, gold: (r) => goldRewards(world, r), seed}, options, update);
  } finally {
    policy.dispose();
  }
}

describe("language model: supervised fine-tuning and RL through the Policy interface", () => {
  test("SFT lowers the loss on held-out prompts' demonstrations", async () => {
    const config = reference.config;
    const initial = toTensors(config, initWeights(config, 4));
    const before = await evaluateLoss(config, initial, heldout, P);
    const after = await evaluateLoss(config, reference.weights, heldout, P);
    disposeWeights(initial);
    assert.ok(before > Math.log(world.vocabulary.words.length) - 0.5, `initial loss ${before}`);
    assert.ok(after < before - 2, `held-out loss ${before} -> ${after}`);
    assert.ok(reference.losses.at(-1)!.loss < reference.losses[0].loss, JSON.stringify(reference.losses));
  });

  test("RLOO on LI alone: the proxy rises and gold falls over 20 steps, KL is exact per token and starts at 0, no tensors leak", async () => {
    const before = tf.memory().numTensors;
    const {curve, snapshots} = await train("rloo", "li", 20);
    assert.equal(tf.memory().numTensors, before, "tensors leaked");
    assert.deepEqual(curve.map((c) => c.point), [0, 10, 20]);
    assert.ok(curve.every((c) => c.kl_method === "exact_per_token" && (c.entropy ?? 0) > 0));
    assert.ok(Math.abs(curve[0].kl) < 1e-4, `KL at pi_ref ${curve[0].kl}`);
    assert.ok(Math.abs(curve[0].kl_k1 ?? NaN) < 1e-3, `k1 at pi_ref ${curve[0].kl_k1}`);
    assert.ok(curve[2].kl > 0, `KL ${curve[2].kl}`);
    assert.ok(curve[2].proxy_reward > curve[0].proxy_reward + 0.01, `proxy ${curve.map((c) => c.proxy_reward)}`);
    // Length alone is gamed (research.md section 1): responses run on past <eos>, and gold falls.
    assert.ok(curve[2].gold_reward < curve[0].gold_reward, `gold ${curve.map((c) => c.gold_reward)}`);
    const drawn = await snapshots[2].draw(0, 0.5);
    assert.equal(drawn.tokens.length, world.layout.responseWidth);
    assert.equal(drawn.prompts[0], prompts[0]);
    // Checkpoints answer any prompts (held-out ones) at the evaluation temperature, reproducibly.
    const before2 = tf.memory().numTensors;
    const heldoutPrompts = world.heldout.slice(0, 3);
    const a = await snapshots[2].respond(heldoutPrompts, 2, {seed: 8});
    assert.deepEqual(Array.from(a.prompts), [0, 0, 1, 1, 2, 2].map((i) => heldoutPrompts[i]));
    assert.deepEqual(await snapshots[2].respond(heldoutPrompts, 2, {seed: 8}), a);
    assert.notDeepEqual((await snapshots[0].respond(heldoutPrompts, 2, {seed: 8})).tokens, a.tokens);
    assert.equal(tf.memory().numTensors, before2, "snapshots leak no tensors");
  });

  test("PPO on the full RER reward runs and leaks nothing; same seed, same curve", async () => {
    const before = tf.memory().numTensors;
    const a = await train("ppo", "full", 4, 5);
    assert.equal(tf.memory().numTensors, before, "tensors leaked");
    const b = await train("ppo", "full", 4, 5);
    assert.deepEqual(b.curve, a.curve);
  });
});
