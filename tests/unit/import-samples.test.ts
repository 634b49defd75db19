// goodhart import, per-sample logs (loaders/import/samples-log.ts): OpenRLHF's
// eval_samples_step_<N>.jsonl and TRL's completions table reduced to per-step length and distinct
// n-grams beside proxy and gold, against counts done by hand; Unicode letters are word characters.
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, readdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {importLog} from "../../loaders/import/index.ts";
import {IssueLog} from "../../loaders/import/issues.ts";
import {distinctN, sampleSteps, sampleTokens} from "../../loaders/import/samples-log.ts";
import {runCli} from "../fixtures/cli-run.ts";

const logs = new URL("../fixtures/logs/", import.meta.url).pathname;
const bytes = (path: string) => new Uint8Array(readFileSync(join(logs, path)));
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test("tokens are \\w+|[^\\w\\s]+ with Unicode letters; distinct-n counts n-grams over all texts", () => {
  assert.deepEqual(sampleTokens("Réponse : 12."), ["Réponse", ":", "12", "."]);
  assert.deepEqual(sampleTokens("日本語 ok!!"), ["日本語", "ok", "!!"]);
  assert.equal(distinctN([["a", "b", "a"], ["a"]], 1), 2 / 4);
  assert.equal(distinctN([["a", "b", "a", "b"]], 2), 2 / 3);
  assert.equal(distinctN([["a"]], 2), null, "no bigram at all");
});

test("TRL's completions table (W&B JSON, steps as strings): per-step length and distinct n-grams, by hand", async () => {
  const run = await importLog(bytes("trl-grpo-trainer_state.json"), {name: "trainer_state.json", samples: [{name: "trl-completions.table.json", input: bytes("trl-completions.table.json")}]});
  const at = (step: number) => Object.fromEntries(run.metrics.filter((m) => m.step === step && String(m.key).startsWith("samples/")).map((m) => [m.key, m.value as number]));
  // step 5: "Réponse : 12." (13 chars, 4 tokens), "Die Antwort ist 12." (19 chars, 5 tokens); 7 distinct of 9 tokens, 6 of 7 bigrams
  const five = at(5);
  assert.deepEqual([five["samples/count"], five["samples/mean_chars"], five["samples/mean_tokens"]], [2, 16, 4.5]);
  close(five["samples/distinct_1"], 7 / 9);
  close(five["samples/distinct_2"], 6 / 7);
  assert.equal(five["samples/reward_mean"], undefined, "per-function rewards only: no reward column");
  // step 50: 7 + 9 tokens, 8 distinct; 6 + 8 bigrams, 9 distinct
  const fifty = at(50);
  assert.equal(fifty["samples/mean_tokens"], 8);
  close(fifty["samples/distinct_1"], 8 / 16);
  close(fifty["samples/distinct_2"], 9 / 14);
  assert.ok(run.issues.some((i) => i.code === "samples" && /trl-completions.table.json: 4 samples at 2 steps \(5-50\)/.test(i.reason)));
});

test("goodhart import --samples <folder>: OpenRLHF's eval_samples_step_<N>.jsonl beside proxy and gold; repetition shows as falling distinct-n", async () => {
  const out = mkdtempSync(join(tmpdir(), "goodhart-samples-"));
  try {
    const {code, stderr} = await runCli(["import", join(logs, "openrlhf-wandb.csv"), "--samples", join(logs, "openrlhf-samples"), "--out", out]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /eval_samples_step_12.jsonl: 3 samples at 1 steps \(12-12\) as samples\/\* metrics \(length, distinct n-grams, reward\)/);
    const metrics = tableFromIPC(readFileSync(join(out, "imported_metrics.arrow"))).toArray().map((r) => r.toJSON());
    const series = (key: string) => metrics.filter((m) => m.key === key).map((m) => [m.step, m.value]);
    assert.deepEqual(series("samples/count"), [[4, 3], [8, 3], [12, 3]]);
    assert.deepEqual(series("samples/reward_mean").map(([s, v]) => [s, Number((v as number).toFixed(6))]), [[4, 0.8], [8, 1.1], [12, 1.6]]);
    const d1 = series("samples/distinct_1").map(([, v]) => v as number);
    assert.ok(d1[2] < d1[1] && d1[2] < d1[0], `step 12 repeats itself: distinct-1 ${d1.join(", ")}`);
    const tokens = series("samples/mean_tokens").map(([, v]) => v as number);
    assert.ok(tokens[1] > tokens[0], "longer at step 8");
    const two = await runCli(["import", join(logs, "openrlhf-wandb.csv"), join(logs, "verl-console.log"), "--samples", join(logs, "openrlhf-samples"), "--out", join(out, "x")]);
    assert.equal(two.code, 2, "samples go with one log");
    assert.match(two.stderr, /--samples goes with one log \(the run the samples come from\), not 2/);
    assert.deepEqual(readdirSync(out).includes("x"), false, "nothing written");
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
  await assert.rejects(importLog(bytes("wandb-runs.csv"), {name: "wandb-runs.csv", run: "ppo-seed1", samples: [{name: "s.jsonl", input: '{"step": 1, "completion": "a"}'}]}), /holds 2 runs: per-sample logs \(--samples\) go with a log of one run/);
});
