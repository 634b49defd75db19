// goodhart import, reading: format detection, each format's fixture (tests/fixtures/logs/), line
// numbers and reasons of what is skipped, NaN/Infinity however written, empty and truncated files.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {ImportError, detectFormat, importLog} from "../../loaders/import/index.ts";
import {parseLenientJson} from "../../loaders/import/lenient-json.ts";
import type {Issue} from "../../loaders/import/index.ts";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url), "utf8");
const load = (name: string, options = {}) => importLog(fixture(name), {name, ...options});
const brief = (issues: readonly Issue[], severity = "problem") => issues.filter((i) => i.severity === severity).map((i) => `${i.line} ${i.code}`);

test("formats are detected from the name and the first characters", () => {
  assert.equal(detectFormat(fixture("trainer_state.json")), "trl");
  assert.equal(detectFormat(fixture("overopt.json")), "json");
  assert.equal(detectFormat(fixture("resumed.jsonl")), "jsonl");
  assert.equal(detectFormat(fixture("resumed.jsonl"), "x.log"), "jsonl", "a whole object on the first line");
  assert.equal(detectFormat(fixture("wandb-export.csv"), "history"), "csv", "a header of comma-separated names");
  assert.equal(detectFormat(fixture("launcher.log")), "text", "[2024-...] is a timestamp, not a JSON list");
  assert.equal(detectFormat("{'loss': 0.1, 'epoch': 1}\n"), "text", "a printed Python dict");
  assert.equal(detectFormat(fixture("pairs.log")), "text");
});

test("the lenient JSON reader takes NaN and Infinity as json.dump writes them, and Python's repr", () => {
  assert.deepEqual(parseLenientJson('{"a": NaN, "b": -Infinity, "c": [1, 2.5e-3]}'), {a: NaN, b: -Infinity, c: [1, 0.0025]});
  assert.deepEqual(parseLenientJson("{'a': nan, 'b': True, 'c': None, 'd': -inf}", {python: true}), {a: NaN, b: true, c: null, d: -Infinity});
  assert.throws(() => parseLenientJson("{'a': 1}"), /expected a key/);
  assert.throws(() => parseLenientJson('{"a": [1, 2'), (e: Error & {truncated?: boolean}) => e.truncated === true);
  assert.throws(() => parseLenientJson('{"a": 1 "b": 2}'), (e: Error & {truncated?: boolean}) => e.truncated === false);
});

test("TRL trainer_state.json: log_history rows, eval rows merged by step, the summary row set aside, callback state skipped", async () => {
  const imported = await load("trainer_state.json");
  assert.equal(imported.format, "trl");
  assert.equal(imported.mapping.tool, "trl");
  assert.deepEqual([imported.mapping.step, imported.mapping.proxy, imported.mapping.kl, imported.mapping.gold], ["step", "objective/scores", "objective/kl", null]);
  assert.equal(imported.rowsRead, 13, "10 training rows, 2 eval rows, 1 summary row");
  assert.deepEqual(imported.curves.map((c) => c.point), [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  assert.deepEqual(brief(imported.issues), [], "nothing lost");
  assert.deepEqual(brief(imported.issues, "note"), ["0 columns", "0 gold", "81 eval_rows", "167 summary_row"]);
  const evalLoss = imported.metrics.filter((m) => m.key === "eval_loss").map((m) => m.step);
  assert.deepEqual(evalLoss, [50, 100], "eval metrics keep their step");
  assert.ok(!imported.metrics.some((m) => m.key === "train_runtime"), "summary totals are not a step's metrics");
  assert.equal(imported.curves[0].beta, 0.05, "objective/kl_coef is curves.beta");
  assert.equal(imported.curves[0].entropy, 39);
});

test("a trainer_state.json cut off inside log_history keeps its complete rows and says where", async () => {
  const imported = await load("trainer_state-truncated.json");
  assert.deepEqual(brief(imported.issues), ["101 truncated"]);
  assert.match(imported.issues.find((i) => i.code === "truncated")!.reason, /file ends at line 101 .*6 complete rows/);
  assert.deepEqual(imported.curves.map((c) => c.point), [10, 20, 30, 40, 50]);
  await assert.rejects(load("trainer_state-truncated.json", {strict: true}), /trainer_state-truncated.json:101: file ends/);
  await assert.rejects(importLog('{"epoch": 1, "log_his', {name: "x.json"}), /truncated JSON before log_history/);
});

test("JSONL: NaN and Infinity as strings and bare tokens skip the value (reported), integers and floats mix, a truncated last line", async () => {
  const imported = await load("nonfinite.jsonl");
  assert.deepEqual(brief(imported.issues), ["2 non_finite", "3 non_finite", "4 non_finite", "5 non_finite", "7 truncated"]);
  assert.deepEqual(imported.issues.filter((i) => i.code === "non_finite").map((i) => i.reason), ["kl is NaN: value skipped", "reward is NaN: value skipped", "loss is Infinity: value skipped", "loss is -inf: value skipped"]);
  assert.deepEqual(imported.curves.map((c) => c.point), [1, 2, 4, 5, 6], "step 3's reward is NaN: not a curve point");
  assert.equal(imported.curves[1].kl, null, "step 2's KL is NaN: null, the point kept");
  assert.deepEqual(imported.curves.map((c) => c.proxy_reward), [0, 0.1, 0.3, 0.4, 1], "0 and 1 are integers in the file");
  assert.ok(imported.metrics.some((m) => m.step === 3 && m.key === "loss"), "step 3's other metrics are kept");
  assert.ok(!imported.metrics.some((m) => m.key === "note"), "text is not a metric");
});

test("W&B CSV export: quoted names, empty cells, a NaN cell, 1e-05 next to integers", async () => {
  const imported = await load("wandb-export.csv");
  assert.equal(imported.mapping.step, "Step");
  assert.deepEqual([imported.mapping.proxy, imported.mapping.kl], ["train/reward", "train/kl"]);
  assert.deepEqual(brief(imported.issues), ["5 no_proxy", "6 non_finite"]);
  assert.match(imported.issues.find((i) => i.code === "no_proxy")!.reason, /step 3 has no train\/reward value/);
  assert.deepEqual(imported.curves.map((c) => c.point), [0, 1, 2, 4, 5]);
  const lengths = imported.metrics.filter((m) => m.name === "completion_length").map((m) => [m.step, m.value]);
  assert.deepEqual(lengths, [[0, 120], [2, 118.5], [3, 117], [4, 116], [5, 115]], "empty cells are missing values, not zeros");
  assert.deepEqual(imported.metrics.find((m) => m.key === "train/learning_rate"), {run_id: imported.runs.run_id, step: 0, name: "learning_rate", key: "train/learning_rate", value: 1e-5});
  const cut = await importLog(fixture("wandb-export.csv") + "6,6,10.1,0.45", {name: "cut.csv"});
  assert.deepEqual(brief(cut.issues), ["5 no_proxy", "6 non_finite", "8 truncated"]);
});

test("text launcher logs: printed dicts amid prose and progress bars, and name/value lines", async () => {
  const hf = await load("launcher.log");
  assert.equal(hf.format, "text");
  assert.deepEqual(brief(hf.issues), ["0 no_step_column", "4 non_finite", "6 truncated"], "no step: row order; grad_norm nan; a dict cut off");
  assert.deepEqual(hf.curves.map((c) => [c.point, c.proxy_reward, c.kl]), [[1, -0.5, 0], [2, -0.2, 0.21], [3, 0.3, 0.5]]);
  assert.ok(hf.issues.some((i) => i.code === "summary_row" && i.line === 8));
  assert.ok(hf.issues.some((i) => i.code === "no_metrics" && /4 lines without metrics/.test(i.reason)));
  await assert.rejects(load("launcher.log", {strict: true}), /^Error: launcher.log:6: a metrics dict that does not parse .*--strict stops at the first problem/);
  const pairs = await load("pairs.log");
  assert.deepEqual(pairs.curves.map((c) => [c.point, c.proxy_reward, c.kl, c.gold_reward]), [[10, 0.5, 0.1, 0.4], [20, 0.8, 0.25, 0.55], [30, 1.1, 0.45, 0.5], [40, 1.35, 0.7, 0.41]]);
  assert.deepEqual(brief(pairs.issues), []);
});

test("empty files, and logs with no rows or no proxy, are errors that name the file", async () => {
  await assert.rejects(load("empty.jsonl"), (e: Error) => e instanceof ImportError && /empty.jsonl: empty file/.test(e.message));
  await assert.rejects(importLog("\n\n  \n", {name: "blank.log"}), /empty file/);
  await assert.rejects(importLog("just prose\nno numbers here\n", {name: "prose.log"}), /no rows in this text log/);
  await assert.rejects(importLog('{"step": 1, "loss": 0.5}\n', {name: "loss.jsonl"}), /no proxy reward column in loss.jsonl: none of objective\/scores, reward, .*\(columns: loss, step\); pass --proxy/);
});
