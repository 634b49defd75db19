// A non-finite value in one run (injected with GOODHART_INJECT_NONFINITE, loaders/run/execute/rows.ts)
// fails that run, with runs.status and runs.error; the other runs are complete; the CLI exits 3.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {runExperiment} from "../../loaders/run/experiment.ts";
import {expandRuns, loadSpec, normalizeSpec} from "../../loaders/run/spec/spec.ts";

const dir = mkdtempSync(join(tmpdir(), "goodhart-nonfinite-"));
const rows = (out: string, table: string) => tableFromIPC(readFileSync(join(out, `${table}.arrow`))).toArray().map((r) => r.toJSON() as Record<string, unknown>);
const goodhart = (out: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["bin/goodhart.js", "run", "tests/fixtures/tiny.json", "--out", out, "--no-cache", "--no-timings", "--workers", "2"], {encoding: "utf8", env: {...process.env, ...env}});

test("a non-finite reward in one run of a sweep: that run fails with status and error, the others are complete, exit status 3", () => {
  const plans = expandRuns(loadSpec("tests/fixtures/tiny.json"));
  const target = plans[2]; // seed 1, kl_tilt, single
  const ref = join(dir, "ref");
  assert.equal(goodhart(ref).status, 0);
  const out = join(dir, "out");
  const result = goodhart(out, {GOODHART_INJECT_NONFINITE: target.run_id});
  assert.equal(result.status, 3, result.stderr);
  assert.match(result.stderr, new RegExp(`1 of 8 runs FAILED.*\\n  ${target.run_id} \\(sweep objectives, seed 1, kl_tilt, single\\): non-finite \\w+ at curve point 0: NaN`));

  const runs = rows(out, "runs");
  const failed = runs.filter((r) => r.status === "failed");
  assert.deepEqual(failed.map((r) => r.run_id), [target.run_id]);
  assert.match(String(failed[0].error), /^non-finite /);
  for (const r of runs.filter((r) => r.run_id !== target.run_id)) assert.deepEqual([r.status, r.error], ["ok", null]);
  // The failed run has no rows elsewhere; every other run has exactly the rows of an uninjected sweep.
  for (const table of ["curves", "reward_models", "samples"]) {
    const got = rows(out, table);
    assert.equal(got.filter((r) => r.run_id === target.run_id).length, 0, table);
    const want = rows(ref, table).filter((r) => r.run_id !== target.run_id);
    assert.equal(JSON.stringify(got), JSON.stringify(want), table);
  }
  // Findings come from the runs that finished (no NaN in them).
  for (const f of rows(out, "findings")) for (const v of Object.values(f)) if (typeof v === "number") assert.ok(!Number.isNaN(v), JSON.stringify(f));
});

test("in the policy-gradient loop: a non-finite proxy reward stops the run at its step, named in runs.error", async () => {
  const spec = normalizeSpec({
    name: "rl-fault",
    seeds: [1],
    base: {world: {prompts: 4, pool_size: 16, nuisance_dims: 2}, preferences: {pairs: 50, heldout_pairs: 50}, reward_model: {epochs: 5}, ensemble: {size: 2}, samples: {prompts: 1, points: 2}},
    sweeps: [{name: "rl", axes: {optimizer: [{name: "rloo", steps: 4, log_every: 2, batch_prompts: 2, samples_per_prompt: 2}, {name: "ppo", steps: 4, log_every: 2, batch_prompts: 2, samples_per_prompt: 2}]}}]
  });
  const [rloo, ppo] = expandRuns(spec);
  process.env.GOODHART_INJECT_NONFINITE = rloo.run_id;
  try {
    const output = await runExperiment(spec, {workers: 1, cacheDir: null, timings: false, log: () => {}});
    assert.deepEqual(output.failed.map((r) => r.run_id), [rloo.run_id]);
    assert.match(String(output.failed[0].error), /non-finite (proxy or gold reward|KL or entropy|proxy reward) at step 0/);
    assert.equal(output.rows.curves.filter((c) => c.run_id === rloo.run_id).length, 0);
    assert.equal(output.rows.curves.filter((c) => c.run_id === ppo.run_id).length, 3); // steps 0, 2, 4
    assert.equal(output.rows.runs.find((r) => r.run_id === ppo.run_id)!.status, "ok");
  } finally {
    delete process.env.GOODHART_INJECT_NONFINITE;
  }
});
