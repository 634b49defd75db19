// A text spec's world per seed (world.seed and sft.seed "per_seed"): each seed resamples the world,
// its embedding and pi_ref; the same seed gives the same world; a configuration's runs still differ
// by seed alone; validator errors; fresh seeds are fresh worlds (the reseeding check); findings
// count the worlds behind each effect and the sentences say so.
import assert from "node:assert/strict";
import {test} from "node:test";
import {normalizeTextRunConfig, sftSeed, textStageKey, worldSeed} from "../../loaders/run/kinds/text/config.ts";
import {countWorlds, expandRuns, loadSpec, normalizeSpec} from "../../loaders/run/spec/spec.ts";
import {canonicalJson} from "../../loaders/run/spec/config.ts";
import {configId} from "../../loaders/analysis/config-id.ts";
import {textClaims} from "../../loaders/analysis/findings-text.ts";
import {generateTextWorld} from "../../loaders/worlds/text/world.ts";
import {findingSentence} from "../../src/components/findings.ts";

const perSeed = (seed: number, extra: Record<string, unknown> = {}) => normalizeTextRunConfig({seed, world: {seed: "per_seed", demonstrations: 200}, sft: {seed: "per_seed"}, ...extra});

test('"per_seed" makes world.seed and sft.seed the run seed: two seeds give two worlds and two pi_ref keys, one seed always the same', () => {
  const [a, b, again] = [perSeed(1), perSeed(2), perSeed(1)];
  assert.equal(a.world.seed, "per_seed", "the resolved config keeps the spec's intent");
  assert.deepEqual([worldSeed(a), sftSeed(a), worldSeed(b), sftSeed(b)], [1, 1, 2, 2]);
  for (const stage of ["world", "reference"] as const) {
    assert.notEqual(textStageKey(stage, a), textStageKey(stage, b), `${stage} key differs between seeds`);
    assert.equal(textStageKey(stage, a), textStageKey(stage, again), `${stage} key is the same for the same seed`);
  }
  // A fixed world keeps one world and one pi_ref for every seed.
  const fixed = (seed: number) => normalizeTextRunConfig({seed, world: {seed: 1, demonstrations: 200}});
  assert.equal(textStageKey("reference", fixed(1)), textStageKey("reference", fixed(2)));
  // The world in effect is the same whichever way it is written: the stage cache shares it.
  assert.equal(textStageKey("reference", a), textStageKey("reference", normalizeTextRunConfig({seed: 1, world: {seed: 1, demonstrations: 200}, sft: {seed: 1}})));
  // A configuration's runs differ by seed alone, so the analysis pools them (analysis/config-id.ts).
  const row = (config: object) => ({config_json: canonicalJson(config)});
  assert.equal(configId(row(a)), configId(row(b)));
});

test("the same world seed gives the same world, another seed another world", () => {
  const json = (seed: number) => JSON.stringify(generateTextWorld(seed, {demonstrations: 200}));
  assert.equal(json(1), json(1));
  assert.notEqual(json(1), json(2));
});

test("world.seed and sft.seed errors name the field, the value and the fix", () => {
  const bad = (raw: Record<string, unknown>) => () => normalizeTextRunConfig({seed: 1, ...raw});
  assert.throws(bad({world: {seed: "per-seed"}}), /invalid world\.seed: "per-seed" \(expected an integer in \[0, 2147483647\], or "per_seed" \(the run's seed: a new world and pi_ref for each seed\)\)/);
  assert.throws(bad({world: {seed: 1.5}}), /invalid world\.seed: 1\.5 \(expected an integer in \[0, 2147483647\], or "per_seed"/);
  assert.throws(bad({sft: {seed: -1}}), /invalid sft\.seed: -1 \(expected an integer in \[0, 2147483647\], or "per_seed"/);
  assert.throws(bad({sft: {seed: null}}), /invalid sft\.seed: null/);
  // In a spec, the error names the base.
  assert.throws(() => normalizeSpec({kind: "text", name: "t", base: {world: {seed: "each"}}}), /base: invalid world\.seed: "each"/);
});

test("white-box draws a world per seed, and the reseeding check's fresh seeds are fresh worlds", () => {
  const spec = loadSpec("data/experiments/white-box.json");
  const plans = expandRuns(spec);
  assert.equal(countWorlds(plans), spec.seeds.length, "10 seeds, 10 worlds");
  assert.equal(new Set(plans.map((p) => textStageKey("reference", p.config as never))).size, spec.seeds.length, "one pi_ref per world");
  const fresh = expandRuns({...spec, seeds: spec.seeds.map((s) => s + spec.seeds.length)});
  const keys = (ps: typeof plans) => new Set(ps.map((p) => textStageKey("world", p.config as never)));
  assert.equal([...keys(fresh)].filter((k) => keys(plans).has(k)).length, 0, "seeds 11-20 share no world with 1-10");
  assert.equal(countWorlds([...plans, ...fresh]), 2 * spec.seeds.length);
  // A fixed world is one world however many seeds.
  assert.equal(countWorlds(expandRuns({...spec, base: {...spec.base, world: {seed: 1}, sft: {seed: 1}}})), 1);
});

test("text findings count the worlds behind each effect, and the sentences name them", () => {
  const runsOf = (world: (seed: number) => unknown) => ["rer_li", "rer_li_rp"].flatMap((reward_source) => [1, 2, 3].map((seed) => ({
    run_id: `${reward_source}-${seed}`, seed, world: "text", reward_source, objective: "single", ensemble_size: 1, kl_coef: 0.05, optimizer: "rloo",
    config_json: JSON.stringify({seed, reward: reward_source, world: {name: "text", seed: world(seed)}})
  })));
  const monotonicity = (runs: {run_id: string; seed: number}[]) => runs.map((r) => ({run_id: r.run_id, spearman: 0.5, gold_change: r.run_id.startsWith("rer_li_rp") ? 0.4 + r.seed / 10 : 0.1}));
  const perSeedRuns = runsOf(() => "per_seed");
  const claims = textClaims(perSeedRuns, monotonicity(perSeedRuns));
  assert.ok(claims.length >= 5);
  assert.ok(claims.every((m) => m.worlds === 3), "3 seeds, each its own world");
  const beats = claims.find((m) => m.claim.kind === "beats")!;
  assert.deepEqual(beats.values.map((v) => Math.round(v * 10) / 10), [0.4, 0.5, 0.6], "paired by seed, that is by world, in the seed's gold unit");
  const fixedRuns = runsOf(() => 1);
  assert.ok(textClaims(fixedRuns, monotonicity(fixedRuns)).every((m) => m.worlds === 1), "a fixed world is one world");

  const row = {kind: "beats", claim: "A beats B.", verdict: "holds", effect: 0.5, lower: 0.4, upper: 0.6, interval_level: 0.9, seeds_supporting: 3, seeds_total: 3, sesoi: 0.1, role: "exploratory", adjusted_p: 0.1, world: "text"};
  assert.match(findingSentence({...row, worlds: 3}), /sign-test interval over 3 worlds \(one seed each\): .*, 3 of 3 worlds in its favour\.$/);
  assert.match(findingSentence({...row, worlds: 1}), /sign-test interval over 3 seeds of 1 world: .*, 3 of 3 seeds in its favour\.$/);
  assert.match(findingSentence({...row, world: "heavy_tailed", worlds: 3}), /interval over 3 seeds: .*3 of 3 seeds in its favour/, "pool rows read as before");
});
