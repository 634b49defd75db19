import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {describeEachBackend} from "./backends.ts";
import {Rng, deriveSeed} from "../../loaders/random.ts";
import {tf} from "../../loaders/tf.ts";
import {worldPresets} from "../../loaders/worlds/presets.ts";
import {generateWorld} from "../../loaders/worlds/synthetic.ts";
import {SpecError} from "../../loaders/run/fields.ts";
import {ppoOptimizer, ppoUpdate} from "../../loaders/optimize/ppo.ts";
import type {PpoOptions} from "../../loaders/optimize/ppo.ts";
import {rlooOptimizer} from "../../loaders/optimize/rloo.ts";
import {benchRlStep} from "../../loaders/optimize/rl-bench.ts";
import {initPolicy} from "../../loaders/policy/tilted.ts";
import {Adam} from "../../loaders/policy/optimizers.ts";
import type {OptimizerInput} from "../../loaders/optimize/types.ts";

describeEachBackend("rl-loop", () => {
  const worldOptions = {...worldPresets.heavy_tailed, prompts: 4, pool_size: 32, nuisance_dims: 4};
  const world = generateWorld(worldOptions, deriveSeed(1, "world"));
  const rng = new Rng(5);
  const w = Float64Array.from({length: world.dims}, () => rng.normal());
  const proxy = Float64Array.from({length: world.n}, (_, i) => {
    let s = 0;
    for (let j = 0; j < world.dims; ++j) s += w[j] * world.features[i * world.dims + j];
    return s / 3;
  });
  const sigma = Float64Array.from({length: world.n}, (_, i) => Math.abs(world.features[i * world.dims + world.dims - 1]));
  const input: OptimizerInput = {world, proxy, memberRewards: [proxy], memberStd: null, seed: 42};
  const options = (raw: Record<string, unknown>, optimizer = rlooOptimizer) => optimizer.normalize({name: "rloo", batch_prompts: 2, samples_per_prompt: 4, learning_rate: 0.05, log_every: 5, ...raw}, worldOptions);

  describe("policy-gradient loop", () => {
    test("same seed -> the same curve; another seed -> another curve", async () => {
      const o = options({steps: 20});
      const a = (await rlooOptimizer.run(input, o)).curve;
      const b = (await rlooOptimizer.run(input, o)).curve;
      assert.deepEqual(a, b);
      const c = (await rlooOptimizer.run({...input, seed: 43}, o)).curve;
      assert.notDeepEqual(a, c);
    });

    test("logs point 0 at pi_0 (KL 0, entropy log K), every log_every steps, and the last step", async () => {
      const {curve, policy} = await rlooOptimizer.run(input, options({steps: 12}));
      assert.deepEqual(curve.map((c) => c.point), [0, 5, 10, 12]);
      assert.ok(Math.abs(curve[0].kl) < 1e-5);
      assert.ok(Math.abs((curve[0].entropy ?? 0) - Math.log(32)) < 1e-4);
      assert.ok(Math.abs(curve[0].kl_k1 ?? 1) < 1e-5 && Math.abs(curve[0].kl_k3 ?? 1) < 1e-5);
      for (const c of curve) {
        assert.equal(c.beta, 0.05);
        assert.ok((c.kl_k3 ?? -1) >= 0 && (c.kl_k2 ?? -1) >= 0);
      }
      const p = await policy(3, 1);
      assert.equal(p.length, 32);
      assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-5);
      const p0 = await policy(0, 1);
      for (const v of p0) assert.ok(Math.abs(v - 1 / 32) < 1e-6);
    });

    test("the proxy rises under optimisation", async () => {
      const {curve} = await rlooOptimizer.run(input, options({steps: 60, kl_coef: 0.01}));
      assert.ok(curve.at(-1)!.proxy_reward > curve[0].proxy_reward + 0.3, `${curve[0].proxy_reward} -> ${curve.at(-1)!.proxy_reward}`);
      assert.ok(curve.at(-1)!.kl > 0.1);
    });

    test("no tensors leak over 100 steps (rloo, ppo, mlp policy, adaptive KL, uncertainty penalty)", async () => {
      const runs = [
        () => rlooOptimizer.run(input, options({steps: 100})),
        () => ppoOptimizer.run(input, options({name: "ppo", steps: 100, kl_control: "adaptive", kl_target: 0.5}, ppoOptimizer)),
        () => rlooOptimizer.run({...input, penalty: {reward: proxy, sigma, coefficient: 0.5}}, options({steps: 100, policy: "mlp", policy_hidden: 4}))
      ];
      for (const run of runs) {
        await run(); // warm-up: kernels and caches allocate once
        const before = tf.memory().numTensors;
        const result = await run();
        await result.policy(result.curve.length - 1, 0);
        assert.equal(tf.memory().numTensors, before);
      }
    });

    test("adaptive KL control raises beta while the KL is above target", async () => {
      const {curve} = await ppoOptimizer.run(input, options({name: "ppo", steps: 40, kl_coef: 0.01, kl_control: "adaptive", kl_target: 0.05, kl_horizon: 20, learning_rate: 0.1}, ppoOptimizer));
      assert.ok(curve.at(-1)!.beta! > 0.01, `beta ${curve.at(-1)!.beta}`);
    });

    test("uncertainty penalty: the proxy logged is r - beta2 (sigma - running mean), equal to E[r] at pi_0", async () => {
      const penalised = (await rlooOptimizer.run({...input, penalty: {reward: proxy, sigma, coefficient: 0.5}}, options({steps: 10}))).curve;
      const plain = (await rlooOptimizer.run(input, options({steps: 10}))).curve;
      assert.ok(Math.abs(penalised[0].proxy_reward - plain[0].proxy_reward) < 1e-6);
    });
  });

  describe("PPO", () => {
    test("one PPO update changes the parameters", async () => {
      const o = options({name: "ppo"}, ppoOptimizer) as unknown as PpoOptions;
      const params = initPolicy(world.dims, {architecture: "linear"}, 1);
      const before = Float32Array.from(params[0].dataSync());
      const K = world.poolSize, D = world.dims, B = 2, S = 4;
      const z = tf.tensor3d(world.features.subarray(0, B * K * D), [B, K, D]);
      const picks = [0, 3, 5, 7, 1, 2, 9, 30];
      const responses = tf.tensor3d(Float32Array.from({length: B * S * D}, (_, i) => world.features[(Math.floor(i / D / S) * K + picks[Math.floor(i / D)]) * D + (i % D)]), [B, S, D]);
      const logpOld = new Float32Array(B * S).fill(-Math.log(K));
      const rewards = Float32Array.from(picks, (k, i) => proxy[Math.floor(i / S) * K + k]);
      await ppoUpdate(o)({B, S, z, responses, logpOld, rewards}, {params, optimizer: new Adam({learning_rate: 0.01})});
      const after = params[0].dataSync();
      assert.ok(after.some((v, i) => Math.abs(v - before[i]) > 1e-4));
      tf.dispose([z, responses, ...params]);
    });
  });

  describe("options", () => {
    test("errors name the field, the value and the fix", async () => {
      assert.throws(() => options({samples_per_prompt: 1}), (e: Error) => e instanceof SpecError && /optimizer\.samples_per_prompt: 1/.test(e.message));
      assert.throws(() => options({batch_prompts: 5}), /optimizer\.batch_prompts: 5 \(expected an integer in \[1, 4\]\)/);
      assert.throws(() => options({kl_control: "pid"}), /optimizer\.kl_control/);
      assert.throws(() => options({ppo_epochs: 2}), /unknown field optimizer\.ppo_epochs/);
      assert.throws(() => options({kl_control: "adaptive", kl_coef: 0}), /positive initial coefficient/);
    });

    test("benchRlStep reports a step time on the current backend without leaking", async () => {
      const result = await benchRlStep({prompts: 4, poolSize: 64, steps: 5, warmup: 2});
      assert.equal(result.backend, tf.getBackend());
      assert.ok(result.msPerStep > 0 && result.samplesPerSecond > 0);
      assert.equal(result.leakedTensors, 0);
    });
  });
});
