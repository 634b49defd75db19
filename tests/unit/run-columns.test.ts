// The columns that flatten a run's config (runs.kl_coef, kl_control, policy, policy_optimizer,
// reward_source) and curves.kl_method: populated for every optimiser, equal to the resolved config.
import assert from "node:assert/strict";
import {test} from "node:test";
import {runExperiment} from "../../loaders/run/experiment.ts";
import {normalizeSpec} from "../../loaders/run/spec/spec.ts";

const spec = normalizeSpec({
  name: "run-columns",
  seeds: [1],
  base: {world: {prompts: 4, pool_size: 16, nuisance_dims: 2}, preferences: {pairs: 40, heldout_pairs: 40}, reward_model: {epochs: 5}, ensemble: {size: 2}, objective: {name: "mean"}, samples: {prompts: 1, points: 2}},
  sweeps: [
    {name: "pool", axes: {optimizer: [{name: "best_of_n", max_n: 8}, {name: "kl_tilt", betas: 3}]}},
    {name: "rl", set: {reward_model: {architecture: "mlp", hidden: 4}}, axes: {optimizer: [{name: "rloo", steps: 4, log_every: 2, batch_prompts: 2, samples_per_prompt: 2, kl_control: "fixed"}, {name: "ppo", steps: 4, log_every: 2, batch_prompts: 2, samples_per_prompt: 2, policy_optimizer: "sgd"}]}}
  ]
});

test("runs carry the optimiser's KL coefficient, KL control, policy and reward source as columns; curves say how KL was computed", async () => {
  const {rows} = await runExperiment(spec, {cacheDir: null, workers: 1, timings: false, log: () => {}});
  assert.equal(rows.runs.length, 4);
  for (const run of rows.runs) {
    const config = JSON.parse(String(run.config_json));
    const pool = run.optimizer === "best_of_n" || run.optimizer === "kl_tilt";
    assert.equal(run.reward_source, config.reward_model.architecture);
    for (const key of ["kl_coef", "kl_control", "policy", "policy_optimizer"]) assert.equal(run[key], pool ? null : config.optimizer[key], `${run.optimizer} ${key}`);
    const methods = new Set(rows.curves.filter((c) => c.run_id === run.run_id).map((c) => c.kl_method));
    assert.deepEqual([...methods], ["exact"]);
  }
  const ppo = rows.runs.find((r) => r.optimizer === "ppo")!;
  assert.equal(ppo.policy_optimizer, "sgd");
  assert.equal(ppo.reward_source, "mlp");
  assert.equal(rows.runs.find((r) => r.optimizer === "rloo")!.kl_coef, 0.05, "the real default, not 0");
});
