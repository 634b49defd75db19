import assert from "node:assert/strict";
import {test} from "node:test";
import {memberStd, objectives} from "../../loaders/optimize/objectives.ts";
import {standardise} from "../../loaders/reward/ensemble.ts";

// 3 members x 2 responses, values chosen so every objective is computable by hand.
const rewards = [Float64Array.from([1, 2]), Float64Array.from([3, 0]), Float64Array.from([2, 1])];
const close = (actual: Float64Array, expected: number[]) =>
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i] - e) < 1e-12, `item ${i}: ${actual[i]} vs ${e}`));

test("objectives against hand-computed values", () => {
  close(objectives.single.fn(rewards, 0), [1, 2]);
  close(objectives.mean.fn(rewards, 0), [2, 1]);
  close(objectives.wco.fn(rewards, 0), [1, 0]);
  close(objectives.median.fn(rewards, 0), [2, 1]);
  // population variance: item 0 -> ((1-2)^2 + (3-2)^2 + 0) / 3 = 2/3; item 1 -> same.
  close(objectives.uwo.fn(rewards, 0.5), [2 - 1 / 3, 1 - 1 / 3]);
  close(objectives.mean_minus_std.fn(rewards, 1), [2 - Math.sqrt(2 / 3), 1 - Math.sqrt(2 / 3)]);
  close(memberStd(rewards)!, [Math.sqrt(2 / 3), Math.sqrt(2 / 3)]);
  assert.equal(memberStd([rewards[0]]), null);
});

test("median of an even number of members averages the middle two", () => {
  close(objectives.median.fn([Float64Array.from([4]), Float64Array.from([1]), Float64Array.from([3]), Float64Array.from([2])], 0), [2.5]);
});

test("every objective declares a doc line and is deterministic", () => {
  for (const [name, o] of Object.entries(objectives)) {
    assert.ok(o.doc.length > 10, name);
    const context = o.needs ? {nominal: Float64Array.from([2, 1]), sigma: Float64Array.from([0.5, 0.25])} : undefined;
    assert.deepEqual(o.fn(rewards, o.defaultParam ?? 0, context), o.fn(rewards, o.defaultParam ?? 0, context));
  }
});

test("robust: nominal_weight * nominal + (1 - nominal_weight) * min, by hand", () => {
  const context = {nominal: Float64Array.from([2, 1]), sigma: Float64Array.from([0.5, 0.25])};
  close(objectives.robust.fn(rewards, 0.2, context), [0.2 * 2 + 0.8 * 1, 0.2 * 1 + 0.8 * 0]);
  close(objectives.robust.fn(rewards, 1, context), [2, 1]);
  close(objectives.robust.fn(rewards, 0, context), [1, 0]);
});

test("standardise gives mean 0 and std 1 (members are standardised on pi_0 before aggregation)", () => {
  const z = standardise(Float64Array.from([1, 2, 3, 4, 10]));
  const mean = z.reduce((a, b) => a + b, 0) / z.length;
  const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
  assert.ok(Math.abs(mean) < 1e-12);
  assert.ok(Math.abs(sd - 1) < 1e-12);
});
