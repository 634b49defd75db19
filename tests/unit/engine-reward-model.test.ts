import assert from "node:assert/strict";
import {test} from "node:test";
import {describeEachBackend} from "./backends.ts";
import {tf} from "../../loaders/tf.ts";
import {generateWorld} from "../../loaders/worlds/feature-world.ts";
import {worldPresets} from "../../loaders/worlds/presets.ts";
import {makePreferences, sigmoid} from "../../loaders/reward/preferences.ts";
import {pairAccuracy, trainRewardModel} from "../../loaders/reward/bradley-terry.ts";
import {trainEnsemble} from "../../loaders/reward/ensemble.ts";

const world = generateWorld({...worldPresets.light_tailed, prompts: 4, pool_size: 256, nuisance_dims: 8}, 1);
const rm = {architecture: "linear" as const, hidden: 8, epochs: 100, learning_rate: 0.05, weight_decay: 0.001};
describeEachBackend("engine-reward-model", () => {
  test("the reported Bradley-Terry loss matches a naive JS computation of the NLL", async () => {
    const {train} = makePreferences(world, {pairs: 50, label_mode: "deterministic", temperature: 1, label_noise: 0, heldout_pairs: 10}, 2);
    const model = await trainRewardModel(train, {...rm, epochs: 1, learning_rate: 1e-9}, 3);
    const ra = await model.score(train.a, train.n);
    const rb = await model.score(train.b, train.n);
    let nll = 0;
    for (let i = 0; i < train.n; ++i) nll -= Math.log(sigmoid((train.label[i] ? 1 : -1) * (ra[i] - rb[i])));
    assert.ok(Math.abs(nll / train.n - model.trainLoss) < 1e-4, `${nll / train.n} vs ${model.trainLoss}`);
    model.dispose();
  });

  test("on clean pairs a linear RM learns gold's ordering; noise and fewer pairs make it worse", async () => {
    const accuracy = async (pairs: number, label_noise: number) => {
      const {train, heldout} = makePreferences(world, {pairs, label_mode: "deterministic", temperature: 1, label_noise, heldout_pairs: 2000}, 4);
      const model = await trainRewardModel(train, rm, 5);
      const a = await pairAccuracy(model, heldout);
      model.dispose();
      return a;
    };
    const clean = await accuracy(3000, 0);
    const noisy = await accuracy(200, 0.35);
    assert.ok(clean > 0.9, `clean accuracy ${clean}`);
    assert.ok(noisy < clean - 0.05, `noisy ${noisy} vs clean ${clean}`);
  });

  test("MLP reward model trains and scores; training leaks no tensors", async () => {
    const {train} = makePreferences(world, {pairs: 200, label_mode: "bradley_terry", temperature: 0.5, label_noise: 0.1, heldout_pairs: 10}, 6);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; ++i) {
      const model = await trainRewardModel(train, {...rm, architecture: "mlp", epochs: 20}, 7 + i);
      assert.equal((await model.score(world.features, world.n)).length, world.n);
      model.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
  });

  test("ensemble members are standardised on pi_0, nested, and bootstrap makes them differ", async () => {
    const {train, heldout} = makePreferences(world, {pairs: 300, label_mode: "deterministic", temperature: 1, label_noise: 0.25, heldout_pairs: 300}, 8);
    const three = await trainEnsemble(world, train, heldout, rm, {size: 3, diversity: "bootstrap"}, 9);
    const two = await trainEnsemble(world, train, heldout, rm, {size: 2, diversity: "bootstrap"}, 9);
    for (const r of three.rewards) {
      const mean = r.reduce((a, b) => a + b, 0) / r.length;
      const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / r.length);
      assert.ok(Math.abs(mean) < 1e-9 && Math.abs(sd - 1) < 1e-9);
    }
    assert.deepEqual(two.rewards, three.rewards.slice(0, 2));
    assert.notDeepEqual(three.rewards[0], three.rewards[1]);
    assert.ok(three.members.every((m) => m.heldoutAccuracy > 0.6 && m.heldoutAccuracy <= 1));
  });
});
