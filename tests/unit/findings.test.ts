// The code that writes verdicts, on hand-made runs and curves: a clear fall, a fall within noise,
// a reversal; paired comparisons on the same seeds; ids that do not depend on the seeds; and the
// reseeding comparison.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {findingRows} from "../../loaders/analysis/findings.ts";
import {benjaminiHochberg, holm} from "../../loaders/analysis/multiplicity.ts";
import {signTest} from "../../loaders/analysis/sign-test.ts";
import {normalizePrimaries} from "../../loaders/analysis/primaries-spec.ts";
import {compareFindings} from "../../loaders/analysis/findings-compare.ts";
import {heldOutFall} from "../../loaders/analysis/held-out-fall.ts";
import {pairedDifferences, seedEffect, smallestEffects, verdictOf} from "../../loaders/analysis/verdict.ts";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {findings} from "../../loaders/io/schema/index.ts";

type Row = Record<string, unknown>;

describe("verdicts", () => {
  test("a practical effect holds or is reversed; one inside +-SESOI is negligible; the rest is not separable", () => {
    const s = 0.1;
    assert.equal(verdictOf({effect: 0.5, lower: 0.01, upper: 1}, s), "holds");
    assert.equal(verdictOf({effect: -0.5, lower: -1, upper: -0.01}, s), "reversed");
    assert.equal(verdictOf({effect: 0.1, lower: -0.1, upper: 0.3}, s), "not_separable", "interval contains 0");
    assert.equal(verdictOf({effect: 0, lower: 0, upper: 0}, s), "negligible", "a point at 0 is inside +-SESOI");
    // The overoptimization spec's flat curve end: significant both ways, tiny both ways.
    assert.equal(verdictOf({effect: -0.03, lower: -0.05, upper: -0.01}, s), "negligible");
    assert.equal(verdictOf({effect: 0.02, lower: 0.001, upper: 0.04}, s), "negligible");
    assert.equal(verdictOf({effect: 0.05, lower: 0.01, upper: 0.15}, s), "not_separable", "above 0, below the SESOI, but not inside it");
    assert.equal(verdictOf({effect: -0.05, lower: -0.15, upper: -0.01}, s), "not_separable");
    assert.equal(verdictOf({effect: 0.12, lower: 0.01, upper: 0.23}, s), "holds", "above 0 and the estimate clears the SESOI");
    assert.equal(verdictOf({effect: 0.08, lower: -0.09, upper: 0.099}, s), "negligible", "bounds strictly inside");
    assert.equal(verdictOf({effect: 0.05, lower: -0.1, upper: 0.09}, s), "not_separable", "a bound on the SESOI is not inside it");
    assert.equal(verdictOf({effect: 0.01, lower: 0.005, upper: 0.02}, 0), "holds", "SESOI 0: the plain test against 0");
    assert.throws(() => verdictOf({effect: 0, lower: 0, upper: 0}, -1), /invalid sesoi/);
  });
  test("holds and reversed estimates are at least 2 SESOI apart (no tiny effect can do both)", () => {
    const s = 0.1;
    for (let i = 0; i < 2000; ++i) {
      const e = Math.sin(i * 12.9898) * 0.3, w = Math.abs(Math.cos(i * 78.233)) * 0.2;
      const v = verdictOf({effect: e, lower: e - w, upper: e + w}, s);
      if (v === "holds") assert.ok(e >= s);
      if (v === "reversed") assert.ok(e <= -s);
      if (v === "negligible") assert.ok(Math.abs(e) < s);
    }
  });
  test("seedEffect records its SESOI: gold by default, a rank correlation's when given", () => {
    assert.equal(seedEffect([0.02, 0.03, 0.01, 0.02, 0.025]).sesoi, smallestEffects.gold);
    assert.equal(seedEffect([0.02, 0.03, 0.01, 0.02, 0.025]).verdict, "negligible");
    assert.equal(seedEffect([0.02, 0.03, 0.01, 0.02, 0.025], {sesoi: 0}).verdict, "holds");
    assert.equal(seedEffect([0.2, 0.3, 0.25, 0.2, 0.3], {sesoi: smallestEffects.rankCorrelation}).verdict, "holds");
  });
  test("a clear effect, an effect within noise, a reversal: effect, interval, k of n", () => {
    const clear = seedEffect([0.5, 0.6, 0.4, 0.55, 0.45]);
    assert.equal(clear.verdict, "holds");
    assert.equal(clear.seeds_supporting, 5);
    assert.ok(Math.abs(clear.effect - 0.5) < 1e-12);
    const noisy = seedEffect([0.5, -0.4, 0.3, -0.2, 0.1]);
    assert.equal(noisy.verdict, "not_separable");
    assert.equal(noisy.seeds_supporting, 3);
    assert.ok(noisy.lower! < 0 && noisy.upper! > 0);
    const reversed = seedEffect([-0.5, -0.6, -0.3, -0.05, -0.4]);
    assert.equal(reversed.verdict, "reversed");
    assert.equal(reversed.seeds_supporting, 0);
    assert.ok(Math.abs(reversed.effect + 0.4) < 1e-12, "the median");
    assert.deepEqual([reversed.lower, reversed.upper], [-0.6, -0.05], "5 seeds at 90%: [x(1), x(5)]");
  });
  test("measurements that did not happen are not_tested, with the reason", () => {
    const one = seedEffect([3]);
    assert.equal(one.verdict, "not_tested", "one seed never decides");
    assert.match(String(one.reason), /1 seeds cannot reach a 0.9 sign-test interval \(needs at least 5\)/);
    const flat = seedEffect([0, 0, 0, 0, 0, 0]);
    assert.equal(flat.verdict, "not_tested", "an interval of width 0 is no equivalence test");
    assert.match(String(flat.reason), /every seed measured the same value/);
    assert.equal(flat.lower, null);
    const ties = seedEffect([0, 0, 0, 0, 0, 0, 0, 0, 0.3, -0.2]);
    assert.equal(ties.verdict, "not_tested", "[x(2), x(9)] = [0, 0]: no negligible verdict from a zero-width interval");
    assert.match(String(ties.reason), /width 0/);
    const told = seedEffect([1, 2, 3, 4, 5], {notTested: "no interior peak"});
    assert.deepEqual([told.verdict, told.reason, told.p_value], ["not_tested", "no interior peak", null]);
    assert.equal(seedEffect([]).verdict, "not_tested");
  });
  test("paired differences use the seeds both sides ran, in seed order", () => {
    assert.deepEqual(pairedDifferences(new Map([[2, 5], [1, 3], [9, 0]]), new Map([[1, 1], [2, 1], [3, 7]])), [2, 4]);
  });
});

describe("heldOutFall", () => {
  test("chooses the peak on odd positions and measures on even ones", () => {
    const curve = (...g: number[]) => new Map(g.map((v, p) => [p, v]));
    // Seeds 10 and 30 peak at point 2; seeds 20 and 40 (the choosing half) peak at point 1.
    const h = heldOutFall(new Map([[10, curve(0, 1, 3, 0)], [20, curve(0, 2, 1, 0)], [30, curve(0, 0, 5, 1)], [40, curve(0, 4, 0, 0)]]));
    assert.deepEqual(h.chosenOn, [20, 40]);
    assert.equal(h.peak, 1);
    assert.equal(h.last, 3);
    assert.deepEqual([...h.falls], [[10, 1], [30, -1]]);
  });
});

/** Hand-made experiment: runs for each config and seed, curves from a function of (config, seed, point). */
function experiment(configs: Row[], seeds: number[], gold: (config: Row, seed: number, point: number) => number) {
  const runs: Row[] = [], curves: Row[] = [];
  for (const c of configs) {
    for (const seed of seeds) {
      const run_id = `${JSON.stringify(c)}-${seed}`;
      runs.push({run_id, world: "heavy_tailed", n_pairs: 500, label_noise: 0.25, ensemble_size: c.objective === "single" ? 1 : 5, objective_param: null, kl_coef: null, ...c, seed, config_json: JSON.stringify({...c, seed})});
      for (let point = 0; point <= 10; ++point) curves.push({run_id, point, gold_reward: gold(c, seed, point)});
    }
  }
  return {runs, curves};
}
const noise = (seed: number, point: number) => Math.sin(seed * 12.9898 + point * 78.233) * 0.5;

describe("findingRows", () => {
  const configs = ["single", "mean", "wco", "uwo"].map((objective) => ({optimizer: "best_of_n", objective}));
  const rise = (p: number) => Math.min(p, 5) * 0.4;
  const shapes: Record<string, (seed: number, p: number) => number> = {
    single: (s, p) => rise(p) - Math.max(0, p - 5) * 0.4 + 0.01 * noise(s, p), // a clear fall back to 0
    mean: (s, p) => rise(p) + 0.3 * noise(s, p), // flat after the peak, noise only
    wco: (s, p) => p * 0.25 + 0.05 * noise(s, p), // ends at 2.5: clearly above single (0) and mean (2)
    uwo: (s, p) => (p === 10 ? -1 + 0.05 * noise(s + 100, p) : rise(p)) + 0.01 * noise(s, p) // ends below single: a reversal
  };
  const rows = (seeds: number[]) => findingRows("hand", experiment(configs, seeds, (c, s, p) => shapes[String(c.objective)](s, p)));
  const get = (all: Row[], kind: string, subject: string, baseline: string | null = null) => all.find((r) => r.kind === kind && r.subject === subject && r.baseline === baseline)!;

  test("a clear fall holds, a fall within noise is not separable", () => {
    const all = rows([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const single = get(all, "falls_after_peak", "single");
    assert.equal(single.verdict, "holds");
    assert.ok(Math.abs(Number(single.effect) - 2) < 0.05, String(single.effect));
    assert.equal(single.seeds_total, 5, "measured on the half that did not choose the peak");
    assert.equal(get(all, "falls_after_peak", "mean x5").verdict, "not_separable");
  });
  const primaries = normalizePrimaries([
    {id: "single-falls", kind: "falls_after_peak", subject: {optimizer: "best_of_n", objective: "single"}, direction: "greater", sesoi: 0.1, question: "Does gold fall?"},
    {id: "wco-falls", kind: "falls_after_peak", subject: {optimizer: "best_of_n", objective: "wco"}, direction: "greater", sesoi: 0.1, question: "Does WCO's gold fall?"},
    {id: "wco-beats-single", kind: "beats", subject: {optimizer: "best_of_n", objective: "wco"}, baseline: {objective: "single"}, direction: "greater", sesoi: 0.1, question: "Does WCO beat single?"},
    {id: "uwo-below-single", kind: "beats", subject: {optimizer: "best_of_n", objective: "uwo"}, baseline: {objective: "single"}, direction: "less", sesoi: 0.2, question: "Does UWO end below single?"},
    {id: "nothing", kind: "ends_above_start", subject: {objective: "median"}, direction: "greater", sesoi: 0.1, question: "A selector that matches nothing"}
  ], {seeds: 20, kind: "pool"});
  const seeds20 = Array.from({length: 20}, (_, i) => i + 1);
  test("declared primaries: Holm over those tested, intervals at their Holm step; not_tested outside the family", () => {
    const all = findingRows("hand", experiment(configs, seeds20, (c, s, p) => shapes[String(c.objective)](s, p)), {primaries});
    const prim = all.filter((r) => r.role === "primary");
    assert.deepEqual(prim.map((r) => r.primary_id), ["single-falls", "wco-falls", "wco-beats-single", "uwo-below-single", "nothing"]);
    assert.ok(prim.every((r) => r.headline === true) && all.filter((r) => r.role === "exploratory").every((r) => r.headline === false));
    const wcoFalls = prim[1], nothing = prim[4];
    assert.equal(wcoFalls.verdict, "not_tested", "WCO rises to its last point: no interior peak");
    assert.match(String(wcoFalls.reason), /no interior peak/);
    assert.equal(nothing.verdict, "not_tested");
    assert.match(String(nothing.reason), /matches 0 configurations/);
    const tested = [prim[0], prim[2], prim[3]];
    assert.ok(tested.every((r) => r.family_size === 3));
    // By hand: the per-seed values, their sign-test p, Holm over the three.
    const gold = (o: string, s: number) => shapes[o](s, 10);
    const fall = [...heldOutFall(new Map(seeds20.map((s) => [s, new Map(Array.from({length: 11}, (_, p) => [p, shapes.single(s, p)]))]))).falls.values()];
    const values = [fall, seeds20.map((s) => gold("wco", s) - gold("single", s)), seeds20.map((s) => -(gold("uwo", s) - gold("single", s)))];
    const {adjusted, levels} = holm(values.map((v) => signTest(v).p_value), 0.05);
    tested.forEach((r, i) => {
      assert.ok(Math.abs(Number(r.adjusted_p) - adjusted[i]) < 1e-15, `${r.primary_id} adjusted p`);
      assert.equal(r.interval_level, levels[i]);
      const iv = signTest(values[i], {level: levels[i]});
      assert.deepEqual([r.effect, r.lower, r.upper], [iv.estimate, iv.lower, iv.upper]);
      assert.equal(r.verdict, "holds", `${r.primary_id}`);
    });
    assert.equal(prim[3].sesoi, 0.2, "the spec's SESOI");
    assert.match(String(prim[3].claim), /ends with lower gold reward than/);
    assert.equal(prim[0].method, "Holm-adjusted sign test of the median over seeds");
    // The declared claims are not repeated among the exploratory rows (same finding_id).
    const ids = all.map((r) => r.finding_id);
    assert.equal(new Set(ids.filter((id, i) => all[i].verdict !== "not_tested" || all[i].role === "primary")).size, ids.filter((id, i) => all[i].verdict !== "not_tested" || all[i].role === "primary").length);
    assert.ok(!all.some((r) => r.role === "exploratory" && r.kind === "beats" && r.subject === "wco x5" && r.baseline === "single"), "wco vs single is primary, not exploratory too");
  });
  test("exploratory rows: 90% intervals and Benjamini-Hochberg q over the tested ones", () => {
    const all = findingRows("hand", experiment(configs, seeds20, (c, s, p) => shapes[String(c.objective)](s, p)), {primaries});
    const exp = all.filter((r) => r.role === "exploratory");
    const tested = exp.filter((r) => r.verdict !== "not_tested");
    assert.ok(!exp.some((r) => r.kind === "falls_after_peak" && r.subject === "wco x5"), "the declared WCO fall is primary only");
    const q = benjaminiHochberg(tested.map((r) => Number(r.p_value)));
    tested.forEach((r, i) => {
      assert.equal(r.interval_level, 0.9);
      assert.equal(r.family_size, tested.length);
      assert.ok(Math.abs(Number(r.adjusted_p) - q[i]) < 1e-15);
      assert.equal(r.method, "sign test of the median over seeds");
    });
    assert.ok(exp.filter((r) => r.verdict === "not_tested").every((r) => r.adjusted_p === null && r.lower === null));
  });
  test("no primaries: every row exploratory; a spec with too few seeds for its primaries is refused", () => {
    const all = findingRows("hand", experiment(configs, seeds20, (c, s, p) => shapes[String(c.objective)](s, p)));
    assert.ok(all.every((r) => r.role === "exploratory" && r.headline === false));
    assert.throws(() => normalizePrimaries([primaries[0]], {seeds: 8, kind: "pool"}), /invalid primaries\[0\]: 4 seeds measure it \(a fall is measured on half of the spec's 8\), and the sign test needs at least 6 to reach 0\.9500, the first Holm step over 1 primaries/);
    assert.throws(() => normalizePrimaries([{...primaries[0], sesoi: 0.1, colour: "red"}], {seeds: 20, kind: "pool"}), /unknown field primaries\[0\]\.colour/);
    assert.throws(() => normalizePrimaries([{...primaries[0], subject: {objectiv: "wco"}}], {seeds: 20, kind: "pool"}), /unknown field primaries\[0\]\.subject\.objectiv \(did you mean primaries\[0\]\.subject\.objective\?\)/);
    assert.throws(() => normalizePrimaries([{...primaries[0], direction: "less"}], {seeds: 20, kind: "pool"}), /invalid primaries\[0\]\.direction: "less"/);
    assert.throws(() => normalizePrimaries([{...primaries[2], baseline: null}], {seeds: 20, kind: "pool"}), /invalid primaries\[0\]\.baseline/);
    assert.throws(() => normalizePrimaries(Array.from({length: 11}, (_, i) => ({...primaries[2], id: `c${i}`})), {seeds: 20, kind: "pool"}), /at most 10 primary claims/);
    assert.throws(() => normalizePrimaries([primaries[0], primaries[0]], {seeds: 20, kind: "pool"}), /invalid primaries\[1\]\.id/);
  });
  test("policy-gradient settings that differ only in the policy are compared within each policy", () => {
    const rl = ["linear", "mlp"].flatMap((policy) => ["single", "wco"].map((objective) => ({optimizer: "rloo", kl_coef: null, kl_control: "exact_target", kl_target: 1, policy, objective})));
    const all = findingRows("hand", experiment(rl, [1, 2, 3, 4, 5], (c, s, p) => (c.objective === "wco" ? 0.5 : 0) + p * 0.1 + 0.01 * noise(s, p)));
    const beats = all.filter((r) => r.kind === "beats");
    assert.deepEqual(beats.map((r) => [r.subject, r.baseline, r.verdict]), [
      ["wco, KL target 1 nat", "single, KL target 1 nat", "holds"],
      ["wco, KL target 1 nat, mlp policy", "single, KL target 1 nat, mlp policy", "holds"]
    ]);
    assert.equal(new Set(all.map((r) => r.finding_id)).size, all.length, "ids are unique");
  });
  test("paired comparisons: WCO beats single and mean; UWO against single is reversed", () => {
    const all = rows([1, 2, 3, 4, 5, 6]);
    const wco = get(all, "beats", "wco x5", "single");
    assert.equal(wco.verdict, "holds");
    assert.equal(wco.seeds_supporting, 6);
    assert.equal(wco.seeds_total, 6);
    assert.equal(get(all, "beats", "wco x5", "mean x5").verdict, "holds");
    const uwo = get(all, "beats", "uwo x5", "single");
    assert.equal(uwo.verdict, "reversed");
    assert.equal(uwo.seeds_supporting, 0);
    assert.match(String(uwo.claim), /^Best-of-n against UWO \(5 members\) ends with higher gold reward than against the single reward model \(heavy-tailed world, 25% flipped labels, 500 pairs\)\.$/);
  });
  test("ids and claims do not depend on the seeds; the rows encode against the declaration", () => {
    const a = rows([1, 2, 3, 4, 5]), b = rows([11, 12, 13, 14, 15]);
    assert.deepEqual(a.map((r) => [r.finding_id, r.claim]), b.map((r) => [r.finding_id, r.claim]));
    assert.equal(new Set(a.map((r) => r.finding_id)).size, a.length, "ids are unique");
    const table = tableFromIPC(encodeRows(findings, a));
    assert.deepEqual(table.schema.fields.map((f) => f.name), findings.columns.map((c) => c.name));
    const cmp = compareFindings(a as never, b as never);
    assert.deepEqual(cmp.reversed.map(({a, b}) => [a.claim, a.verdict, b.verdict]), []);
    assert.equal(cmp.ok, true);
  });
  test("the reseeding comparison fails on a reversed verdict, an opposite sign or a missing id", () => {
    const f = (id: string, verdict: string, effect = 0, role = "primary") => ({finding_id: id, claim: id, role, verdict, effect, lower: 0, upper: 0, interval_level: 0.9, seeds_supporting: 0, seeds_total: 5});
    const exploratory = compareFindings([f("a", "holds", 0.3, "exploratory")], [f("a", "reversed", -0.3, "exploratory")]);
    assert.deepEqual([exploratory.ok, exploratory.reversed.length], [true, 1], "an exploratory reversal is reported, not a failure");
    assert.equal(compareFindings([f("a", "holds", 0.3)], [f("a", "not_tested", -0.3)]).reversed.length, 0, "not_tested never reverses");
    assert.equal(compareFindings([f("a", "holds", 0.3), f("b", "holds", 0.3)], [f("a", "not_separable", 0.1), f("b", "holds", 0.2)]).ok, true);
    const reversed = compareFindings([f("a", "holds", 0.3)], [f("a", "reversed", -0.3)]);
    assert.equal(reversed.ok, false);
    assert.equal(reversed.reversed.length, 1);
    assert.equal(compareFindings([f("a", "holds", 0.3)], [f("a", "not_separable", -0.05)]).ok, false, "holds, then an estimate of the other sign");
    assert.equal(compareFindings([f("a", "negligible", 0.02)], [f("a", "reversed", -0.3)]).ok, false, "symmetric");
    assert.equal(compareFindings([f("a", "holds", 0.3)], [f("a", "negligible", 0.02)]).ok, true, "a direction, then negligible with the same sign");
    assert.equal(compareFindings([f("a", "negligible", -0.03)], [f("a", "negligible", 0.02)]).ok, true, "tiny effects whose sign moves never reverse");
    assert.equal(compareFindings([f("a", "not_separable", -0.2)], [f("a", "not_separable", 0.2)]).ok, true);
    const missing = compareFindings([f("a", "holds"), f("b", "holds")], [f("a", "holds")]);
    assert.equal(missing.ok, false);
    assert.deepEqual(missing.onlyA.map((x) => x.finding_id), ["b"]);
  });
});

describe("findingSentence (pages and README)", () => {
  test("claim, verdict, effect with its interval, k of n seeds", async () => {
    const {findingSentence} = await import("../../src/components/findings.ts");
    const row = {kind: "beats", claim: "A beats B.", verdict: "not_separable", effect: 0.25, lower: -0.04, upper: 0.54, interval_level: 0.9, seeds_supporting: 7, seeds_total: 10, sesoi: 0.1};
    assert.equal(findingSentence(row), "A beats B. Not separable from seed noise: median effect +0.25 (90% sign-test interval over 10 seeds: −0.04 to 0.54), 7 of 10 seeds in its favour.");
    assert.equal(findingSentence({...row, role: "exploratory", adjusted_p: 0.0312}), "A beats B. Exploratory, not separable from seed noise: median effect +0.25 (90% sign-test interval over 10 seeds: −0.04 to 0.54; BH q 0.031), 7 of 10 seeds in its favour.");
    assert.equal(findingSentence({...row, role: "primary", verdict: "holds", lower: 0.01, interval_level: 1 - 0.05 / 8, adjusted_p: 0.0039}), "A beats B. Primary claim, holds: median effect +0.25 (Holm-adjusted 95% sign-test interval over 10 seeds (at its Holm step, 99.3%): 0.01 to 0.54; Holm-adjusted p 0.0039), 7 of 10 seeds in its favour.");
    assert.equal(findingSentence({...row, role: "primary", verdict: "not_tested", lower: null, upper: null, reason: "no interior peak"}), "A beats B. Primary claim, not tested: no interior peak.");
    assert.match(findingSentence({...row, kind: "falls_after_peak", verdict: "holds", seeds_total: 5}), /^A beats B\. Holds: .* 7 of 5 measured seeds \(the peak taken from the other seeds' mean curve\) in its favour\.$/);
    assert.match(findingSentence({...row, interval_level: 0.99}), /\(99% sign-test interval over 10 seeds: −0\.04 to 0\.54\)/, "the interval's own coverage");
  });
  test("verdictTally: counts by verdict, holds first, verdicts with no finding left out", async () => {
    const {verdictTally} = await import("../../src/components/findings.ts");
    const rows = ["not_separable", "holds", "negligible", "not_separable", "holds", "reversed", "holds"].map((verdict) => ({verdict}));
    assert.equal(verdictTally(rows), "3 hold, 1 reversed, 2 not separable, 1 negligible");
    assert.equal(verdictTally([{verdict: "holds"}, {verdict: "not_tested"}]), "1 holds, 1 not tested");
    assert.equal(verdictTally([]), "");
  });
  test("levelText: the coverage with the decimals its miss needs, never rounded up", async () => {
    const {levelText} = await import("../../src/components/findings.ts");
    assert.deepEqual([0.9, 0.95, 0.99, 1 - 0.1 / 16, 1 - 0.1 / 49, 1 - 0.1 / 194, 0.9995].map(levelText), ["90%", "95%", "99%", "99.3%", "99.7%", "99.94%", "99.95%"]);
  });
  test("negligible and significant-but-small rows name the smallest effect of interest", async () => {
    const {findingSentence} = await import("../../src/components/findings.ts");
    const row = {kind: "falls_after_peak", claim: "Gold falls.", verdict: "negligible", effect: -0.03, lower: -0.05, upper: -0.01, interval_level: 0.9, seeds_supporting: 1, seeds_total: 5, sesoi: 0.1};
    assert.equal(findingSentence(row), "Gold falls. Negligible (the whole interval lies within ±0.10 gold std, the smallest effect of interest): median effect −0.03 (90% sign-test interval over 5 seeds: −0.05 to −0.01), 1 of 5 measured seeds (the peak taken from the other seeds' mean curve) in its favour.");
    const small = {...row, kind: "beats", verdict: "not_separable", effect: 0.05, lower: 0.01, upper: 0.15, seeds_supporting: 5};
    assert.equal(findingSentence(small), "Gold falls. Not separable from a negligible effect (within ±0.10 gold std, the smallest effect of interest), though above 0: median effect +0.05 (90% sign-test interval over 5 seeds: 0.01 to 0.15), 5 of 5 seeds in its favour.");
    assert.match(findingSentence({...row, kind: "rises_with_proxy", sesoi: 0.05}), /within ±0\.05, the smallest/);
  });
  test("a value that rounds to zero prints without a minus sign", async () => {
    const {findingSentence} = await import("../../src/components/findings.ts");
    const row = {kind: "beats", claim: "A beats B.", verdict: "negligible", effect: -0.004, lower: -0.05, upper: -0.001, interval_level: 0.9, seeds_supporting: 6, seeds_total: 10, sesoi: 0.1};
    assert.match(findingSentence(row), /effect \+0\.00 \(90% sign-test interval over 10 seeds: −0\.05 to 0\.00\)/);
  });
});

describe("seedGoldChange (language-model gold effects in each seed's unit)", () => {
  test("the recorded change per seed, unscaled: the engine records text gold in std per response under that seed's pi_ref", async () => {
    const {seedGoldChange} = await import("../../loaders/analysis/findings-text.ts");
    const config = {run: {}, bySeed: new Map([[1, {run_id: "a", gold_change: 0.3}], [2, {run_id: "b", gold_change: -0.2}]]), worldBySeed: new Map()};
    assert.deepEqual([...seedGoldChange(config)], [[1, 0.3], [2, -0.2]]);
  });
});
