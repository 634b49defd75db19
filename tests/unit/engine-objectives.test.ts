import assert from "node:assert/strict";
import {test} from "node:test";
import {memberStd} from "../../loaders/reward/aggregate.ts";
import {normalizeObjective, objectives, standardizedObjective} from "../../loaders/reward/objectives.ts";
import {standardize} from "../../loaders/reward/ensemble.ts";

// 3 members x 2 responses, values chosen so every objective is computable by hand.
const rewards = [Float64Array.from([1, 2]), Float64Array.from([3, 0]), Float64Array.from([2, 1])];
const scores = (r: Float64Array[], sigmas: Float64Array[] | null = null) => ({rewards: r, sigmas});
const fn = (name: string, r: Float64Array[], param: number | null, sigmas: Float64Array[] | null = null) => objectives[name].start(param, scores(r, sigmas)).proxy(scores(r, sigmas));
const close = (actual: Float64Array, expected: number[]) =>
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i] - e) < 1e-12, `item ${i}: ${actual[i]} vs ${e}`));

test("objectives against hand-computed values", () => {
  close(fn("single", rewards, 0), [1, 2]);
  close(fn("mean", rewards, 0), [2, 1]);
  close(fn("wco", rewards, 0), [1, 0]);
  close(fn("median", rewards, 0), [2, 1]);
  // population variance: item 0 -> ((1-2)^2 + (3-2)^2 + 0) / 3 = 2/3; item 1 -> same.
  close(fn("uwo", rewards, 0.5), [2 - 1 / 3, 1 - 1 / 3]);
  close(fn("mean_minus_std", rewards, 1), [2 - Math.sqrt(2 / 3), 1 - Math.sqrt(2 / 3)]);
  close(memberStd(rewards)!, [Math.sqrt(2 / 3), Math.sqrt(2 / 3)]);
  assert.equal(memberStd([rewards[0]]), null);
});

test("median of an even number of members averages the middle two", () => {
  close(fn("median", [Float64Array.from([4]), Float64Array.from([1]), Float64Array.from([3]), Float64Array.from([2])], 0), [2.5]);
});

test("every objective declares a doc line, leaves its inputs untouched and returns one finite value per response", () => {
  const sigmas = [Float64Array.from([0.5, 0.25]), Float64Array.from([1, 1]), Float64Array.from([2, 2])];
  for (const [name, o] of Object.entries(objectives)) {
    assert.ok(o.doc.length > 10, name);
    const param = o.param?.default ?? null;
    const r = rewards.map((m) => m.slice()), s = sigmas.map((m) => m.slice());
    const out = fn(name, r, param, s);
    assert.deepEqual(r, rewards, `${name} changed the member rewards`);
    assert.deepEqual(s, sigmas, `${name} changed the sigmas`);
    assert.equal(out.length, 2, name);
    assert.ok(Array.from(out).every(Number.isFinite), name);
  }
});

test("robust: nominal_weight * nominal + (1 - nominal_weight) * min, by hand", () => {
  const sigmas = [Float64Array.from([1, 0.5]), Float64Array.from([1, 1]), Float64Array.from([0.5, 1])]; // nominal: head 2, head 0 -> [2, 2]
  close(fn("robust", rewards, 0.2, sigmas), [0.2 * 2 + 0.8 * 1, 0.2 * 2 + 0.8 * 0]);
  close(fn("robust", rewards, 1, sigmas), [2, 2]);
  close(fn("robust", rewards, 0, sigmas), [1, 0]);
  close(fn("robust", rewards, 1), [2, 1]); // a plain ensemble's nominal reward is the member mean
});

test("objectives check their own parameter and the members they read", () => {
  assert.deepEqual(normalizeObjective("single", null, {size: 5, hasSigma: false}), {objective: {name: "single", param: null}, size: 1});
  assert.deepEqual(normalizeObjective("uwo", null, {size: 5, hasSigma: false}).objective, {name: "uwo", param: 0.5});
  assert.throws(() => normalizeObjective("wco", 1, {size: 5, hasSigma: false}), /invalid objective\.param: 1 \(expected null: objective "wco" takes no parameter\)/);
  assert.throws(() => normalizeObjective("robust", 2, {size: 5, hasSigma: false}), /objective\.param \(nominal_weight\): 2/);
  assert.throws(() => normalizeObjective("uncertainty_penalized", null, {size: 1, hasSigma: false}), /invalid ensemble\.size: 1/);
});

test("standardize gives mean 0 and std 1 (members are standardised on pi_0 before aggregation)", () => {
  const z = standardize(Float64Array.from([1, 2, 3, 4, 10]));
  const mean = z.reduce((a, b) => a + b, 0) / z.length;
  const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
  assert.ok(Math.abs(mean) < 1e-12);
  assert.ok(Math.abs(sd - 1) < 1e-12);
});

test("standardizedObjective: WCO on pi_0 reads mean 0, std 1; the map is affine, so preferences and expectations follow", () => {
  const a = Float64Array.from([1, -1, 0.5, -0.5]), b = Float64Array.from([-1, 1, 0, 0.2]);
  const reference = scores([a, b]);
  const wco = objectives.wco.start(null, reference);
  const raw = wco.proxy(reference); // [-1, -1, 0, -0.5]: mean -0.625, below 0 as in the robust-rl world
  const {state, mean, std} = standardizedObjective(wco, reference);
  assert.equal(mean, -0.625);
  const z = state.proxy(reference);
  const m = z.reduce((s, v) => s + v, 0) / z.length;
  assert.ok(Math.abs(m) < 1e-12);
  assert.ok(Math.abs(Math.sqrt(z.reduce((s, v) => s + (v - m) ** 2, 0) / z.length) - 1) < 1e-12);
  raw.forEach((r, i) => assert.ok(Math.abs(z[i] - (r - mean) / std) < 1e-12));
  // expected() is the same affine map of the raw objective's expectation of its columns
  const e = state.columns(reference).map((c) => c.reduce((s, v) => s + v, 0) / c.length);
  assert.ok(Math.abs(state.expected(e)) < 1e-12);
  // a constant proxy keeps scale 1 instead of dividing by 0
  const flat = standardizedObjective(objectives.mean.start(null, scores([Float64Array.from([2, 2])])), scores([Float64Array.from([2, 2])]));
  assert.deepEqual(Array.from(flat.state.proxy(scores([Float64Array.from([2, 3])]))), [0, 1]);
});
