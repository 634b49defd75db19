// World kinds (loaders/run/kinds/): one registry serves the spec, the executor and the shards; text
// RL goes through the optimiser registry; a shard manifest is narrowed field by field.
import assert from "node:assert/strict";
import {test} from "node:test";
import {optimizers} from "../../loaders/optimize/registry.ts";
import {isKindName, kindOf, worldKinds} from "../../loaders/run/kinds/index.ts";
import {checkManifest, runCost} from "../../loaders/run/schedule/shard.ts";
import {expandRuns, normalizeSpec} from "../../loaders/run/spec/spec.ts";

const textSpec = (optimizer: Record<string, unknown>) => normalizeSpec({kind: "text", name: "t", seeds: 1, base: {optimizer, evaluation: {train_prompts: 8}}});

test("every registered kind starts its sections with the seed and names itself in the spec", () => {
  assert.deepEqual(Object.keys(worldKinds), ["pool", "text"]);
  for (const kind of Object.values(worldKinds)) assert.equal(kind.sections[0], "seed");
  assert.ok(isKindName("text") && !isKindName("maze") && !isKindName("toString"));
  assert.throws(() => normalizeSpec({kind: "maze", name: "m"}), /invalid kind: "maze"/);
});

test("only the optimisers that train a policy serve a text world, resolved by the registry", () => {
  assert.deepEqual(Object.keys(optimizers).filter((name) => optimizers[name].trainsPolicy), ["rloo", "ppo"]);
  assert.throws(() => textSpec({name: "best_of_n"}), /invalid optimizer\.name: "best_of_n" \(expected one of "rloo", "ppo"\)/);
  const [plan] = expandRuns(textSpec({name: "ppo", steps: 3, samples_per_prompt: 2}));
  assert.equal(plan.kind, "text");
  // the registry's defaults, over the 8 RL prompts: batch_prompts min(8, prompts), PPO's whitening on
  assert.equal(plan.config.optimizer.name, "ppo");
  assert.equal(plan.config.optimizer.batch_prompts, 8);
  assert.equal(plan.config.optimizer.whiten_advantages, true);
  assert.equal(plan.config.optimizer.ppo_epochs, 4);
  // steps x batch_prompts x samples_per_prompt
  assert.equal(runCost(plan), 3 * 8 * 2);
  assert.throws(() => textSpec({kl_control: "exact_target", kl_target: 1}), /exact_target" needs a pool world/);
});

test("a pool plan's cost without RL is one pass over its pools, through its kind", () => {
  const [plan] = expandRuns(normalizeSpec({name: "p", base: {world: {prompts: 20, pool_size: 64}, optimizer: {name: "kl_tilt"}}}));
  assert.equal(plan.kind, "pool");
  assert.equal(kindOf(plan.kind).passCost(plan.config), 1280);
  assert.equal(runCost(plan), 1280);
});

test("a shard manifest is narrowed field by field; an unknown kind is refused", () => {
  const manifest = {format: "goodhart-shard", spec: "s", kind: "text", plans_sha256: "ab", shard: {index: 0, count: 2}, engine_version: "1", backend: "cpu", run_ids: ["a", "b"], shard_run_ids: ["a"], primaries: []};
  const checked = checkManifest(manifest);
  assert.ok(typeof checked !== "string");
  assert.deepEqual(checked.shard, {index: 0, count: 2});
  assert.deepEqual(checked.shard_run_ids, ["a"]);
  assert.equal(checkManifest({...manifest, kind: "maze"}), "missing or invalid kind");
  assert.equal(checkManifest({...manifest, shard: {index: 0.5, count: 2}}), "missing or invalid shard {index, count}");
  assert.equal(checkManifest({...manifest, run_ids: [1]}), "missing or invalid run_ids / shard_run_ids");
});
