// goodhart import, per-sample logs (loaders/import/samples-log.ts): OpenRLHF's
// eval_samples_step_<N>.jsonl and TRL's completions table reduced to per-step length, Kim & Seo's LI
// and RP, and distinct n-grams beside proxy and gold (table imported_samples), against counts done by
// hand; Unicode letters are word characters; completions cut at stop strings.
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, readdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {importLog} from "../../loaders/import/index.ts";
import {IssueLog} from "../../loaders/import/issues.ts";
import {distinctN, sampleSteps} from "../../loaders/import/samples-log.ts";
import {importedSamples} from "../../loaders/io/schema/index.ts";
import {runCli} from "../fixtures/cli-run.ts";

const logs = new URL("../fixtures/logs/", import.meta.url).pathname;
const bytes = (path: string) => new Uint8Array(readFileSync(join(logs, path)));
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test("distinct-n counts n-grams over all texts", () => {
  assert.equal(distinctN([["a", "b", "a"], ["a"]], 1), 2 / 4);
  assert.equal(distinctN([["a", "b", "a", "b"]], 2), 2 / 3);
  assert.equal(distinctN([["a"]], 2), null, "no bigram at all");
});

test("TRL's completions table (W&B JSON, steps as strings): per-step length and distinct n-grams, by hand", async () => {
  const run = await importLog(bytes("trl-grpo-trainer_state.json"), {name: "trainer_state.json", samples: [{name: "trl-completions.table.json", input: bytes("trl-completions.table.json")}]});
  const at = (step: number) => run.samples.find((s) => s.step === step) as Record<string, number | string | null>;
  assert.equal(run.samples.length, 2);
  assert.ok(!run.metrics.some((m) => String(m.key).startsWith("samples/")), "computed text metrics are not the log's metrics");
  // step 5: "Réponse : 12." (13 chars, 4 tokens), "Die Antwort ist 12." (19 chars, 5 tokens); 7 distinct of 9 tokens, 6 of 7 bigrams
  const five = at(5);
  assert.deepEqual([five.source, five.samples, five.cut, five.mean_chars, five.mean_tokens], ["trl-completions.table.json", 2, 0, 16, 4.5]);
  close(five.mean_li as number, 0.045);
  close(five.mean_rp as number, 1);
  close(five.distinct_1 as number, 7 / 9);
  close(five.distinct_2 as number, 6 / 7);
  assert.equal(five.reward_mean, null, "per-function rewards only: no reward column");
  // step 50: "Réponse : 12 12 12 12." (7 tokens: trigrams 5, "12 12 12" twice -> RP 4/5) and "Die Antwort ist 12, 12, 12."
  // (9 tokens: trigrams 7, "12 , 12" twice -> RP 6/7); 7 + 9 tokens, 8 distinct; 6 + 8 bigrams, 9 distinct
  const fifty = at(50);
  assert.equal(fifty.mean_tokens, 8);
  close(fifty.mean_li as number, 0.08);
  close(fifty.mean_rp as number, (4 / 5 + 6 / 7) / 2);
  close(fifty.distinct_1 as number, 8 / 16);
  close(fifty.distinct_2 as number, 9 / 14);
  assert.ok(run.issues.some((i) => i.code === "samples" && /trl-completions.table.json: 4 samples at 2 steps \(5-50\) as imported_samples \(length, LI, RP, distinct n-grams\)/.test(i.reason)));
  assert.ok(!run.issues.some((i) => i.code === "samples_off_curve"), "steps 5 and 50 are curve points");
});

test("goodhart import --samples <folder>: OpenRLHF's eval_samples_step_<N>.jsonl beside proxy and gold; repetition shows as falling distinct-n", async () => {
  const out = mkdtempSync(join(tmpdir(), "goodhart-samples-"));
  try {
    const {code, stderr} = await runCli(["import", join(logs, "openrlhf-wandb.csv"), "--samples", join(logs, "openrlhf-samples"), "--out", out]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /eval_samples_step_12.jsonl: 3 samples at 1 steps \(12-12\) as imported_samples \(length, LI, RP, distinct n-grams, reward\)/);
    const table = tableFromIPC(readFileSync(join(out, "imported_samples.arrow")));
    assert.deepEqual(table.schema.fields.map((f) => f.name), importedSamples.columns.map((c) => c.name), "the schema's columns, in order");
    const rows = table.toArray().map((r) => r.toJSON());
    assert.deepEqual(rows.map((r) => [r.step, r.source, r.samples, r.cut]), [[4, "eval_samples_step_4.jsonl", 3, 0], [8, "eval_samples_step_8.jsonl", 3, 0], [12, "eval_samples_step_12.jsonl", 3, 0]]);
    assert.deepEqual(rows.map((r) => Number(r.reward_mean.toFixed(6))), [0.8, 1.1, 1.6]);
    const [four, eight, twelve] = rows;
    assert.ok(twelve.distinct_1 < eight.distinct_1 && twelve.distinct_1 < four.distinct_1, `step 12 repeats itself: distinct-1 ${rows.map((r) => r.distinct_1).join(", ")}`);
    assert.ok(twelve.mean_rp < 0.6 && four.mean_rp === 1 && eight.mean_rp > 0.9, `RP falls at step 12: ${rows.map((r) => r.mean_rp).join(", ")}`);
    assert.ok(eight.mean_tokens > four.mean_tokens, "longer at step 8");
    for (const r of rows) assert.ok(Math.abs(r.mean_li - r.mean_tokens / 100) < 1e-12, "LI is tokens / 100");
    const metrics = tableFromIPC(readFileSync(join(out, "imported_metrics.arrow"))).toArray().map((r) => r.toJSON());
    assert.ok(!metrics.some((m) => String(m.key).startsWith("samples/")));
    const two = await runCli(["import", join(logs, "openrlhf-wandb.csv"), join(logs, "verl-console.log"), "--samples", join(logs, "openrlhf-samples"), "--out", join(out, "x")]);
    assert.equal(two.code, 2, "samples go with one log");
    assert.match(two.stderr, /--samples goes with one log \(the run the samples come from\), not 2/);
    assert.deepEqual(readdirSync(out).includes("x"), false, "nothing written");
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
});

test("stop strings: each completion is cut at the first, then measured; the cut is counted and reported", async () => {
  const out = mkdtempSync(join(tmpdir(), "goodhart-stop-"));
  try {
    const {code, stderr} = await runCli(["import", join(logs, "trl-grpo-trainer_state.json"), "--samples", join(logs, "trl-completions-stop.jsonl"), "--stop", "\n\nUser:", "--stop", "</s>", "--out", out]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /trl-completions-stop.jsonl: 4 samples at 2 steps \(5-10\) as imported_samples \(length, LI, RP, distinct n-grams, reward\); 3 cut at a stop string \("\\n\\nUser:", "<\/s>"\)/);
    const rows = tableFromIPC(readFileSync(join(out, "imported_samples.arrow"))).toArray().map((r) => r.toJSON());
    // step 5: " Red is a primary colour." (6 tokens, 25 chars) and " 3 x 4 is 12." (6 tokens, 13 chars)
    assert.deepEqual([rows[0].cut, rows[0].mean_tokens, rows[0].mean_chars, rows[0].mean_rp], [1, 6, 19, 1]);
    // step 10: " Red, red, red is a primary colour, a primary colour." (14 tokens: trigrams 12, "a primary colour" twice -> 11 unique)
    // and " 3 x 4 is 12, and 12 is 3 x 4." (13 tokens: trigrams 11, "3 x 4" twice -> 10 unique)
    assert.deepEqual([rows[1].cut, rows[1].mean_tokens], [2, 13.5]);
    close(rows[1].mean_li, 0.135);
    close(rows[1].mean_rp, (11 / 12 + 10 / 11) / 2);
    const config = JSON.parse(tableFromIPC(readFileSync(join(out, "runs.arrow"))).get(0)!.config_json);
    assert.deepEqual([config.samples, config.stop], [["trl-completions-stop.jsonl"], ["\n\nUser:", "</s>"]]);
    const uncut = await importLog(bytes("trl-grpo-trainer_state.json"), {name: "trainer_state.json", samples: [{name: "s.jsonl", input: bytes("trl-completions-stop.jsonl")}]});
    assert.ok((uncut.samples[1].mean_tokens as number) > 20, "without --stop the next turn counts");
    for (const [args, message] of [[["--stop", "</s>"], /--stop goes with --samples/], [["--samples", join(logs, "trl-completions-stop.jsonl"), "--stop", ""], /invalid --stop: "" \(expected the text a completion ends at/]] as const) {
      const bad = await runCli(["import", join(logs, "trl-grpo-trainer_state.json"), ...args, "--out", join(out, "bad")]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, message);
    }
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
});

test("samples without a step or a text are reported; a file with none, or samples with a file of several runs, is an error", async () => {
  const log = new IssueLog("s.jsonl");
  const steps = sampleSteps('{"step": 1, "completion": "a b"}\n{"completion": "no step"}\n{"step": 2}\nnot json\n', log, {name: "s.jsonl"});
  assert.deepEqual(steps.map((s) => s.step), [1]);
  assert.deepEqual(log.issues.map((i) => `${i.line} ${i.code}`), ["4 malformed", "2 no_sample"]);
  assert.match(log.issues[1].reason, /2 samples without a step .* skipped \(the first: line 2\)/);
  assert.throws(() => sampleSteps('{"prompt": "x"}\n', new IssueLog("e.jsonl"), {name: "e.jsonl"}), /e.jsonl: no samples with a step and a text/);
  const off = await importLog(bytes("trl-grpo-trainer_state.json"), {name: "trainer_state.json", samples: [{name: "s.jsonl", input: '{"step": 7, "completion": "a b"}\n{"step": 10, "completion": "c"}'}]});
  assert.ok(off.issues.some((i) => i.code === "samples_off_curve" && /s.jsonl: 1 of 2 sample steps are not curve points \(the first: 7\)/.test(i.reason)));
  await assert.rejects(importLog(bytes("wandb-runs.csv"), {name: "wandb-runs.csv", run: "ppo-seed1", samples: [{name: "s.jsonl", input: '{"step": 1, "completion": "a"}'}]}), /holds 2 runs: per-sample logs \(--samples\) go with a log of one run/);
});
