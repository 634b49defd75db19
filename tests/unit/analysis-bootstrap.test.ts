import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {Rng} from "../../loaders/random.ts";
import {aggregateSeeds, bootstrap, bootstrapMean, quantile} from "../../loaders/analysis/index.ts";

const close = (actual: number, expected: number, tol = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not within ${tol} of ${expected}`);

/** Long rows as a sweep writes them: groups x points x seeds, sqrt_kl jittering per seed. */
function sweep(seeds: number, {groups = ["a", "b"], points = 3, noise = 1, seed = 3} = {}) {
  const rng = new Rng(seed);
  const rows = [];
  for (const run_group of groups) {
    for (let point = 0; point < points; ++point) {
      for (let s = 0; s < seeds; ++s) {
        rows.push({run_group, point, seed: s, sqrt_kl: point + 0.01 * rng.normal(), gold_reward: point + noise * rng.normal()});
      }
    }
  }
  return rows;
}

describe("quantile", () => {
  test("linear interpolation (numpy default)", () => {
    close(quantile([1, 2, 3, 4], 0.5), 2.5);
    close(quantile([1, 2, 3, 4], 0.9), 3.7);
    close(quantile([1, 2, 3, 4], 0), 1);
    close(quantile([1, 2, 3, 4], 1), 4);
    close(quantile([7], 0.3), 7);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });
});

describe("bootstrapMean", () => {
  test("deterministic given runSeed, and the band contains the mean", () => {
    const values = Array.from({length: 10}, (_, i) => Math.sin(i));
    const a = bootstrapMean(values, {runSeed: 9});
    assert.deepEqual(bootstrapMean(values, {runSeed: 9}), a);
    assert.notDeepEqual(bootstrapMean(values, {runSeed: 10}), a);
    close(a.estimate, values.reduce((s, v) => s + v, 0) / 10);
    assert.ok(a.lower < a.estimate && a.estimate < a.upper);
  });
  test("width is close to the normal theory 2 z sd / sqrt(n) for large n", () => {
    const rng = new Rng(21);
    const values = Array.from({length: 400}, () => rng.normal());
    const mean = values.reduce((s, v) => s + v, 0) / 400;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / 399);
    const {lower, upper} = bootstrapMean(values, {level: 0.9, resamples: 4000});
    const expected = (2 * 1.6449 * sd) / Math.sqrt(400);
    assert.ok(Math.abs(upper - lower - expected) / expected < 0.1, `${upper - lower} vs ${expected}`);
  });
  test("agrees with the generic bootstrap of the mean", () => {
    const values = [1, 5, 2, 8, 3];
    const mean = (s: number[]) => s.reduce((a, b) => a + b, 0) / s.length;
    assert.deepEqual(bootstrapMean(values, {runSeed: 4}), bootstrap(values, mean, {runSeed: 4}));
  });
  test("a single value gives a zero-width band; empty throws", () => {
    assert.deepEqual(bootstrapMean([2.5]), {estimate: 2.5, lower: 2.5, upper: 2.5, resamples: 1000});
    assert.throws(() => bootstrapMean([]), /invalid values: empty/);
    assert.throws(() => bootstrapMean([1, 2], {level: 0}), /invalid level: 0 \(expected a coverage in \(0, 1\)/);
    assert.throws(() => bootstrapMean([1, 2], {resamples: 2.5}), /invalid resamples: 2\.5/);
  });
});

describe("aggregateSeeds", () => {
  const options = {by: ["run_group", "point"], value: "gold_reward", seed: "seed", x: ["sqrt_kl"], level: 0.9};

  test("one row per group and point, in order of first appearance, with the mean of x", () => {
    const rows = sweep(5);
    const out = aggregateSeeds(rows, options);
    assert.equal(out.length, 6);
    assert.deepEqual(out.map((r) => [r.run_group, r.point]), [["a", 0], ["a", 1], ["a", 2], ["b", 0], ["b", 1], ["b", 2]]);
    for (const r of out) {
      const mine = rows.filter((row) => row.run_group === r.run_group && row.point === r.point);
      assert.equal(r.n_seeds, 5);
      close(r.mean, mine.reduce((s, row) => s + row.gold_reward, 0) / 5);
      close(r.sqrt_kl as number, mine.reduce((s, row) => s + row.sqrt_kl, 0) / 5);
      const sd = Math.sqrt(mine.reduce((s, row) => s + (row.gold_reward - r.mean) ** 2, 0) / 4);
      close(r.sd!, sd);
      assert.ok(r.lower <= r.mean && r.mean <= r.upper && r.lower < r.upper);
      assert.deepEqual(Object.keys(r), ["run_group", "point", "sqrt_kl", "n_seeds", "mean", "sd", "lower", "upper"]);
    }
  });
  test("the band is the Student-t interval over seeds: mean -/+ t(0.95, n - 1) sd / sqrt(n)", () => {
    for (const r of aggregateSeeds(sweep(5), options)) close(r.upper - r.mean, (2.131846786326649 * r.sd!) / Math.sqrt(5), 1e-9);
    for (const r of aggregateSeeds(sweep(10), {...options, level: 0.95})) close(r.mean - r.lower, (2.262157162740992 * r.sd!) / Math.sqrt(10), 1e-9);
  });
  test("a group's band does not depend on the other groups or on row order", () => {
    const rows = sweep(6);
    const all = aggregateSeeds(rows, options);
    const onlyB = aggregateSeeds(rows.filter((r) => r.run_group === "b"), options);
    assert.deepEqual(onlyB, all.slice(3));
    const shuffled = rows.slice().reverse();
    const back = aggregateSeeds(shuffled, options).reverse();
    for (let i = 0; i < all.length; ++i) {
      close(back[i].mean, all[i].mean, 1e-12);
      assert.equal(back[i].n_seeds, all[i].n_seeds);
    }
  });
  test("the band narrows with more seeds", () => {
    const width = (seeds: number) => {
      const out = aggregateSeeds(sweep(seeds, {groups: ["a"], points: 4, seed: 30 + seeds}), options);
      return out.reduce((s, r) => s + (r.upper - r.lower), 0) / out.length;
    };
    const w4 = width(4), w16 = width(16), w64 = width(64);
    assert.ok(w4 > w16 && w16 > w64, `${w4} ${w16} ${w64}`);
    assert.ok(w64 < 0.4 * w4);
  });
  test("one seed: lower = upper = mean, sd null", () => {
    for (const r of aggregateSeeds(sweep(1), options)) {
      assert.equal(r.n_seeds, 1);
      assert.equal(r.lower, r.mean);
      assert.equal(r.upper, r.mean);
      assert.equal(r.sd, null);
    }
  });
  test("rows sharing a group and a seed are averaged first: seeds are the independent unit", () => {
    const rows = [
      {seed: 1, prompt: 0, gold_reward: 0, sqrt_kl: 1},
      {seed: 1, prompt: 1, gold_reward: 2, sqrt_kl: 3},
      {seed: 2, prompt: 0, gold_reward: 10, sqrt_kl: 1}
    ];
    const [r] = aggregateSeeds(rows, {x: ["sqrt_kl"]});
    assert.equal(r.n_seeds, 2);
    close(r.mean, (1 + 10) / 2);
    close(r.sqrt_kl as number, (2 + 1) / 2);
    close(r.upper - r.mean, (6.3137515146750225 * r.sd!) / Math.sqrt(2), 1e-9);
  });
  test("defaults: one group, value gold_reward, seed column seed; accessor values", () => {
    const rows = [{seed: 0, gold_reward: 1, g: 4}, {seed: 1, gold_reward: 3, g: 8}];
    const [r] = aggregateSeeds(rows);
    assert.deepEqual(Object.keys(r), ["n_seeds", "mean", "sd", "lower", "upper"]);
    close(r.mean, 2);
    close(aggregateSeeds(rows, {value: (row) => row.g / 2})[0].mean, 3);
  });
  test("bigint seeds and keys (Arrow int64) group correctly", () => {
    const rows = [{seed: 0n, point: 1n, gold_reward: 1}, {seed: 1n, point: 1n, gold_reward: 3}, {seed: 0n, point: 2n, gold_reward: 5}];
    const out = aggregateSeeds(rows, {by: ["point"]});
    assert.deepEqual(out.map((r) => [r.point, r.n_seeds, r.mean]), [[1n, 2, 2], [2n, 1, 5]]);
  });
  test("errors name the field, value and fix", () => {
    assert.throws(() => aggregateSeeds([{gold_reward: 1}]), /missing column "seed" at row 0/);
    assert.throws(() => aggregateSeeds([{seed: 0, gold_reward: "x"}]), /invalid value \("gold_reward"\) at row 0: x/);
    assert.throws(() => aggregateSeeds([], {by: ["mean"]}), /invalid by\/x column: "mean"/);
    assert.throws(() => aggregateSeeds([], {by: ["point"], x: ["point"]}), /invalid x column: "point"/);
    assert.deepEqual(aggregateSeeds([]), []);
  });
  test("runs fast on a realistic sweep", () => {
    const rows = sweep(10, {groups: ["a", "b", "c", "d"], points: 25});
    const t0 = performance.now();
    assert.equal(aggregateSeeds(rows, options).length, 100);
    assert.ok(performance.now() - t0 < 1500);
  });
});
