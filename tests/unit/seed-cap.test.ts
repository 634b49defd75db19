import assert from "node:assert/strict";
import {test} from "node:test";
import {MIN_SEED_CAP, SEED_CAP_ENV, cappedSeeds, seedCap} from "../../loaders/report/seed-cap.ts";

test("GOODHART_SEEDS: unset or empty means every seed; a count of at least 2 caps", () => {
  assert.equal(seedCap({}), null);
  assert.equal(seedCap({[SEED_CAP_ENV]: ""}), null);
  assert.equal(seedCap({[SEED_CAP_ENV]: " 3 "}), 3);
  assert.equal(seedCap({[SEED_CAP_ENV]: String(MIN_SEED_CAP)}), 2);
});

test("GOODHART_SEEDS: anything else is refused, naming the variable, the value and the fix", () => {
  for (const bad of ["1", "0", "-2", "2.5", "two", "1e3", "3,4"]) {
    assert.throws(() => seedCap({[SEED_CAP_ENV]: bad}), (error: Error) => error.message.startsWith(`GOODHART_SEEDS=${JSON.stringify(bad)}: expected a whole number of seeds, at least 2`) && error.message.includes("unset it"), bad);
  }
});

test("cappedSeeds keeps the spec's first seeds, in its order", () => {
  assert.deepEqual(cappedSeeds([1, 2, 3, 4], 2), [1, 2]);
  assert.deepEqual(cappedSeeds([7, 3, 9], 2), [7, 3]);
  assert.deepEqual(cappedSeeds([1, 2], 5), [1, 2]);
  assert.deepEqual(cappedSeeds([1, 2, 3], null), [1, 2, 3]);
});
