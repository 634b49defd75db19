import assert from "node:assert/strict";
import {test} from "node:test";
import {Rng, deriveSeed} from "../../loaders/random.ts";
import {generateWorld} from "../../loaders/worlds/feature-world.ts";
import {worldPresets} from "../../loaders/worlds/presets.ts";
import {makePreferences} from "../../loaders/reward/preferences.ts";

const small = {...worldPresets.heavy_tailed, prompts: 8, pool_size: 512};

test("gold is recentred and scaled on the pool: pi_0 scores 0 with unit variance", () => {
  const world = generateWorld(small, 11);
  const mean = world.gold.reduce((a, b) => a + b, 0) / world.n;
  const variance = world.gold.reduce((a, b) => a + (b - mean) ** 2, 0) / world.n;
  assert.ok(Math.abs(mean) < 1e-9);
  assert.ok(Math.abs(variance - 1) < 1e-9);
  assert.equal(world.features.length, world.n * world.dims);
  assert.equal(world.dims, small.quality_dims + 1 + small.nuisance_dims);
});

test("the world is a function of its seed", () => {
  const a = generateWorld(small, 5);
  const b = generateWorld(small, 5);
  const c = generateWorld(small, 6);
  assert.deepEqual(a.features, b.features);
  assert.deepEqual(a.gold, b.gold);
  assert.notDeepEqual(a.features.subarray(0, 50), c.features.subarray(0, 50));
});

test("gold follows its documented formula: w.q + a min(l, l0) - c max(0, l - l0), then (raw - offset) / scale", () => {
  const options = {...worldPresets.extremal_length, prompts: 4, pool_size: 256};
  const world = generateWorld(options, 3);
  const D = world.dims;
  for (const i of [0, 17, 300, world.n - 1]) {
    const f = world.features.subarray(i * D, (i + 1) * D);
    let q = 0;
    for (let j = 0; j < options.quality_dims; ++j) q += f[j];
    const l = f[options.quality_dims];
    const raw = q / Math.sqrt(options.quality_dims) + Math.min(l, world.lengthThreshold) - 4 * Math.max(0, l - world.lengthThreshold);
    assert.ok(Math.abs((raw - world.goldOffset) / world.goldScale - world.gold[i]) < 1e-9);
  }
  const above = [...Array(world.n).keys()].filter((i) => world.features[i * D + options.quality_dims] > world.lengthThreshold).length;
  assert.ok(above / world.n <= 0.011 && above / world.n > 0, `about 1% of lengths exceed l0, got ${above / world.n}`);
});

test("nuisance tails: t_2 features are heavier-tailed than Gaussian ones", () => {
  const heavy = generateWorld(small, 1);
  const light = generateWorld({...small, nuisance_df: null}, 1);
  const maxAbs = (w: typeof heavy) => {
    let m = 0;
    for (let i = 0; i < w.n; ++i) for (let j = small.quality_dims + 1; j < w.dims; ++j) m = Math.max(m, Math.abs(w.features[i * w.dims + j]));
    return m;
  };
  assert.ok(maxAbs(heavy) > 3 * maxAbs(light), `${maxAbs(heavy)} vs ${maxAbs(light)}`);
});

test("preference labels: deterministic labels follow gold; the flip rate matches label_noise", () => {
  const world = generateWorld(small, 2);
  const clean = makePreferences(world, {pairs: 4000, label_mode: "deterministic", temperature: 1, label_noise: 0, heldout_pairs: 10}, 9).train;
  const noisy = makePreferences(world, {pairs: 4000, label_mode: "deterministic", temperature: 1, label_noise: 0.25, heldout_pairs: 10}, 9).train;
  assert.equal(clean.flipped, 0);
  assert.ok(Math.abs(noisy.flipped / 4000 - 0.25) < 0.03, `flip rate ${noisy.flipped / 4000}`);
  let disagreements = 0;
  for (let i = 0; i < 4000; ++i) disagreements += clean.label[i] !== noisy.label[i] ? 1 : 0;
  assert.equal(disagreements, noisy.flipped);
});

test("deriveSeed is positive, non-zero and path-sensitive; Rng draws have the right moments", () => {
  const seeds = new Set([0, 1, 2].flatMap((s) => ["a", "b", "c"].map((p) => deriveSeed(s, p))));
  assert.equal(seeds.size, 9);
  for (const s of seeds) assert.ok(s > 0 && s < 2 ** 31);
  const rng = new Rng(deriveSeed(4, "moments"));
  let sum = 0;
  let sq = 0;
  const n = 100_000;
  for (let i = 0; i < n; ++i) {
    const x = rng.normal();
    sum += x;
    sq += x * x;
  }
  assert.ok(Math.abs(sum / n) < 0.02);
  assert.ok(Math.abs(sq / n - 1) < 0.03);
});
