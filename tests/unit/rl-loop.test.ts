import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {describeEachBackend} from "./backends.ts";
import {Rng, deriveSeed} from "../../loaders/random.ts";
import {tf} from "../../loaders/tf.ts";
import {worldPresets} from "../../loaders/worlds/presets.ts";
import {generateWorld} from "../../loaders/worlds/feature-world.ts";
import {SpecError} from "../../loaders/spec-validators.ts";
import {ppoOptimizer, ppoUpdate} from "../../loaders/optimize/ppo.ts";
import {rlooOptimizer} from "../../loaders/optimize/rloo.ts";
import {benchRlStep} from "../../loaders/measure/rl-step.ts";
import {poolPolicy} from "../../loaders/policy/pool-policy.ts";
import {clipByGlobalNorm, stepOptimizer} from "../../loaders/optimize/step-optimizer.ts";
import type {Optimizer, OptimizerInput} from "../../loaders/optimize/types.ts";
import {objectives} from "../../loaders/reward/objectives.ts";
import {poolReward} from "../../loaders/reward/reward.ts";
import type {Reward} from "../../loaders/reward/reward.ts";
import {allItems} from "../../loaders/worlds/pool.ts";


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
  const reward = poolReward("linear", [proxy]);
  // One BRME-like head whose sigma is `sigma`: its nominal reward is `proxy` itself.
  const uncertain = poolReward("brme", [proxy], [sigma]);
  /** A run's input: a fresh objective state on the reward, started on pi_0 (the whole pool). */
  async function inputFor({reward: r = reward, objective = "single", param = null, seed = 42}: {reward?: Reward<Int32Array>; objective?: string; param?: number | null; seed?: number} = {}): Promise<OptimizerInput> {
    return {world, reward: r, objective: objectives[objective].start(param, await r.score(allItems(world.n))), seed};
  }
  const defaults = {batch_prompts: 2, samples_per_prompt: 4, learning_rate: 0.05, log_every: 5};
  const options = (raw: Record<string, unknown>) => rlooOptimizer.normalize({name: "rloo", ...defaults, ...raw}, worldOptions);
  const ppoOptions = (raw: Record<string, unknown>) => ppoOptimizer.normalize({name: "ppo", ...defaults, ...raw}, worldOptions);
  const run = async <C extends {name: string}>(optimizer: Optimizer<C>, o: C, input?: Promise<OptimizerInput>) => optimizer.run(await (input ?? inputFor()), o);

  describe("policy-gradient loop", () => {
    test("same seed -> the same curve; another seed -> another curve", async () => {
      const o = options({steps: 20});
      const a = (await run(rlooOptimizer, o)).curve;
      const b = (await run(rlooOptimizer, o)).curve;
      assert.deepEqual(a, b);
      const c = (await run(rlooOptimizer, o, inputFor({seed: 43}))).curve;
      assert.notDeepEqual(a, c);
    });

    test("logs point 0 at pi_0 (KL 0, entropy log K), every log_every steps, and the last step", async () => {
      const {curve, policy} = await run(rlooOptimizer, options({steps: 12}));
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
      const {curve} = await run(rlooOptimizer, options({steps: 60, kl_coef: 0.01}));
      assert.ok(curve.at(-1)!.proxy_reward > curve[0].proxy_reward + 0.3, `${curve[0].proxy_reward} -> ${curve.at(-1)!.proxy_reward}`);
      assert.ok(curve.at(-1)!.kl > 0.1);
    });

    test("no tensors leak over 100 steps (rloo, ppo, mlp policy, adaptive KL, uncertainty penalty)", async () => {
      const runs = [
        () => run(rlooOptimizer, options({steps: 100})),
        () => run(ppoOptimizer, ppoOptions({steps: 100, kl_control: "adaptive", kl_target: 0.5})),
        () => run(rlooOptimizer, options({steps: 100, policy: "mlp", policy_hidden: 4}), inputFor({reward: uncertain, objective: "uncertainty_penalized", param: 0.5}))
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
      const {curve} = await run(ppoOptimizer, ppoOptions({steps: 40, kl_coef: 0.01, kl_control: "adaptive", kl_target: 0.05, kl_horizon: 20, learning_rate: 0.1}));
      assert.ok(curve.at(-1)!.beta! > 0.01, `beta ${curve.at(-1)!.beta}`);
    });

    test("uncertainty penalty: the proxy logged is r - beta2 (sigma - running mean), equal to E[r] at pi_0", async () => {
      const penalised = (await run(rlooOptimizer, options({steps: 10}), inputFor({reward: uncertain, objective: "uncertainty_penalized", param: 0.5}))).curve;
      const plain = (await run(rlooOptimizer, options({steps: 10}))).curve;
      assert.ok(Math.abs(penalised[0].proxy_reward - plain[0].proxy_reward) < 1e-6);
    });
  });

  describe("PPO", () => {
    test("one PPO update changes the parameters", async () => {
      const o = ppoOptions({});
      const policy = poolPolicy(world, {architecture: "linear"}, 1);
      const before = Float32Array.from(policy.params[0].dataSync());
      const rollout = await policy.sample(Int32Array.of(0, 1), 4, 7);
      const rewards = Float32Array.from(rollout.responses, (item) => proxy[item]);
      const optimizer = stepOptimizer({policy_optimizer: "adam", learning_rate: 0.01, max_grad_norm: null});
      await ppoUpdate(o)({B: 2, S: 4, policy, rollout, rewards}, optimizer);
      optimizer.dispose();
      const after = policy.params[0].dataSync();
      assert.ok(after.some((v, i) => Math.abs(v - before[i]) > 1e-4));
      rollout.dispose();
      policy.dispose();
    });
  });

  describe("options", () => {
    test("errors name the field, the value and the fix", async () => {
      assert.throws(() => options({samples_per_prompt: 1}), (e: Error) => e instanceof SpecError && /optimizer\.samples_per_prompt: 1/.test(e.message));
      assert.throws(() => options({batch_prompts: 5}), /optimizer\.batch_prompts: 5 \(expected an integer in \[1, 4\]\)/);
      assert.throws(() => options({kl_control: "pid"}), /optimizer\.kl_control/);
      assert.throws(() => options({ppo_epochs: 2}), /unknown field optimizer\.ppo_epochs/);
      assert.throws(() => options({kl_control: "adaptive", kl_coef: 0}), /positive initial coefficient/);
      assert.throws(() => options({kl_control: "exact_target", kl_coef: 0.1, kl_target: 1}), /optimizer\.kl_coef: 0\.1 \(expected null or absent/);
      assert.throws(() => options({kl_control: "exact_target"}), /optimizer\.kl_target/);
      assert.throws(() => options({kl_control: "exact_target", kl_target: 3.5}), /below ln\(world\.pool_size\) = 3\.466/);
      assert.throws(() => rlooOptimizer.normalize({name: "rloo", kl_control: "exact_target", kl_target: 1}, {prompts: 4} as never), /needs a pool world/);
      const exact = options({kl_control: "exact_target", kl_coef: null, kl_target: 1});
      assert.equal(exact.kl_coef, 0);
      assert.deepEqual(options({...exact}), exact, "idempotent");
    });

    test("exact_target: every step's beta is the one at which the exact optimum of the run's proxy reaches kl_target", async () => {
      const {betaForKl, klTilt} = await import("../../loaders/optimize/kl-tilt.ts");
      const beta = betaForKl(proxy, {prompts: world.prompts, poolSize: world.poolSize, kl: 1});
      assert.ok(Math.abs(klTilt(proxy, {}, {prompts: world.prompts, poolSize: world.poolSize, betas: [beta]})[0].kl - 1) < 1e-6);
      const {curve} = await run(rlooOptimizer, options({steps: 6, kl_control: "exact_target", kl_target: 1}));
      for (const c of curve) assert.equal(c.beta, beta);
    });

    test("every curve point carries the gold of the exact optimum of the same proxy at the policy's KL", async () => {
      const {exactGoldAt} = await import("../../loaders/optimize/pool-rl.ts");
      const {klTilt} = await import("../../loaders/optimize/kl-tilt.ts");
      const exact = exactGoldAt(proxy, world);
      const [mid] = klTilt(proxy, {gold: world.gold}, {prompts: world.prompts, poolSize: world.poolSize, betas: [0.7]});
      assert.ok(Math.abs(exact(mid.kl) - mid.values.gold) < 1e-6, "the optimum at its own KL");
      const mean = world.gold.reduce((s, g) => s + g, 0) / world.n;
      assert.ok(Math.abs(exact(0) - mean) < 1e-9, "KL 0 is pi_0");
      const [argmax] = klTilt(proxy, {gold: world.gold}, {prompts: world.prompts, poolSize: world.poolSize, betas: [1e-8]});
      assert.equal(exact(100), argmax.values.gold, "past the argmax's KL: the argmax");
      const {curve} = await run(rlooOptimizer, options({steps: 10}));
      for (const c of curve) assert.ok(Math.abs((c.exact_gold_reward ?? NaN) - exact(c.kl)) < 1e-12);
    });

    test("benchRlStep reports a step time on the current backend without leaking", async () => {
      const result = await benchRlStep({prompts: 4, poolSize: 64, steps: 5, warmup: 2});
      assert.equal(result.backend, tf.getBackend());
      assert.ok(result.msPerStep > 0 && result.samplesPerSecond > 0);
      assert.equal(result.leakedTensors, 0);
    });
  });

  describe("step optimizer", () => {
    test("clipByGlobalNorm scales to the max norm only when the norm exceeds it (naive reference)", () => {
      const a = [3, 0], b = [0, 4]; // global norm 5
      for (const max of [1, 5, 10]) {
        const out = tf.tidy(() => clipByGlobalNorm([tf.tensor1d(a), tf.tensor1d(b)], max).map((t) => Array.from(t.dataSync())));
        const scale = Math.min(1, max / 5);
        assert.deepEqual(out.map((v) => v.map((x) => Math.round(x * 1e6) / 1e6)), [a.map((x) => Math.round(x * scale * 1e6) / 1e6), b.map((x) => Math.round(x * scale * 1e6) / 1e6)]);
      }
    });

    test("sgd takes theta - lr * clipped gradient on the device, and leaks nothing", async () => {
      const theta = tf.variable(tf.tensor1d([1, 1]));
      const optimizer = stepOptimizer({policy_optimizer: "sgd", learning_rate: 0.5, max_grad_norm: 1});
      const before = tf.memory().numTensors;
      // loss = 3 x0 + 4 x1: gradient [3, 4], norm 5, clipped to [0.6, 0.8]
      await optimizer.minimize(() => tf.sum(tf.mul(tf.tensor1d([3, 4]), theta)) as tf.Scalar, [theta]);
      assert.equal(tf.memory().numTensors, before);
      const v = theta.dataSync();
      assert.ok(Math.abs(v[0] - 0.7) < 1e-6 && Math.abs(v[1] - 0.6) < 1e-6, `${v}`);
      optimizer.dispose();
      theta.dispose();
    });
  });
});
