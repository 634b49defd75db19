// Monotonicity of language-model runs against hand-computed values (ties included), the
// pooled-embedding features of the learned text reward models, and standardisation on pi_ref.
import assert from "node:assert/strict";
import {test} from "node:test";
import {runMonotonicity, textBandRows, textLabel} from "../../loaders/analysis/text-summary.ts";
import {textFeatures} from "../../loaders/reward/text-reward-model.ts";
import {trainTextEmbedding} from "../../loaders/reward/text-embedding.ts";
import {standardizedReward} from "../../loaders/reward/reward.ts";
import {generateTextWorld, responseTokens} from "../../loaders/worlds/text/world.ts";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test("monotonicity across checkpoints: Spearman, Kendall, per-prompt rho with ties, prompt-resampled interval", () => {
  // Points 0, 10, 20; prompts 5 and 7. Proxy 0, 1, 2 for both; gold 0, 1, 1 (prompt 5) and 0, 2, 0 (prompt 7).
  const proxy = {5: [0, 1, 2], 7: [0, 1, 2]} as Record<number, number[]>;
  const gold = {5: [0, 1, 1], 7: [0, 2, 0]} as Record<number, number[]>;
  const rows = [0, 10, 20].flatMap((point, t) => [5, 7].map((p) => ({run_id: "r", point, prompt_id: p, proxy_reward: proxy[p][t], gold_reward: gold[p][t]})));
  const run = {run_id: "r", seed: 1, config_json: JSON.stringify({seed: 1, a: 1}), sweep: "s", reward_source: "rer_li", objective: "single", ensemble_size: 1, kl_coef: 0.05};
  const m = runMonotonicity(run, rows, {resamples: 400, seed: 3});
  // Means: proxy 0, 1, 2; gold 0, 1.5, 0.5. Ranks 1 2 3 vs 1 3 2: rho = 1 - 6 * 2 / (3 * 8) = 0.5.
  close(m.spearman as number, 0.5);
  // Pairs: (0,10) and (0,20) concordant, (10,20) discordant: tau = 1/3.
  close(m.kendall as number, 1 / 3);
  // Prompt 5: gold ranks 1, 2.5, 2.5 -> rho = 1.5 / sqrt(2 * 1.5) = 0.866; prompt 7: ranks 1.5, 3, 1.5 -> 0.
  close(m.per_prompt_spearman as number, (1.5 / Math.sqrt(3) + 0) / 2);
  close(m.per_prompt_positive as number, 0.5);
  close(m.proxy_change as number, 2);
  close(m.gold_change as number, 0.5);
  assert.equal(m.checkpoints, 3);
  assert.equal(m.prompts, 2);
  assert.equal(m.label, "RER li");
  // Resampling 2 prompts gives rho in {0 (7, 7), 0.5 (5, 7), 0.866 (5, 5)}.
  assert.ok((m.spearman_lower as number) >= 0 && (m.spearman_lower as number) <= 0.5, `lower ${m.spearman_lower}`);
  assert.ok((m.spearman_upper as number) >= 0.5 && (m.spearman_upper as number) <= 1.5 / Math.sqrt(3) + 1e-12, `upper ${m.spearman_upper}`);
  assert.deepEqual(runMonotonicity(run, rows, {resamples: 400, seed: 3}), m, "deterministic for a seed");
  // A run whose proxy never moves has no rank correlation.
  const flat = rows.map((r) => ({...r, proxy_reward: 1}));
  const f = runMonotonicity(run, flat, {resamples: 50});
  assert.equal(f.spearman, null);
  assert.equal(f.spearman_lower, null);
  assert.equal(f.per_prompt_spearman, null);
});

test("text_bands: mean and t-interval over seeds per configuration, metric and checkpoint", () => {
  const config_json = JSON.stringify({seed: 0, x: 1});
  const runs = [1, 2, 3].map((seed) => ({run_id: `r${seed}`, seed, config_json: config_json.replace('"seed":0', `"seed":${seed}`), sweep: "learned", reward_source: "linear", objective: "wco", objective_param: null, ensemble_size: 4, kl_coef: 0.05}));
  const checkpoints = runs.map((r, i) => ({run_id: r.run_id, point: 10, proxy_reward: i, proxy_raw: null, gold_reward: 2 * i, length: 5, repetition: 0, copying: 0, correct: null, ended: 1}));
  const bands = textBandRows({runs, checkpoints});
  const gold = bands.find((b) => b.metric === "gold_reward")!;
  assert.equal(gold.n_seeds, 3);
  close(gold.mean as number, 2);
  // sd = 2, t(0.95, 2) = 2.919986: half-width 2.919986 * 2 / sqrt(3).
  close(gold.upper as number, 2 + (2.919986 * 2) / Math.sqrt(3), 1e-5);
  assert.equal(gold.label, "learned linear WCO x4");
  assert.ok(!bands.some((b) => b.metric === "proxy_raw" || b.metric === "correct"), "null metrics are left out");
  assert.equal(textLabel({reward_source: "linear", objective: "single", ensemble_size: 1}), "learned linear (single)");
});

test("pooled-embedding features of a response: E(y), E(prompt) * E(y), length share, ended", async () => {
  const world = generateTextWorld(1, {demonstrations: 200});
  const embedding = trainTextEmbedding(world, 2, {dims: 8, iterations: 10});
  const prompt = world.train[0];
  const words = world.vocabulary.topics[0].nouns.slice(0, 2);
  const texts = [`${words[0]} ${words[0]} ${words[1]} .`, ""];
  const R = world.layout.responseWidth;
  const tokens = new Int32Array(2 * R);
  texts.forEach((t, i) => tokens.set(responseTokens(world, t), i * R));
  const responses = {prompts: Int32Array.of(prompt, prompt), tokens, width: R};
  const {features, dims} = textFeatures(world, embedding, responses);
  assert.equal(dims, 2 * 8 + 2);
  const ey = embedding.embed(texts[0]), ep = embedding.embed(world.prompts[prompt].text);
  for (let k = 0; k < 8; ++k) {
    close(features[k], ey[k], 1e-6);
    close(features[8 + k], ep[k] * ey[k], 1e-6);
  }
  close(features[16], 4 / R, 1e-6);
  assert.equal(features[17], 1);
  // The empty response: zero embedding, no tokens, ended at once.
  assert.ok(Array.from(features.subarray(dims, dims + 17)).every((v) => v === 0));
  assert.equal(features[dims + 17], 1);
  // Repetition is invisible to mean pooling: a sentence said twice embeds as the sentence said once.
  const twice = embedding.embed(`${words[0]} ${words[1]} . ${words[0]} ${words[1]} .`), once = embedding.embed(`${words[0]} ${words[1]} .`);
  for (let k = 0; k < 8; ++k) close(twice[k], once[k], 1e-12);
});

test("standardizedReward maps each member to mean 0, std 1 on the reference responses, keeping order", async () => {
  const reward = {size: 2, source: "x", score: (ys: number[]) => ({rewards: [Float64Array.from(ys), Float64Array.from(ys, (y) => 10 - 3 * y * y)], sigmas: null})};
  const s = await standardizedReward(reward, [1, 2, 3, 4]);
  const ref = (await s.score([1, 2, 3, 4])).rewards;
  for (const r of ref) {
    close(r.reduce((a, b) => a + b, 0) / 4, 0, 1e-12);
    close(r.reduce((a, b) => a + b * b, 0) / 4, 1, 1e-12);
  }
  const other = (await s.score([0, 5])).rewards[0];
  close(other[0], (0 - 2.5) / Math.sqrt(1.25));
  close(other[1], (5 - 2.5) / Math.sqrt(1.25));
});

test("text world examples: open and closed prompts of both splits, demonstrations with each flaw and clean ones", async () => {
  const {textWorldExamples} = await import("../../loaders/analysis/text-world-examples.ts");
  const world = generateTextWorld(1, {demonstrations: 400});
  const rows = textWorldExamples(world);
  for (const split of ["train", "heldout"]) for (const kind of ["open", "closed"]) assert.equal(rows.filter((r) => r.kind === "prompt" && r.split === split && r.prompt_kind === kind).length, 3, `${split} ${kind}`);
  assert.ok(rows.filter((r) => r.prompt_kind === "closed").every((r) => typeof r.reference === "string"));
  const demos = rows.filter((r) => r.kind === "demonstration");
  for (const flaw of ["drift", "repetition", "wrong", "none"]) assert.equal(demos.filter((d) => d.flaws === flaw).length, 2, flaw);
  assert.ok(demos.every((d) => d.split === "train" && typeof d.text === "string"));
  assert.deepEqual(rows.map((r) => r.example), rows.map((_, i) => i));
  assert.deepEqual(textWorldExamples(world), rows, "deterministic");
});
