// The Policy and Reward interfaces are enough for sequences: RLOO and PPO run unchanged on a toy
// unigram language model (tests/fixtures/unigram-policy.ts) against a white-box reward, with its
// KL reported by the sampled k3 estimator.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {selectBackend} from "../../loaders/backend/backend.ts";
import {tf} from "../../loaders/tf.ts";
import {runPolicyGradient} from "../../loaders/optimize/policy-gradient.ts";
import type {PolicyGradientOptions} from "../../loaders/optimize/policy-gradient.ts";
import {rlooOptimizer, rlooUpdate} from "../../loaders/optimize/rloo.ts";
import {ppoOptimizer, ppoUpdate} from "../../loaders/optimize/ppo.ts";
import {objectives} from "../../loaders/reward/objectives.ts";
import type {Reward} from "../../loaders/reward/reward.ts";
import {worldPresets} from "../../loaders/worlds/presets.ts";
import {unigramPolicy} from "../fixtures/unigram-policy.ts";
import type {Tokens} from "../fixtures/unigram-policy.ts";

await selectBackend({env: {}, log: null});

const V = 6, L = 5, prompts = 4;
/** Share of token 0 in each sequence: the proxy a policy can game by repeating token 0. */
const share = (token: number) => (tokens: Tokens) => Float64Array.from({length: tokens.length / L}, (_, i) => tokens.subarray(i * L, (i + 1) * L).filter((t) => t === token).length / L);
const reward: Reward<Tokens> = {size: 1, source: "token_share", score: (tokens) => ({rewards: [share(0)(tokens)], sigmas: null})};
// Gold likes token 0 up to half the sequence, then penalises it: the proxy overoptimises it.
const gold = (tokens: Tokens) => share(0)(tokens).map((s) => s - 2 * Math.max(0, s - 0.5));
const world = {...worldPresets.heavy_tailed, prompts};
const raw = {batch_prompts: 2, samples_per_prompt: 8, learning_rate: 0.1, log_every: 10, kl_coef: 0.01, steps: 60};

async function train(update: "rloo" | "ppo", seed = 3) {
  const options: PolicyGradientOptions = update === "rloo" ? rlooOptimizer.normalize({name: "rloo", ...raw}, world) : ppoOptimizer.normalize({name: "ppo", ...raw}, world);
  const policy = unigramPolicy({vocabulary: V, length: L, prompts});
  const reference = reward.score(new Int32Array(0));
  const objective = objectives.single.start(null, await reference);
  try {
    const step = update === "rloo" ? rlooUpdate(options) : ppoUpdate({...options, ppo_epochs: 2, ppo_clip: 0.2, ppo_minibatches: 1});
    return await runPolicyGradient({policy, reward, objective, gold, seed}, options, step);
  } finally {
    policy.dispose();
  }
}

describe("policy gradient on a sequence policy through the Policy interface", () => {
  for (const algorithm of ["rloo", "ppo"] as const) {
    test(`${algorithm}: the proxy rises, sampled KL (k3) grows from 0, gold falls past its peak`, async () => {
      const {curve, snapshots} = await train(algorithm);
      assert.deepEqual(curve.map((c) => c.point), [0, 10, 20, 30, 40, 50, 60]);
      assert.ok(curve.every((c) => c.kl_method === "k3" && c.entropy === null));
      assert.ok(Math.abs(curve[0].kl) < 1e-6, `KL at pi_ref ${curve[0].kl}`);
      const last = curve.at(-1)!;
      assert.ok(last.proxy_reward > curve[0].proxy_reward + 0.3, `proxy ${curve[0].proxy_reward} -> ${last.proxy_reward}`);
      assert.ok(last.kl > 0.5, `KL ${last.kl}`);
      assert.ok(last.gold_reward < Math.max(...curve.map((c) => c.gold_reward)), "gold should peak before the end");
      assert.equal(snapshots.length, curve.length);
      assert.equal((await snapshots.at(-1)!.draw(0, 0.25)).length, L);
    });
  }

  test("same seed, same curve; another seed, another curve; no tensors leak", async () => {
    await train("rloo"); // warm-up
    const before = tf.memory().numTensors;
    const a = (await train("rloo")).curve;
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual((await train("rloo")).curve, a);
    assert.notDeepEqual((await train("rloo", 4)).curve, a);
  });
});
