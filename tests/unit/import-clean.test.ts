// goodhart import, cleaning and mapping: the duplicate rule after a resume, split rows, the summary
// row, several step-like fields, the aliases, the mapping file and flags, and --strict.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {ImportError, canonicalName, importLog, normalizeMapping, resolveMapping} from "../../loaders/import/index.ts";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url), "utf8");
const jsonl = (...rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");

test("a resume from a checkpoint: every duplicated step keeps its LAST occurrence (the resumed run), reported once with the lines dropped", async () => {
  const imported = await importLog(fixture("resumed.jsonl"), {name: "resumed.jsonl"});
  assert.deepEqual(imported.curves.map((c) => c.point), Array.from({length: 60}, (_, i) => i + 1));
  const at = (step: number) => imported.curves.find((c) => c.point === step)!.proxy_reward;
  assert.equal(at(30), 0.6, "before the resume point: the first run");
  assert.equal(at(35), 0.701, "a duplicated step: the resumed run's value (0.7 + 0.001), not the first run's 0.7");
  const problems = imported.issues.filter((i) => i.severity === "problem");
  assert.deepEqual(problems.map((i) => [i.line, i.code]), [[41, "duplicate_step"]]);
  assert.match(problems[0].reason, /training step 31 again after step 40 .*10 earlier rows dropped \(lines 31-40, steps 31-40\)/);
  await assert.rejects(importLog(fixture("resumed.jsonl"), {name: "resumed.jsonl", strict: true}), /resumed.jsonl:41: training step 31 again/);
});

test("the rows of an abandoned stretch that the resumed run did not log again are dropped too", async () => {
  // steps 1..6 logged, crash, resume from the checkpoint at 3 with a coarser interval: 4, 6, 8
  const text = jsonl(...[1, 2, 3, 4, 5, 6].map((step) => ({step, reward: step})), ...[4, 6, 8].map((step) => ({step, reward: step + 0.5})));
  const imported = await importLog(text, {name: "r.jsonl"});
  assert.deepEqual(imported.curves.map((c) => [c.point, c.proxy_reward]), [[1, 1], [2, 2], [3, 3], [4, 4.5], [6, 6.5], [8, 8.5]]);
});

test("a summary row that repeats the last step with the same values is kept once (a note); one row split in two is merged", async () => {
  const repeated = await importLog(jsonl({step: 1, reward: 0.1}, {step: 2, reward: 0.2}, {step: 2, reward: 0.2}), {name: "x.jsonl", strict: true});
  assert.deepEqual(repeated.curves.map((c) => c.point), [1, 2]);
  assert.deepEqual(repeated.issues.filter((i) => i.code === "repeated_row").map((i) => i.line), [3]);
  const split = await importLog(jsonl({step: 1, reward: 0.1}, {step: 1, kl: 0.01, loss: 2}), {name: "x.jsonl", strict: true});
  assert.deepEqual(split.curves.map((c) => [c.point, c.proxy_reward, c.kl]), [[1, 0.1, 0.01]]);
  assert.equal(split.issues.find((i) => i.code === "merged")?.line, 2);
});

test("several step-like fields: step wins over global_step, episode and epoch, which stay metrics; steps must be integers", async () => {
  const text = fixture("overopt.json");
  const imported = await importLog(text, {name: "overopt.json"});
  assert.equal(imported.mapping.step, "step");
  assert.match(imported.issues.find((i) => i.code === "columns")!.reason, /also step-like: global_step, episode, epoch \(kept as metrics\)/);
  assert.deepEqual(imported.metrics.filter((m) => m.step === 200 && ["global_step", "episode", "epoch"].includes(m.key as string)).map((m) => m.value), [200, 6400, 1]);
  const byEpisode = await importLog(text, {name: "overopt.json", mapping: {step: "episode"}});
  assert.deepEqual(byEpisode.curves.slice(0, 3).map((c) => c.point), [0, 160, 320]);
  const byEpoch = await importLog(jsonl({epoch: 0.5, reward: 1}, {epoch: 1, reward: 2}), {name: "e.jsonl", mapping: {step: "epoch"}});
  assert.deepEqual(byEpoch.issues.filter((i) => i.severity === "problem").map((i) => [i.line, i.code, i.reason]), [[1, "bad_step", "epoch 0.5 is not a step (expected an integer >= 0): row skipped"]]);
  const missing = await importLog(jsonl({step: 1, reward: 1}, {reward: 2}, {step: 3, reward: 3}), {name: "m.jsonl"});
  assert.deepEqual(missing.issues.filter((i) => i.severity === "problem").map((i) => [i.line, i.reason]), [[2, "no step value: row skipped"]]);
});

test("metric aliases: the first known name of each role, canonical names for other metrics, one reward function as the proxy", () => {
  const cols = (...names: string[]) => new Set(names);
  assert.deepEqual(resolveMapping({}, cols("global_step", "reward", "kl", "completions/mean_length")), {step: "global_step", proxy: "reward", gold: null, kl: "kl", kl_estimator: "k1", tool: "imported"});
  assert.equal(resolveMapping({}, cols("step", "objective/scores", "reward")).proxy, "objective/scores");
  assert.equal(resolveMapping({}, cols("step", "reward_mean")).proxy, "reward_mean");
  assert.equal(resolveMapping({}, cols("step", "train_reward", "judge_score")).gold, "judge_score");
  assert.equal(resolveMapping({}, cols("step", "rewards/accuracy_reward/mean")).proxy, "rewards/accuracy_reward/mean");
  assert.throws(() => resolveMapping({}, cols("step", "rewards/a/mean", "rewards/b/mean")), /no proxy reward column .* and 2 reward functions/);
  for (const [key, name] of [["lr", "learning_rate"], ["learning_rate", "learning_rate"], ["completions/mean_length", "completion_length"], ["completion_length", "completion_length"], ["objective/entropy", "entropy"], ["my/metric", "my/metric"]]) assert.equal(canonicalName(key), name);
});

test("the mapping file: named columns, null for none, estimator and tool; unknown keys, bad values and absent columns are errors", async () => {
  const map = normalizeMapping(JSON.parse(fixture("overopt-map.json")));
  assert.deepEqual(map, {gold: "judge/helpfulness", kl: "kl", kl_estimator: "k1", tool: "custom-ppo"});
  const imported = await importLog(fixture("overopt.json"), {name: "overopt.json", mapping: map});
  assert.equal(imported.mapping.gold, "judge/helpfulness");
  assert.equal(imported.runs.optimizer, "custom-ppo");
  assert.ok(!imported.metrics.some((m) => m.key === "judge/helpfulness" || m.key === "reward" || m.key === "kl"), "the role columns are in curves, not imported_metrics");
  const noKl = await importLog(fixture("overopt.json"), {name: "overopt.json", mapping: {...map, kl: null}});
  assert.ok(noKl.curves.every((c) => c.kl === null && c.sqrt_kl === null));
  assert.throws(() => normalizeMapping({gold: "g", judge: "j"}, "--map m.json"), /invalid --map m.json.judge: unknown field \(expected step, proxy, gold, kl, kl_estimator, tool\)/);
  assert.throws(() => normalizeMapping({kl_estimator: "k4"}), /invalid mapping.kl_estimator: "k4" \(expected k1, k2, k3, exact\)/);
  assert.throws(() => normalizeMapping({proxy: null}), /invalid mapping.proxy: null \(expected a column name\)/);
  assert.throws(() => normalizeMapping([1]), /expected a JSON object/);
  await assert.rejects(importLog(fixture("overopt.json"), {name: "overopt.json", mapping: {gold: "judge"}}), (e: Error) => e instanceof ImportError && /invalid gold: "judge" is not a column of overopt.json \(columns: completions\/mean_length, episode, epoch, global_step, judge\/helpfulness, kl, reward, step\)/.test(e.message));
});

test("KL: the named estimator goes to kl_method and its kl_k column; negative sampled KL is kept and noted, sqrt_kl clamps it to 0", async () => {
  const imported = await importLog(fixture("overopt.json"), {name: "overopt.json", mapping: {gold: "judge/helpfulness", kl_estimator: "k3"}});
  const step5 = imported.curves.find((c) => c.point === 5)!;
  assert.deepEqual([step5.kl, step5.sqrt_kl, step5.kl_method, step5.kl_k3, step5.kl_k1], [-0.012, 0, "k3", -0.012, null]);
  assert.deepEqual(imported.issues.filter((i) => i.code === "negative_kl").map((i) => i.reason), ["kl -0.012 < 0 at step 5 (a sampled k3 estimate): kept, sqrt_kl 0", "kl -0.004 < 0 at step 10 (a sampled k3 estimate): kept, sqrt_kl 0"]);
  await importLog(fixture("overopt.json"), {name: "overopt.json", strict: true}); // notes never fail --strict
  const byDefault = await importLog(fixture("resumed.jsonl"), {name: "resumed.jsonl"});
  assert.ok(byDefault.curves.every((c) => c.kl_method === "k1" && c.kl_k1 === c.kl));
});

test("run_id hashes the bytes and the mapping: same input, same id; another mapping, another id", async () => {
  const text = fixture("overopt.json");
  const a = await importLog(text, {name: "a.json"}), b = await importLog(text, {name: "b.json"}), c = await importLog(text, {name: "a.json", mapping: {kl_estimator: "k3"}});
  assert.match(String(a.runs.run_id), /^[0-9a-f]{16}$/);
  assert.equal(a.runs.run_id, b.runs.run_id);
  assert.notEqual(a.runs.run_id, c.runs.run_id);
});
