// Coverage by simulation of every seed-level interval the pages show: the band of a seed mean
// (aggregateSeeds: bands, rl_bands, final gold), the paired difference of two configurations on the
// same seeds, and the held-out fall after the peak (seedEffect, findings). 2,000 simulated
// experiments per seed count; a 90% interval must cover the truth 87.5-92.5% of the time.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {Rng} from "../../loaders/random.ts";
import {aggregateSeeds, bootstrapMean} from "../../loaders/analysis/index.ts";
import {heldOutFall} from "../../loaders/analysis/held-out-fall.ts";
import {seedEffect, pairedDifferences} from "../../loaders/analysis/verdict.ts";
import {familyIntervalLevel} from "../../loaders/analysis/findings.ts";

const draws = 2000;
const mu = (p: number) => 0.5 * Math.sin((Math.PI * p) / 10);
const inRange = (covered: number, what: string) => {
  const rate = covered / draws;
  assert.ok(rate >= 0.875 && rate <= 0.925, `${what}: coverage ${(100 * rate).toFixed(1)}% (expected 90 +- 2.5)`);
  return rate;
};

describe("90% intervals keep their coverage at 5, 10 and 20 seeds", () => {
  for (const seeds of [5, 10, 20]) {
    test(`${seeds} seeds`, (t) => {
      const rng = new Rng(1000 + seeds);
      let band = 0, paired = 0, fall = 0;
      for (let d = 0; d < draws; ++d) {
        // A seed mean: per-seed gold of one configuration, true mean 0.7, sd 0.4; two rows per seed
        // (e.g. prompts) averaged first.
        const rows = [];
        for (let s = 0; s < seeds; ++s) {
          const g = 0.7 + 0.4 * rng.normal();
          rows.push({seed: s, gold_reward: g - 0.1}, {seed: s, gold_reward: g + 0.1});
        }
        const [r] = aggregateSeeds(rows);
        if (r.lower <= 0.7 && 0.7 <= r.upper) ++band;

        // A paired difference: a shared seed effect (same world, same pairs) plus each objective's own noise.
        const a = new Map<number, number>(), b = new Map<number, number>();
        for (let s = 0; s < seeds; ++s) {
          const world = rng.normal();
          a.set(s, 0.3 + world + 0.2 * rng.normal());
          b.set(s, world + 0.2 * rng.normal());
        }
        const e = seedEffect(pairedDifferences(a, b));
        if (e.lower <= 0.3 && 0.3 <= e.upper) ++paired;

        // A gold curve that rises and falls (true mean mu(p) = 0.5 sin(pi p / 10), p = 0..10) with
        // per-seed noise; the held-out fall estimates mu(chosen peak) - mu(last) for the peak it chose.
        const curves = new Map<number, Map<number, number>>();
        for (let s = 0; s < seeds; ++s) curves.set(s, new Map(Array.from({length: 11}, (_, p) => [p, mu(p) + 0.5 * rng.normal()])));
        const h = heldOutFall(curves);
        const c = seedEffect([...h.falls.values()]);
        const truth = mu(h.peak) - mu(h.last);
        if (c.lower <= truth && truth <= c.upper) ++fall;
      }
      const rates = [inRange(band, "seed mean (aggregateSeeds)"), inRange(paired, "paired difference (seedEffect)"), inRange(fall, "held-out fall")];
      t.diagnostic(`coverage: seed mean ${rates[0]}, paired difference ${rates[1]}, held-out fall ${rates[2]}`);
    });
  }
});

describe("what the t-interval replaces", () => {
  test("a 90% percentile bootstrap over 5 seeds undercovers (the reason for the change)", (t) => {
    const rng = new Rng(7);
    const values = new Float64Array(5);
    let covered = 0;
    for (let d = 0; d < draws; ++d) {
      for (let s = 0; s < 5; ++s) values[s] = rng.normal();
      const {lower, upper} = bootstrapMean(values, {resamples: 400, runSeed: d});
      if (lower <= 0 && 0 <= upper) ++covered;
    }
    t.diagnostic(`bootstrap coverage at 5 seeds: ${covered / draws}`);
    assert.ok(covered / draws < 0.84, `bootstrap coverage ${(covered / draws).toFixed(3)}`);
  });
  test("the fall from a peak chosen on the same seeds is biased upward on a flat curve", () => {
    const rng = new Rng(8);
    let selfSum = 0, heldSum = 0;
    for (let d = 0; d < 500; ++d) {
      const curves = new Map<number, Map<number, number>>();
      for (let s = 0; s < 10; ++s) curves.set(s, new Map(Array.from({length: 11}, (_, p) => [p, rng.normal()])));
      const mean = (p: number) => [...curves.values()].reduce((t, c) => t + c.get(p)!, 0) / 10;
      const peak = Array.from({length: 11}, (_, p) => p).reduce((a, p) => (mean(p) > mean(a) ? p : a));
      selfSum += mean(peak) - mean(10);
      heldSum += [...heldOutFall(curves).falls.values()].reduce((t, v) => t + v, 0) / 10;
    }
    assert.ok(selfSum / 500 > 0.3, `same-seed fall ${selfSum / 500}`);
    assert.ok(Math.abs(heldSum / 500) < 0.08, `held-out fall ${heldSum / 500}`);
  });
});

// The findings table's intervals are simultaneous over an experiment's findings: all of them cover
// together with probability >= 90%. A family of 20 paired differences with a shared seed effect
// (the same worlds behind every finding, so the findings are correlated): Bonferroni keeps the joint
// coverage at or above 90% (exactly 1 - 0.1 / 20 per finding); per-finding 90% intervals do not.
describe("simultaneous intervals over a family of findings cover together 90% of the time", () => {
  const family = 20;
  for (const seeds of [5, 10, 20]) {
    test(`${seeds} seeds, ${family} findings`, (t) => {
      const rng = new Rng(2000 + seeds);
      const level = familyIntervalLevel(family);
      let all = 0, allPerFinding = 0, each = 0;
      for (let d = 0; d < draws; ++d) {
        const world = Array.from({length: seeds}, () => rng.normal());
        let covered = true, coveredPerFinding = true;
        for (let f = 0; f < family; ++f) {
          const truth = 0.05 * f;
          const diffs = world.map((w) => truth + 0.5 * w + 0.4 * rng.normal());
          const e = seedEffect(diffs, {level});
          const inside = e.lower <= truth && truth <= e.upper;
          if (inside) ++each;
          covered &&= inside;
          const p = seedEffect(diffs);
          coveredPerFinding &&= p.lower <= truth && truth <= p.upper;
        }
        if (covered) ++all;
        if (coveredPerFinding) ++allPerFinding;
      }
      const rate = all / draws, perFinding = allPerFinding / draws, eachRate = each / (draws * family);
      t.diagnostic(`joint coverage ${rate}, per-finding intervals jointly ${perFinding}, each ${eachRate}`);
      assert.ok(rate >= 0.875, `joint coverage ${(100 * rate).toFixed(1)}% (expected >= 90 - 2.5)`);
      assert.ok(Math.abs(eachRate - level) < 0.002, `each interval covers ${(100 * eachRate).toFixed(2)}% (expected ${(100 * level).toFixed(2)}%)`);
      assert.ok(perFinding < 0.5, `per-finding 90% intervals cover jointly ${(100 * perFinding).toFixed(1)}% (expected far below 90%)`);
    });
  }
});
