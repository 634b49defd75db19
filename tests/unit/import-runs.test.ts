// Several imported runs side by side: settings parsed from run names, the per-run summary and the
// comparison of fitted gold peaks across a group, grouped by a setting or by the user's --group
// (loaders/import/run-keys.ts, run-group.ts, run-summary.ts; the CLI's flag).
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {comparePeaks, groupKeys, groupValue, importLogs, normalizeGrouping, runKeys, runSummaries, summaryLines} from "../../loaders/import/index.ts";
import {runCli} from "../fixtures/cli-run.ts";
import type {RunSummary} from "../../loaders/import/index.ts";

test("runKeys: name=value, name_value, glued and known suffixes", () => {
  assert.deepEqual(runKeys("ppo-beta0.05-seed2"), {beta: 0.05, seed: 2});
  assert.deepEqual(runKeys("kl_coef=0.1 lr 1e-5"), {kl_coef: 0.1, lr: 1e-5});
  assert.deepEqual(runKeys("rloo_kl_coef_0.02"), {kl_coef: 0.02});
  assert.deepEqual(runKeys("Group: rloo-sweep-a"), {});
});

test("groupKeys: keys in every name with two values or more, beta-like first", () => {
  assert.deepEqual(groupKeys(["ppo-seed1", "ppo-seed2"]), ["seed"]);
  assert.deepEqual(groupKeys(["seed1-beta0.1", "seed1-beta0.2"]), ["beta"]);
  assert.deepEqual(groupKeys(["seed1-beta0.1", "seed2-beta0.2"]), ["beta", "seed"]);
  assert.deepEqual(groupKeys(["seed1", "other"]), []);
  assert.deepEqual(groupKeys(["seed1"]), []);
});

const row = (key: number | null, peak_d: number | null, low: number | null, high: number | null): RunSummary => ({
  label: `r${key}`, key, gold: "g", gold_source: "alias", paired_points: 20, divergence_p: null, divergence_step: null, gold_fall: null,
  peak_d, peak_d_low: low, peak_d_high: high, gao_r2: null, best_step: null, proxy_selection_cost: null
});

test("comparePeaks: the shared interval, the rank trend against the key, by hand", () => {
  const overlapping = comparePeaks([row(0.1, 1, 0.8, 1.2), row(0.2, 1.1, 0.9, 1.5), row(0.4, 1.3, 1.0, null)]);
  assert.equal(overlapping.common_peak, true);
  assert.equal(overlapping.shared_low, 1.0);
  assert.equal(overlapping.shared_high, 1.2);
  assert.equal(overlapping.kendall, 1); // peaks rise with the key in every pair
  assert.equal(overlapping.runs, 3);
  const apart = comparePeaks([row(0.1, 2, 1.8, 2.2), row(0.2, 1, 0.9, 1.1), row(0.4, 0.5, 0.4, 0.6)]);
  assert.equal(apart.common_peak, false);
  assert.equal(apart.shared_low, null);
  assert.equal(apart.kendall, -1);
  const two = comparePeaks([row(0.1, 2, 1.8, 2.2), row(0.2, 1, null, null)]);
  assert.equal(two.kendall, null); // fewer than 3 runs
  assert.equal(two.common_peak, null); // a run without an interval
});

test("a W&B export of two runs: one summary per run, keyed by seed, and the CLI's table", async () => {
  const bytes = new Uint8Array(readFileSync(new URL("../fixtures/logs/wandb-runs.csv", import.meta.url)));
  const runs = await importLogs(bytes, {name: "wandb-runs.csv"});
  const rows = runSummaries(runs, {key: groupKeys(runs.map((r) => r.run!))[0]});
  assert.deepEqual(rows.map((r) => [r.label, r.key, r.gold]), [["ppo-seed1", 1, "eval_win_rate"], ["ppo-seed2", 2, "eval_win_rate"]]);
  for (const r of rows) assert.ok(r.peak_d !== null && r.peak_d > 0, r.label);
  const lines = summaryLines(runs);
  assert.equal(lines[0], "goodhart import: 2 runs");
  assert.match(lines[1], /run\s+gold\s+divergence p\s+divergence step\s+peak d \[95%\]/);
  assert.match(lines[2], /^ {2}ppo-seed1\s+eval_win_rate\s+-\s+-\s+\d\.\d{3} \[\d\.\d{3}, /);
  assert.equal(lines.length, 4);
});

test("normalizeGrouping: a setting every run name holds, or a value for every run; errors name the run and the fix", () => {
  const labels = ["ppo-beta0.05-seed1", "ppo-beta0.1-seed2"];
  assert.equal(normalizeGrouping("beta", labels), "beta");
  assert.equal(groupValue("beta", labels[1]), 0.1);
  assert.throws(() => normalizeGrouping("kl_coef", labels), /invalid --group: kl_coef \(ppo-beta0.05-seed1, ppo-beta0.1-seed2 have no kl_coef in the name; expected a setting in every run name \(beta, seed\)\)/);
  const mapping = normalizeGrouping({"ppo-beta0.05-seed1": 3, "ppo-beta0.1-seed2": 1}, labels);
  assert.equal(groupValue(mapping, labels[0]), 3);
  assert.equal(groupValue(null, labels[0]), null);
  assert.throws(() => normalizeGrouping({"ppo-beta0.05-seed1": 3}, labels), /no value for ppo-beta0.1-seed2/);
  assert.throws(() => normalizeGrouping({"ppo-beta0.05-seed1": 3, "ppo-beta0.1-seed3": 1}, labels), /run "ppo-beta0.1-seed3" is not imported \(did you mean "ppo-beta0.1-seed2"\?/);
  assert.throws(() => normalizeGrouping({"ppo-beta0.05-seed1": "3", "ppo-beta0.1-seed2": 1}, labels), /invalid --group.ppo-beta0.05-seed1: "3" \(expected a finite number/);
  assert.throws(() => normalizeGrouping([1, 2], labels), /expected a setting's name, or \{"<run>": <number>\}/);
});

test("goodhart import --group: the per-run table gains the group's column and the peaks' comparison, from a name's setting or a file", async () => {
  const log = new URL("../fixtures/logs/wandb-runs.csv", import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), "goodhart-group-"));
  try {
    let {code, stderr} = await runCli(["import", log, "--out", join(dir, "a"), "--group", "seed"]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /run\s+seed\s+gold\s+divergence p/);
    assert.match(stderr, /ppo-seed2\s+2\s+eval_win_rate/);
    assert.match(stderr, /peaks by seed: fewer than 3 runs with a fitted peak and a seed: no trend; /);
    writeFileSync(join(dir, "kl.json"), JSON.stringify({"ppo-seed1": 0.05, "ppo-seed2": 0.1}));
    ({code, stderr} = await runCli(["import", log, "--out", join(dir, "b"), "--group", join(dir, "kl.json")]));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /ppo-seed1\s+0.05\s+eval_win_rate/);
    assert.match(stderr, /peaks by group: /);
    ({code, stderr} = await runCli(["import", log, "--out", join(dir, "c"), "--group", "beta"]));
    assert.equal(code, 2);
    assert.match(stderr, /invalid --group: beta \(ppo-seed1, ppo-seed2 have no beta in the name; expected a setting in every run name \(seed\)\)/);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});
