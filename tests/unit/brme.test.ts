import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {describeEachBackend} from "./backends.ts";
import {deriveSeed} from "../../loaders/random.ts";
import {tf} from "../../loaders/tf.ts";
import {worldPresets} from "../../loaders/worlds/presets.ts";
import {generateWorld} from "../../loaders/worlds/feature-world.ts";
import {makePreferences} from "../../loaders/reward/preferences.ts";
import {centreRefits, fitBrme, trainBrme} from "../../loaders/reward/brme.ts";
import type {RewardScores} from "../../loaders/reward/reward.ts";
import {nominalOf, nominalReward} from "../../loaders/reward/nominal.ts";
import {objectives} from "../../loaders/reward/objectives.ts";
import {normalizeRunConfig} from "../../loaders/run/kinds/pool/config.ts";


describeEachBackend("brme", () => {
  const f = (values: number[]) => Float64Array.from(values);

  describe("BRME nominal reward", () => {
    test("picks, per item, the mean of the head with the smallest sigma (first head on ties)", () => {
      const mus = [f([1, 2, 3, 4]), f([10, 20, 30, 40]), f([-1, -2, -3, -4])];
      const sigmas = [f([0.5, 0.1, 0.3, 0.2]), f([0.2, 0.4, 0.3, 0.9]), f([0.9, 0.3, 0.1, 0.2])];
      const {nominal, sigma, head} = nominalReward(mus, sigmas);
      assert.deepEqual(Array.from(head), [1, 0, 2, 0]);
      assert.deepEqual(Array.from(nominal), [10, 2, -3, 4]);
      assert.deepEqual(Array.from(sigma), [0.2, 0.1, 0.1, 0.2]);
    });

    test("rejects mismatched heads", () => {
      assert.throws(() => nominalReward([f([1])], []), /invalid heads: 1 means and 0 sigmas/);
    });
  });

  describe("robust and uncertainty_penalized objectives", () => {
    const members = [f([1, 0, 2]), f([3, -1, 0]), f([2, 1, 1])];
    const proxyOf = (name: string, param: number, scores: RewardScores) => objectives[name].start(param, scores).proxy(scores);

    test("robust: nominal_weight 1 is the nominal reward, 0 the worst member, in between a mix", () => {
      // smallest sigma: head 2, head 0, head 2 -> nominal [2, 0, 1]
      const scores = {rewards: members, sigmas: [f([0.9, 0.1, 0.9]), f([0.9, 0.9, 0.9]), f([0.1, 0.9, 0.1])]};
      assert.deepEqual(Array.from(proxyOf("robust", 1, scores)), [2, 0, 1]);
      assert.deepEqual(Array.from(proxyOf("robust", 0, scores)), [1, -1, 0]);
      const half = proxyOf("robust", 0.5, scores);
      [1.5, -0.5, 0.5].forEach((v, i) => assert.ok(Math.abs(half[i] - v) < 1e-12));
    });

    test("uncertainty_penalized: r - beta2 (sigma - mean sigma), pi_0's mean outside RL", () => {
      // nominal [2, 0, 1] with sigma [0.5, 1, 1.5] (mean 1)
      const scores = {rewards: members, sigmas: [f([0.9, 1, 1.9]), f([0.9, 1.1, 1.9]), f([0.5, 1.1, 1.5])]};
      const out = proxyOf("uncertainty_penalized", 2, scores);
      [2 - 2 * -0.5, 0, 1 - 2 * 0.5].forEach((v, i) => assert.ok(Math.abs(out[i] - v) < 1e-12));
    });

    test("uncertainty_penalized keeps a running mean of sigma over observed batches", () => {
      const reference = {rewards: [f([0, 0])], sigmas: [f([1, 3])]}; // pi_0's mean sigma 2
      const state = objectives.uncertainty_penalized.start(1, reference);
      assert.deepEqual(Array.from(state.proxy({rewards: [f([0])], sigmas: [f([4])]})), [-2]);
      state.observe({rewards: [f([0, 0])], sigmas: [f([4, 6])]}); // running mean 5
      assert.deepEqual(Array.from(state.proxy({rewards: [f([0])], sigmas: [f([4])]})), [1]);
      assert.equal(state.expected([0, 4]), 1);
    });

    test("a plain ensemble's context is the member mean and std", () => {
      const {nominal, sigma} = nominalOf({rewards: members, sigmas: null});
      [2, 0, 1].forEach((v, i) => assert.ok(Math.abs(nominal[i] - v) < 1e-12));
      assert.ok(sigma && Math.abs(sigma[0] - Math.sqrt(2 / 3)) < 1e-12);
    });
  });

  describe("trainBrme", () => {
    const worldOptions = {...worldPresets.heavy_tailed, prompts: 2, pool_size: 64, nuisance_dims: 4};
    const world = generateWorld(worldOptions, deriveSeed(3, "world"));
    const {train, heldout} = makePreferences(world, {pairs: 120, label_mode: "deterministic", temperature: 1, label_noise: 0.1, heldout_pairs: 100}, deriveSeed(3, "preferences"));
    const rm = {architecture: "mlp" as const, hidden: 8, epochs: 30, learning_rate: 0.05, weight_decay: 0.001};

    test("k heads: standardised means, positive sigmas, reports per head, no leaked tensors", async () => {
      await trainBrme(world, train, heldout, rm, {heads: 3, targets: 2}, 7); // warm-up
      const before = tf.memory().numTensors;
      const scored = await trainBrme(world, train, heldout, rm, {heads: 3, targets: 2}, 7);
      assert.equal(tf.memory().numTensors, before);
      assert.equal(scored.rewards.length, 3);
      assert.equal(scored.sigmas.length, 3);
      for (const r of scored.rewards) {
        const mean = r.reduce((s, v) => s + v, 0) / r.length;
        const sd = Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / r.length);
        assert.ok(Math.abs(mean) < 1e-6 && Math.abs(sd - 1) < 1e-6);
      }
      for (const s of scored.sigmas) for (const v of s) assert.ok(v > 0 && Number.isFinite(v));
      assert.deepEqual(scored.members.map((m) => [m.member, m.architecture]), [[0, "brme"], [1, "brme"], [2, "brme"]]);
      for (const m of scored.members) assert.ok(m.heldoutAccuracy > 0.5, `head ${m.member} accuracy ${m.heldoutAccuracy}`);
      const {head} = nominalReward(scored.rewards, scored.sigmas);
      assert.equal(head.length, world.n);
    });

    test("head i depends only on (seed, i): the first heads of a larger BRME are the smaller BRME", async () => {
      const small = await trainBrme(world, train, heldout, rm, {heads: 2, targets: 2}, 9);
      const large = await trainBrme(world, train, heldout, rm, {heads: 3, targets: 2}, 9);
      for (let i = 0; i < 2; ++i) {
        for (let j = 0; j < world.n; ++j) {
          assert.ok(Math.abs(small.rewards[i][j] - large.rewards[i][j]) < 1e-3, `head ${i} item ${j}`);
          assert.ok(Math.abs(small.sigmas[i][j] - large.sigmas[i][j]) < 1e-3 * (1 + small.sigmas[i][j]));
        }
      }
    });
  });

  describe("stage-2 targets are centred per refit", () => {
    test("refits that differ only by constant offsets have no spread after centring; each row has mean 0", () => {
      const base = [0.3, -1.2, 2.5, 0.7, -0.4];
      const offsets = [0, 5, -3.25, 100];
      const t = tf.tensor2d(offsets.flatMap((o) => base.map((v) => v + o)), [offsets.length, base.length]); // [J, m]
      const centred = centreRefits(t).arraySync();
      t.dispose();
      const mean = base.reduce((a, v) => a + v, 0) / base.length;
      for (const row of centred) {
        for (const [x, v] of row.entries()) assert.ok(Math.abs(v - (base[x] - mean)) < 1e-4, `${v} vs ${base[x] - mean}`);
        assert.ok(Math.abs(row.reduce((a, v) => a + v, 0)) < 1e-4);
      }
    });

    test("on a small world, centring lowers every head's mean sigma against the uncentred ablation; head 0's mean is centred", async () => {
      const world = generateWorld({...worldPresets.heavy_tailed, prompts: 2, pool_size: 64, nuisance_dims: 4}, deriveSeed(4, "world"));
      const {train, heldout} = makePreferences(world, {pairs: 120, label_mode: "deterministic", temperature: 1, label_noise: 0.1, heldout_pairs: 50}, deriveSeed(4, "preferences"));
      const rm = {hidden: 8, epochs: 60, learning_rate: 0.05, weight_decay: 0.001};
      const k = 3;
      /** Per head, the mean over training responses of its mean and its sigma. */
      const fit = async (centre: boolean) => {
        const model = await fitBrme(train, heldout, rm, {heads: k, targets: 3, centre}, 11);
        try {
          const scored = [await model.score(train.a, train.n), await model.score(train.b, train.n)];
          const average = (key: "means" | "sigmas", i: number) => scored.reduce((sum, s) => sum + s[key].reduce((t, v, x) => (x % k === i ? t + v : t), 0), 0) / (2 * train.n);
          return {spread: model.targetSpread, means: Array.from({length: k}, (_, i) => average("means", i)), sigmas: Array.from({length: k}, (_, i) => average("sigmas", i))};
        } finally {
          model.dispose();
        }
      };
      const [centred, uncentred] = [await fit(true), await fit(false)];
      assert.deepEqual(uncentred.spread.centred, uncentred.spread.raw);
      assert.deepEqual(centred.spread.raw, uncentred.spread.raw, "the refits themselves do not change");
      for (let i = 0; i < k; ++i) {
        assert.ok(centred.spread.centred[i] < 0.9 * centred.spread.raw[i], `head ${i}: target spread ${centred.spread.centred[i]} vs raw ${centred.spread.raw[i]}`);
        assert.ok(centred.sigmas[i] < 0.9 * uncentred.sigmas[i], `head ${i}: mean sigma ${centred.sigmas[i]} centred vs ${uncentred.sigmas[i]} uncentred`);
      }
      assert.ok(Math.abs(centred.means[0]) < 1e-4, `head 0's mean over the training responses: ${centred.means[0]}`);
      assert.ok(Math.abs(uncentred.means[0]) > 0.1, "the uncentred stage-1 mean has an arbitrary offset");
    });
  });

  describe("config", () => {
    const base = {world: {name: "heavy_tailed", prompts: 2, pool_size: 64}, samples: {prompts: 1, points: 1}};

    test("brme takes brme_targets (default 3); other architectures neither take nor record it", () => {
      const brme = normalizeRunConfig({...base, reward_model: {architecture: "brme"}, objective: {name: "robust", param: 0.4}});
      assert.equal(brme.reward_model.architecture === "brme" && brme.reward_model.brme_targets, 3);
      const linear = normalizeRunConfig(base);
      assert.equal("brme_targets" in linear.reward_model, false);
      assert.throws(() => normalizeRunConfig({...base, reward_model: {brme_targets: 4}}), /invalid reward_model\.brme_targets: 4 \(expected no value: it applies only to reward_model\.architecture "brme"\)/);
    });

    test("nominal_weight must lie in [0, 1]; uncertainty_penalized needs an uncertainty", () => {
      assert.throws(() => normalizeRunConfig({...base, objective: {name: "robust", param: 1.5}}), /objective\.param \(nominal_weight\): 1\.5/);
      assert.throws(() => normalizeRunConfig({...base, ensemble: {size: 1}, objective: {name: "uncertainty_penalized"}}), /invalid ensemble\.size: 1 \(expected at least 2/);
      assert.equal(normalizeRunConfig({...base, reward_model: {architecture: "brme"}, ensemble: {size: 1}, objective: {name: "uncertainty_penalized"}}).objective.param, 0.5);
    });
  });
});
