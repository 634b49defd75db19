import assert from "node:assert/strict";
import {test} from "node:test";
import {normalizeRunConfig, runId} from "../../loaders/run/kinds/pool/config.ts";
import {SpecError} from "../../loaders/spec-validators.ts";
import {expandRuns, groupRuns, loadSpec, normalizeSpec} from "../../loaders/run/spec/spec.ts";

const error = (json: unknown): string => {
  try {
    normalizeSpec(json);
  } catch (e) {
    assert.ok(e instanceof SpecError, String(e));
    return e.message;
  }
  assert.fail("expected a SpecError");
};

test("errors name the field, the value and what is expected", () => {
  assert.match(error({name: "x", base: {preferences: {label_noise: 0.7}}}), /invalid preferences\.label_noise: 0\.7 \(expected a number in \[0, 0\.5\)\)/);
  assert.match(error({name: "x", base: {ensemble: {sise: 3}}}), /unknown field ensemble\.sise \(did you mean ensemble\.size\?\) \(valid fields: size, diversity\)/);
  assert.match(error({name: "x", sweeps: [{name: "a", axes: {"objective.name": ["wco", "wcoo"]}}]}), /objective\.name="wcoo": invalid objective\.name: "wcoo" \(expected one of "single", "mean", "wco"/);
  assert.match(error({name: "x", sweeps: [{name: "a", axes: {"seed": [1]}}]}), /unknown axis/);
  assert.match(error({name: "Bad Name"}), /invalid name: "Bad Name"/);
  assert.match(error({name: "x", seeds: [1, 1]}), /distinct seeds/);
  assert.match(error({name: "x", base: {optimizer: {name: "best_of_n", max_n: 5000}, world: {pool_size: 100}}}), /invalid optimizer\.max_n: 5000 \(expected an integer in \[1, 100\]\)/);
  assert.match(error({name: "x", base: {objective: {name: "mean", param: 2}}}), /objective "mean" takes no parameter/);
  assert.match(error([1]), /invalid spec/);
  // An option of one optimizer left in the base while sweeping optimizer names: say whose it is.
  assert.match(
    error({name: "x", base: {optimizer: {name: "best_of_n", max_n: 64}}, sweeps: [{name: "a", axes: {"optimizer.name": ["best_of_n", "kl_tilt"]}}]}),
    /unknown field optimizer\.max_n .*max_n belongs to best_of_n: .*make the whole section the axis/
  );
});

test("a missing or malformed file is a clear error", () => {
  assert.throws(() => loadSpec("data/experiments/nope.json"), /cannot read the spec \(ENOENT\)/);
});

test("sweeps expand to the cartesian product of axes times seeds, deduplicated by run_id", () => {
  const spec = normalizeSpec({
    name: "x",
    seeds: 3,
    sweeps: [
      {name: "a", axes: {"objective.name": ["single", "wco"], "preferences.label_noise": [0, 0.25]}},
      {name: "b", axes: {"objective.name": ["wco"]}} // duplicates a's label_noise 0 runs
    ]
  });
  const plans = expandRuns(spec);
  assert.equal(plans.length, 2 * 2 * 3);
  assert.equal(new Set(plans.map((p) => p.run_id)).size, plans.length);
  assert.ok(plans.every((p) => p.sweep === "a"));
  // single and wco at the same noise and seed share a world and a trained ensemble
  assert.equal(groupRuns(plans).length, 2 * 3);
});

test("run_id is stable, ignores key order, and changes with any config value", () => {
  const a = normalizeRunConfig({seed: 1, preferences: {pairs: 500, label_noise: 0.25}});
  const b = normalizeRunConfig({preferences: {label_noise: 0.25, pairs: 500}, seed: 1});
  const c = normalizeRunConfig({seed: 1, preferences: {pairs: 501, label_noise: 0.25}});
  assert.equal(runId(a), runId(b));
  assert.notEqual(runId(a), runId(c));
  assert.match(runId(a), /^[0-9a-f]{16}$/);
});

test("defaults are filled and derived values resolved once", () => {
  const config = normalizeRunConfig({world: {name: "extremal_length"}, objective: {name: "uwo"}});
  assert.equal(config.world.length_penalty, 4);
  assert.equal(config.objective.param, 0.5);
  assert.equal(config.ensemble.size, 5);
  assert.equal(normalizeRunConfig({objective: {name: "single"}}).ensemble.size, 1);
});

test("the committed specs are valid", () => {
  assert.ok(expandRuns(loadSpec("data/experiments/overoptimization.json")).length > 100);
  assert.ok(expandRuns(loadSpec("tests/fixtures/tiny.json")).length === 8);
});

test("a primary whose subject or baseline selects no configuration is a spec error before anything runs", () => {
  const claim = {id: "c", kind: "beats", subject: {objective: "wco"}, baseline: {objective: "single"}, direction: "greater", sesoi: 0.1, question: "q"};
  const spec = (primary: Record<string, unknown>) => normalizeSpec({name: "x", seeds: 6, primaries: [primary], sweeps: [{name: "a", axes: {"objective.name": ["single", "wco"], "preferences.label_noise": [0, 0.25]}}]});
  assert.equal(expandRuns(spec(claim)).length, 2 * 2 * 6, "a subject that matches (here two configurations: the count is analysis's not_tested) passes");
  assert.throws(() => expandRuns(spec({...claim, subject: {objective: "median"}})), (e: Error) => e instanceof SpecError && e.message === `primaries[0] ("c"): its subject {"objective":"median"} matches no configuration of the spec (its configurations have objective "single"/"wco"): fix primaries[0].subject`);
  assert.throws(() => expandRuns(spec({...claim, subject: {objective: "wco", label_noise: 0}, baseline: {label_noise: 0.5}})), /primaries\[0\] \("c"\): its baseline \{"objective":"wco","label_noise":0.5\} matches no configuration of the spec \(its configurations have objective "single"\/"wco"; label_noise 0\/0.25\): fix primaries\[0\].baseline/);
});
