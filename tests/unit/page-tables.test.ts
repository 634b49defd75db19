import assert from "node:assert/strict";
import {test} from "node:test";
import {fitCurveRows} from "../../loaders/analysis/fit-curves.ts";
import {gaoCurve, importedFitCurveRows} from "../../loaders/analysis/gao-curves.ts";
import {monotonicitySummaryRows, textChangeRows} from "../../loaders/analysis/text-changes.ts";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {fitCurves, importedFitCurves, monotonicitySummary, textChanges} from "../../loaders/io/schema/index.ts";

// The tables the pages draw instead of computing (fit_curves, imported_fit_curves,
// monotonicity_summary, text_changes): numerics against values worked by hand, and each encodes
// under its schema.

const close = (a: unknown, b: number, eps = 1e-9) => assert.ok(Math.abs(Number(a) - b) <= eps, `${String(a)} vs ${b}`);

test("gaoCurve: best-of-n d (alpha - beta d) and RL c + d (alpha - beta log d), from 0 to the last d", () => {
  assert.deepEqual(gaoCurve("bon", 2, 0.5, 2, {steps: 4}).map((p) => p.reward), [0, 0.875, 1.5, 1.875, 2]);
  const rl = gaoCurve("rl", 1, 0.5, Math.E, {steps: 1, offset: 1});
  close(rl[0]!.reward, 1);
  close(rl[1]!.reward, 1 + Math.E / 2);
  assert.deepEqual(gaoCurve("rl", 1, 0.5, 0), [], "no observed d, no curve");
});

test("fitCurveRows: a curve per fitted configuration up to final_d, none for an unfitted one", () => {
  const config = {config_id: "c1", world: "w", optimizer: "best_of_n", objective: "mean", objective_param: null, ensemble_size: 5, n_pairs: 500, label_noise: 0.25};
  const rows = fitCurveRows([{...config, form: "bon", alpha: 2, beta: 0.5, final_d: 2}, {...config, config_id: "c2", form: "bon", alpha: null, beta: null, final_d: 1}], {steps: 4});
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.map((r) => r.d), [0, 0.5, 1, 1.5, 2]);
  close(rows[3]!.gold_reward, 1.875);
  assert.equal(rows[4]!.config_id, "c1");
  assert.ok(encodeRows(fitCurves, fitCurveRows([{...config, form: "bon", alpha: 2, beta: 0.5, final_d: 2}])).length > 0);
});

test("importedFitCurveRows: each fitted run up to its largest sqrt(KL), with its offset", () => {
  const analysis = [{run_id: "a", gao_alpha: 1, gao_beta: 0.5, gao_c: 1}, {run_id: "b", gao_alpha: null, gao_beta: null, gao_c: null}];
  const curves = [{run_id: "a", sqrt_kl: 1}, {run_id: "a", sqrt_kl: Math.E}, {run_id: "a", sqrt_kl: null}, {run_id: "b", sqrt_kl: 3}];
  const rows = importedFitCurveRows(analysis, curves, {steps: 2});
  assert.deepEqual(rows.map((r) => r.run_id), ["a", "a", "a"]);
  close(rows[2]!.sqrt_kl, Math.E);
  close(rows[2]!.gold_reward, 1 + Math.E / 2);
  assert.ok(encodeRows(importedFitCurves, rows).length > 0);
});

const run = (seed: number, status = "ok") => ({run_id: `r${seed}`, seed, status, config_json: JSON.stringify({seed, reward: "rer_li"}), sweep: "lattice", reward_source: "rer_li", objective: "single", ensemble_size: 1, kl_coef: 0.05, objective_param: null});
const checkpoint = (seed: number, point: number, length: number, ended: number, gold: number) => ({run_id: `r${seed}`, point, length, ended, gold_reward: gold, repetition: null, copying: null, correct: null, proxy_reward: null});

test("textChangeRows: change from the first to the last checkpoint over seeds, its t-interval, direction and hack", () => {
  // length 10 -> 14, 12, 13 (changes 4, 2, 3: mean 3, sd 1, t(0.95, 2) = 2.919986 -> half 1.685855);
  // ended 1 -> 0.5 in every seed (a fall with no spread); gold unchanged. A failed seed is left out.
  const runs = [run(1), run(2), run(3), run(4, "failed")];
  const checkpoints = [[1, 14], [2, 12], [3, 13], [4, 99]].flatMap(([seed, end]) => [checkpoint(seed!, 0, 10, 1, 0.2), checkpoint(seed!, 10, end!, 0.5, 0.2)]);
  const rows = textChangeRows({runs, checkpoints});
  assert.deepEqual(rows.map((r) => r.metric), ["length", "ended", "gold_reward"]);
  const [length, ended, gold] = rows;
  assert.equal(length!.label, "RER li");
  assert.equal(length!.n_seeds, 3);
  close(length!.start, 10);
  close(length!.final, 13);
  close(length!.mean, 3);
  close(length!.lower, 3 - 1.685855, 1e-6);
  close(length!.upper, 3 + 1.685855, 1e-6);
  assert.deepEqual([length!.direction, length!.hack, length!.seeds_up, length!.seeds_down], ["rise", true, 3, 0]);
  assert.deepEqual([ended!.direction, ended!.hack, ended!.seeds_down], ["fall", true, 3]);
  assert.deepEqual([gold!.direction, gold!.hack], [null, false]);
  assert.ok(encodeRows(textChanges, rows).length > 0);
});

test("monotonicitySummaryRows: rho over seeds (undefined counts 0), per-prompt rho over the seeds that have one", () => {
  const config = {config_id: "c", sweep: "lattice", label: "RER li", reward_source: "rer_li", objective: "single", ensemble_size: 1, kl_coef: 0.05};
  const mono = [
    {...config, run_id: "r1", seed: 1, spearman: 0.5, per_prompt_spearman: 0.2, per_prompt_positive: 0.6, proxy_change: 1, gold_change: 0.5},
    {...config, run_id: "r2", seed: 2, spearman: null, per_prompt_spearman: null, per_prompt_positive: null, proxy_change: 3, gold_change: -0.5}
  ];
  const [row] = monotonicitySummaryRows(mono);
  // rho values 0.5, 0: mean 0.25, sd 0.353553, t(0.95, 1) = 6.313752 -> half 1.578438
  close(row!.spearman, 0.25);
  close(row!.spearman_upper, 0.25 + 1.578438, 1e-5);
  assert.equal(row!.spearman_seeds, 2);
  assert.equal(row!.spearman_positive, 1);
  assert.deepEqual([row!.per_prompt_spearman_seeds, row!.per_prompt_spearman, row!.per_prompt_positive], [1, 0.2, 0.6]);
  close(row!.proxy_change, 2);
  close(row!.gold_change, 0);
  assert.ok(encodeRows(monotonicitySummary, [row!]).length > 0);
});
