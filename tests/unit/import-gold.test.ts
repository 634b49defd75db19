// goodhart import, finding the gold signal (loaders/import/gold.ts): each rule on the column names
// trainers log, in order, with its reason; the weight-0 test of TRL's reward functions against
// hand-computed sums; the mapping's override and "none".
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {detectGold, importLog} from "../../loaders/import/index.ts";
import type {RawRow} from "../../loaders/import/raw-row.ts";

const cols = (...names: string[]) => new Set(names);
const pick = (names: string[], exclude: string[] = []) => detectGold(cols(...names), {exclude});

test("each rule finds its column and says why; earlier rules win", () => {
  assert.deepEqual(pick(["reward", "gold_reward", "judge_score"], ["reward"]), {column: "gold_reward", source: "alias", reason: `"gold_reward" is one of goodhart's gold names`});
  const judge = pick(["reward", "judge/helpfulness", "judge/helpfulness_std", "judge/harmless"], ["reward"]);
  assert.equal(judge.column, "judge/helpfulness");
  assert.equal(judge.source, "judge");
  assert.match(judge.reason, /named after a judge .*\(also: judge\/harmless\)/, "a std is not a judge's score");
  assert.equal(pick(["reward", "prejudged_count", "adjudge"], ["reward"]).column, null, "judge as part of a word does not count");
  const win = pick(["reward", "win_rate", "eval_win_rate", "eval_loss"], ["reward"]);
  assert.deepEqual([win.column, win.source], ["eval_win_rate", "win_rate"]);
  assert.match(win.reason, /WinRateCallback/);
  assert.equal(pick(["train/reward", "eval/win_rate", "eval/pass1"], ["train/reward"]).column, "eval/win_rate", "a win rate before OpenRLHF's eval/*");
  const verl = pick(["critic/score/mean", "val-core/gsm8k/reward/mean@8", "val-core/gsm8k/reward/best@8/mean", "val-core/gsm8k/reward/mean@1", "val-core/math/acc/mean@4"], ["critic/score/mean"]);
  assert.deepEqual([verl.column, verl.source], ["val-core/math/acc/mean@4", "val_core"], "acc before reward");
  assert.equal(pick(["critic/score/mean", "val-core/gsm8k/reward/mean@8", "val-core/gsm8k/reward/best@8/mean", "val-core/gsm8k/reward/mean@1"]).column, "val-core/gsm8k/reward/mean@1", "mean@N, the smallest N first");
  const openrlhf = pick(["train/reward", "eval/global_step", "eval/loss", "eval/reward_mean", "eval/pass4", "eval/pass1"], ["train/reward"]);
  assert.deepEqual([openrlhf.column, openrlhf.source], ["eval/pass1", "eval_metric"]);
  assert.equal(pick(["train/reward", "eval/global_step", "eval/reward_mean", "eval/pass4"]).column, "eval/reward_mean", "a reward before other eval metrics; steps never");
  const trl = pick(["reward", "eval_loss", "eval_reward_std", "eval_reward"], ["reward"]);
  assert.deepEqual([trl.column, trl.source], ["eval_reward", "eval_reward"]);
  assert.match(trl.reason, /a weak gold/);
  const none = pick(["reward", "kl", "loss", "eval_loss"], ["reward", "kl"]);
  assert.deepEqual([none.column, none.source], [null, null]);
  assert.match(none.reason, /no gold-like column/);
  assert.equal(pick(["judge"], ["judge"]).column, null, "a column with a role (here the proxy) is never gold");
});

test("a TRL reward function of weight 0: reward is an exact weighted sum of the others", () => {
  // reward = 1 * a + 0.5 * b + 0 * c, by hand at 6 rows
  const a = [0.1, 0.3, 0.2, 0.5, 0.4, 0.6], b = [0.4, 0.2, 0.6, 0.1, 0.5, 0.3], c = [0.9, 0.1, 0.4, 0.7, 0.2, 0.5];
  const rows: RawRow[] = a.map((_, i) => ({line: i + 1, values: {reward: a[i] + 0.5 * b[i], "rewards/a/mean": a[i], "rewards/b/mean": b[i], "rewards/c/mean": c[i]}}));
  const columns = cols("reward", "rewards/a/mean", "rewards/b/mean", "rewards/c/mean");
  const found = detectGold(columns, {rows, proxy: "reward", exclude: ["reward"]});
  assert.deepEqual([found.column, found.source], ["rewards/c/mean", "zero_weight_reward"]);
  assert.match(found.reason, /over 6 rows reward = 1\.00 x rewards\/a\/mean \+ 0\.50 x rewards\/b\/mean \+ 0\.00 x rewards\/c\/mean .*trl#3018/);
  // every function weighted: no gold from this rule
  const all = rows.map((r, i) => ({...r, values: {...r.values, reward: a[i] + 0.5 * b[i] + 0.25 * c[i]}}));
  assert.equal(detectGold(columns, {rows: all, proxy: "reward", exclude: ["reward"]}).column, null);
  // reward not a weighted sum of the functions (a KL penalty or noise in it): no decision
  const noisy = rows.map((r, i) => ({...r, values: {...r.values, reward: a[i] + 0.5 * b[i] + [0.01, -0.02, 0.015, 0, -0.01, 0.02][i]}}));
  assert.equal(detectGold(columns, {rows: noisy, proxy: "reward", exclude: ["reward"]}).column, null);
  // too few rows to tell (fewer than functions + 2)
  assert.equal(detectGold(columns, {rows: rows.slice(0, 4), proxy: "reward", exclude: ["reward"]}).column, null);
  // reward is not the proxy: the rule does not apply
  assert.equal(detectGold(columns, {rows, proxy: "rewards/a/mean", exclude: ["rewards/a/mean"]}).column, null);
});

test("importLog records the gold choice; the mapping overrides it, or says none", async () => {
  const text = readFileSync(new URL("../fixtures/logs/overopt.json", import.meta.url), "utf8");
  const found = await importLog(text, {name: "overopt.json"});
  assert.deepEqual([found.gold.column, found.gold.source, found.mapping.gold], ["judge/helpfulness", "judge", "judge/helpfulness"]);
  assert.equal(found.importedRun.gold_source, "judge");
  assert.match(String(found.importedRun.gold_reason), /judge/);
  assert.ok(found.issues.some((i) => i.code === "gold" && /gold judge\/helpfulness: "judge\/helpfulness" is named after a judge/.test(i.reason)), "printed with the report");
  const named = await importLog(text, {name: "overopt.json", mapping: {gold: "completions/mean_length"}});
  assert.deepEqual([named.gold.column, named.gold.source], ["completions/mean_length", "mapping"]);
  assert.match(named.gold.reason, /named by the mapping/);
  const none = await importLog(text, {name: "overopt.json", mapping: {gold: null}});
  assert.deepEqual([none.gold.column, none.gold.source, none.curves[0].gold_reward], [null, null, null]);
  assert.match(none.gold.reason, /--gold none/);
});
