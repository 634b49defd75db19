// A failed run (runs.status "failed") takes no part in any derived table: with its runs row marked
// failed, even were its curves or checkpoints still there, bands, fits, rl_bands/rl_seeds/rl_summary,
// monotonicity, text_bands and findings are exactly those computed without the run at all.
import assert from "node:assert/strict";
import {test} from "node:test";
import {configId} from "../../loaders/analysis/config-id.ts";
import {findingRows} from "../../loaders/analysis/findings.ts";
import {rlSummaryTables} from "../../loaders/analysis/rl-summary.ts";
import {bandRows, fitRows} from "../../loaders/analysis/bands-and-fits.ts";
import {monotonicityRows, textBandRows} from "../../loaders/analysis/text-summary.ts";
import {runExperiment} from "../../loaders/run/experiment.ts";
import type {TableName} from "../../loaders/run/experiment.ts";
import {normalizeSpec} from "../../loaders/run/spec/spec.ts";

type Rows = Record<TableName, Record<string, unknown>[]>;
const quiet = {workers: 1, cacheDir: null, timings: false, log: () => {}};

/** The rows with `id` marked failed (its other rows kept), and the rows without `id` at all. */
function variants(rows: Rows, id: string): {marked: Rows; removed: Rows} {
  const marked = {...rows, runs: rows.runs.map((r) => (r.run_id === id ? {...r, status: "failed", error: "non-finite gold reward at curve point 0: NaN"} : r))};
  const removed = Object.fromEntries(Object.entries(rows).map(([name, list]) => [name, list.filter((r) => r.run_id !== id)])) as Rows;
  return {marked, removed};
}

const json = (x: unknown) => JSON.stringify(x);

test("pool runs: bands, fits and findings leave a failed run out", async () => {
  const {rows} = await runExperiment("tests/fixtures/tiny.json", quiet);
  const id = String(rows.runs[2].run_id);
  const {marked, removed} = variants(rows, id);
  assert.notEqual(json(bandRows(rows)), json(bandRows(removed)), "the run counts when it finished");
  assert.equal(json(bandRows(marked)), json(bandRows(removed)));
  assert.equal(json(fitRows(bandRows(marked))), json(fitRows(bandRows(removed))));
  assert.equal(json(findingRows("tiny", marked)), json(findingRows("tiny", removed)));
});

test("policy-gradient runs: rl_bands, rl_seeds, rl_summary and findings leave a failed run out", async () => {
  const spec = normalizeSpec({
    name: "rl-failed",
    seeds: [1, 2, 3],
    base: {world: {prompts: 4, pool_size: 16, nuisance_dims: 2}, preferences: {pairs: 50, heldout_pairs: 50}, reward_model: {epochs: 5}, ensemble: {size: 2}, samples: {prompts: 1, points: 2}},
    sweeps: [{name: "rl", axes: {"objective.name": ["single", "wco"], optimizer: [{name: "rloo", steps: 4, log_every: 2, batch_prompts: 2, samples_per_prompt: 2}]}}]
  });
  const {rows} = await runExperiment(spec, quiet);
  const id = String(rows.runs[1].run_id);
  const {marked, removed} = variants(rows, id);
  const all = rlSummaryTables(rows);
  const got = rlSummaryTables(marked);
  const want = rlSummaryTables(removed);
  assert.equal(all.rl_seeds.length, rows.runs.length);
  assert.equal(got.rl_seeds.length, rows.runs.length - 1);
  const failedRun = rows.runs[1];
  assert.ok(!got.rl_seeds.some((r) => r.config_id === configId(failedRun) && r.seed === failedRun.seed), "rl_seeds has no row of the failed run (its configuration and seed)");
  for (const name of ["rl_bands", "rl_seeds", "rl_summary"] as const) assert.equal(json(got[name]), json(want[name]), name);
  assert.equal(json(findingRows("rl-failed", marked)), json(findingRows("rl-failed", removed)));
});

test("language-model runs: monotonicity, text_bands and findings leave a failed run out", async () => {
  const {rows} = await runExperiment("tests/fixtures/tiny-text.json", {...quiet, backend: "wasm"});
  const id = String(rows.runs[0].run_id);
  const {marked, removed} = variants(rows, id);
  assert.ok(rows.checkpoint_prompts.some((r) => r.run_id === id));
  const mono = monotonicityRows(marked);
  assert.ok(!mono.some((r) => r.run_id === id));
  assert.equal(json(mono), json(monotonicityRows(removed)));
  assert.equal(json(textBandRows(marked)), json(textBandRows(removed)));
  assert.equal(json(findingRows("tiny-text", marked)), json(findingRows("tiny-text", removed)));
});
