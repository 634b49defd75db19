// goodhart import, output: the CLI writes runs, curves, imported_metrics and imported_analysis
// (Arrow, atomically, exit 2 and nothing written on bad input), the analysis of a log with proxy and
// gold (Gao fit, rank correlation, divergence point), and the parsing code bundles for a browser.
import assert from "node:assert/strict";
import {existsSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {build} from "esbuild";
import {tableFromIPC} from "apache-arrow";
import {importLog, logColumns} from "../../loaders/import/index.ts";
import {curves, importedTables, runs} from "../../loaders/io/schema/index.ts";
import {runCli} from "../fixtures/cli-run.ts";

const logs = new URL("../fixtures/logs/", import.meta.url).pathname;
const fixture = (name: string) => readFileSync(join(logs, name), "utf8");

const cli = runCli;

test("goodhart import writes the four tables with the declared columns; the report names lines and reasons", async () => {
  const out = mkdtempSync(join(tmpdir(), "goodhart-import-"));
  try {
    const {code, stderr} = await cli(["import", join(logs, "trainer_state.json"), join(logs, "nonfinite.jsonl"), join(logs, "pairs.log"), "--out", out, "--name", "mixed"]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /nonfinite.jsonl:3: problem: reward is NaN: value skipped/);
    assert.match(stderr, /nonfinite.jsonl:7: problem: the last line is cut off/);
    assert.match(stderr, /trainer_state.json:167: note: final summary row/);
    assert.match(stderr, /pairs.log \(text\): 4 rows read, 4 steps, 4 curve points \(steps 10-40\), 0 problems/);
    assert.match(stderr, /analysis: 4 points with proxy and gold: Spearman/);
    for (const [name, spec] of [["runs", runs], ["curves", curves], ...Object.entries(importedTables)] as const) {
      const table = tableFromIPC(readFileSync(join(out, `${name}.arrow`)));
      assert.deepEqual(table.schema.fields.map((f) => f.name), spec.columns.map((c) => c.name), name);
    }
    const runRows = tableFromIPC(readFileSync(join(out, "runs.arrow"))).toArray().map((r) => r.toJSON());
    assert.deepEqual(runRows.map((r) => [r.experiment, r.sweep, r.world, r.optimizer, r.reward_source]), [
      ["mixed", "trainer_state.json", "imported", "trl", "objective/scores"],
      ["mixed", "nonfinite.jsonl", "imported", "imported", "reward"],
      ["mixed", "pairs.log", "imported", "imported", "reward"]
    ]);
    const config = JSON.parse(runRows[2].config_json);
    assert.deepEqual(config.mapping, {step: "step", proxy: "reward", gold: "gold", kl: "kl", kl_estimator: "k1", tool: "imported"});
    const curveRows = tableFromIPC(readFileSync(join(out, "curves.arrow"))).toArray();
    assert.equal(curveRows.length, 10 + 5 + 4);
    const metrics = tableFromIPC(readFileSync(join(out, "imported_metrics.arrow"))).toArray().map((r) => r.toJSON());
    assert.ok(metrics.some((m) => m.name === "learning_rate" && m.key === "learning_rate" && m.step === 10));
    assert.ok(metrics.every((m) => Number.isFinite(m.value)));
    const analysis = tableFromIPC(readFileSync(join(out, "imported_analysis.arrow"))).toArray().map((r) => r.toJSON());
    assert.equal(analysis.length, 3);
    assert.equal(analysis[0].spearman, null, "no gold in trainer_state.json");
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
});

test("bad input exits with status 2 and writes nothing: --strict, empty file, unknown column, bad --format, no --out", async () => {
  const out = mkdtempSync(join(tmpdir(), "goodhart-import-"));
  try {
    const cases: [string[], RegExp][] = [
      [["import", join(logs, "resumed.jsonl"), "--strict"], /resumed.jsonl:41: training step 31 again .*--strict stops at the first problem/],
      [["import", join(logs, "overopt.json"), join(logs, "empty.jsonl")], /empty.jsonl: empty file/],
      [["import", join(logs, "overopt.json"), "--gold", "judge"], /invalid gold: "judge" is not a column of overopt.json/],
      [["import", join(logs, "overopt.json"), "--kl-estimator", "k9"], /invalid flag.kl_estimator: "k9"/],
      [["import", join(logs, "overopt.json"), "--format", "xml"], /invalid --format: xml \(expected auto, trl, json, jsonl, csv, text, tfevents, parquet\)/],
      [["import", join(logs, "overopt.json"), "--map", join(logs, "nonfinite.jsonl")], /invalid --map .*nonfinite.jsonl/],
      [["import"], /missing log/]
    ];
    for (const [args, message] of cases) {
      const {code, stderr} = await cli([...args, "--out", out]);
      assert.equal(code, 2, args.join(" "));
      assert.match(stderr, message);
    }
    assert.equal((await cli(["import", join(logs, "overopt.json")])).code, 2, "no --out");
    assert.ok(!existsSync(join(out, "runs.arrow")), "nothing written");
    const {code} = await cli(["import", join(logs, "launcher.log"), "--format", "text", "--out", out]);
    assert.equal(code, 0);
    assert.ok(existsSync(join(out, "curves.arrow")));
    const mapped = await cli(["import", join(logs, "overopt.json"), "--map", join(logs, "overopt-map.json"), "--kl-estimator", "k3", "--out", out]);
    assert.equal(mapped.code, 0, mapped.stderr);
    const run = tableFromIPC(readFileSync(join(out, "runs.arrow"))).get(0)!.toJSON();
    assert.deepEqual(JSON.parse(run.config_json).mapping, {step: "step", proxy: "reward", gold: "judge/helpfulness", kl: "kl", kl_estimator: "k3", tool: "custom-ppo"}, "flags override the mapping file");
    assert.match(mapped.stderr, /divergence: at step \d+ \(smoothed gold falls 0\.\d+ \[95% [\d.]+, [\d.]+\] after step \d+, p = 0\.\d+/);
    assert.match(mapped.stderr, /Gao RL fit gold = c \+ d \(alpha - beta log d\): alpha 0\.5/);
    assert.match(mapped.stderr, /best gold at step \d+, selecting by proxy \(step \d+\) costs -0\.\d+ gold/);
    assert.match(mapped.stderr, /forecast from step \d+: gold peaks at step \d+ and falls/);
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
});

test("the analysis of a log with proxy and gold: Gao fits of gold vs sqrt(KL), rank correlation, best checkpoint, divergence test, forecast", async () => {
  // overopt.json: proxy = 1.2 d + noise rises; gold = d (0.5 - log d) + noise + 0.2 peaks at d = e^-0.5 = 0.607
  // (step 37) and then falls: the RL form with alpha 0.5, beta 1. Its first point has KL 0, so c is its gold, 0.2.
  const {analysis} = await importLog(fixture("overopt.json"), {name: "overopt.json", mapping: {gold: "judge/helpfulness"}});
  const a = analysis as Record<string, number>;
  assert.ok(Math.abs(a.gao_alpha - 0.5) < 0.02 && Math.abs(a.gao_beta - 1) < 0.02 && a.gao_c === 0.2, `alpha ${a.gao_alpha}, beta ${a.gao_beta}, c ${a.gao_c}`);
  assert.ok(Math.abs(a.gao_peak_d - Math.exp(-0.5)) < 0.02);
  assert.ok(a.gao_peak_d_low < Math.exp(-0.5) && Math.exp(-0.5) < a.gao_peak_d_high, `[${a.gao_peak_d_low}, ${a.gao_peak_d_high}]`);
  assert.ok(a.bon_r2 !== null && a.bon_peak_d > 0, "the best-of-n form is fitted too");
  assert.ok(a.spearman < -0.5 && a.kendall < -0.5, "gold mostly falls as proxy rises");
  assert.ok(a.divergence_step >= 30 && a.divergence_step <= 50 && a.divergence_p <= 0.05, `divergence at ${a.divergence_step}, p ${a.divergence_p}`);
  assert.ok(a.gold_fall > 0.3 && a.proxy_gain > 0.8 && a.gold_fall_low > 0 && a.gold_fall_low < a.gold_fall && a.gold_fall < a.gold_fall_high);
  assert.equal(a.gold_peak_step, 50);
  assert.equal(a.proxy_best_step, 190);
  assert.ok(Math.abs(a.proxy_selection_cost - (a.gold_at_proxy_best - a.best_gold)) < 1e-12 && a.proxy_selection_cost < -0.3);
  assert.equal(a.forecast_from_step, 95);
  assert.equal(a.paired_points, 41);
  assert.deepEqual(logColumns(fixture("overopt.json"), {name: "overopt.json"}), ["step", "global_step", "episode", "epoch", "reward", "judge/helpfulness", "kl", "completions/mean_length"], "what the import page offers for the mapping");
});

test("a late-starting log (the shipped TRL trainer state, first KL 0.112): the RL fit's offset is free", async () => {
  const {analysis} = await importLog(readFileSync("data/logs/trl-ppo-trainer_state.json", "utf8"), {name: "trl-ppo-trainer_state.json"});
  const a = analysis as Record<string, number>;
  assert.ok(Math.abs(a.gao_peak_d - 1.06) < 0.01 && Math.abs(a.gao_r2 - 0.89) < 0.01, `peak d ${a.gao_peak_d}, R2 ${a.gao_r2}`);
  assert.ok(a.gao_c < 0, `c ${a.gao_c} fitted, not the first gold`);
});

test("the import code is pure: it bundles for a browser without a node: module", async () => {
  const result = await build({entryPoints: ["loaders/import/index.ts"], bundle: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent"});
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.includes("loaders/import/import-log.ts"));
  assert.deepEqual(inputs.filter((i) => i.startsWith("node:") || /loaders\/(io\/arrow|version|run\/)/.test(i)), []);
});
