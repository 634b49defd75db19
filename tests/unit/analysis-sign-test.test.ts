// The sign test and its interval against hand-computed values, Holm and Benjamini-Hochberg against
// R's p.adjust, and coverage by simulation on normal, skewed (lognormal sigma 0.5 and 1,
// exponential, chi2 with 1 df) and heavy-tailed (t with 3 df) per-seed values, at the seed counts
// and levels the findings use: 90% for exploratory rows, every Holm step 1 - 0.05 / j (j = 1..10)
// for the primaries, over 10 seeds (white-box, the measured half of a fall) and 20.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {Rng} from "../../loaders/random.ts";
import {binomialHalfCdf, minSeedsForLevel, signTest, signTestRank} from "../../loaders/analysis/sign-test.ts";
import {benjaminiHochberg, holm} from "../../loaders/analysis/multiplicity.ts";
import {exploratoryLevel, familyAlpha, maxPrimaries} from "../../loaders/analysis/claim-levels.ts";

describe("sign test", () => {
  test("binomial tail against hand values", () => {
    assert.equal(binomialHalfCdf(0, 10), 1 / 1024);
    assert.ok(Math.abs(binomialHalfCdf(3, 20) - 1351 / 1048576) < 1e-15);
    assert.equal(binomialHalfCdf(-1, 5), 0);
    assert.equal(binomialHalfCdf(5, 5), 1);
  });
  test("interval ranks: 10 seeds at 90% is [x(2), x(9)], at 99.5% [x(1), x(10)]; 20 seeds at 99.5% [x(4), x(17)]", () => {
    assert.equal(signTestRank(10, 0.9), 2); // 2 P(B <= 1) = 22/1024 = 0.021; 2 P(B <= 2) = 0.109 > 0.1
    assert.equal(signTestRank(10, 0.995), 1); // 2/1024 = 0.00195 <= 0.005 < 22/1024
    assert.equal(signTestRank(20, 0.995), 4); // 2 P(B <= 3) = 0.0026; 2 P(B <= 4) = 0.0118
    assert.equal(signTestRank(4, 0.9), 0);
    assert.equal(minSeedsForLevel(0.9), 5);
    assert.equal(minSeedsForLevel(1 - 0.05 / 10), 9);
    assert.equal(minSeedsForLevel(1 - 0.05 / 8), 9);
  });
  test("median, interval, p-values of hand-made values", () => {
    const r = signTest([3, -1, 2, 5, 0.5, 4, 1, 6, 7, 8], {level: 0.9});
    assert.equal(r.estimate, 3.5);
    assert.deepEqual([r.lower, r.upper], [0.5, 7]);
    assert.ok(Math.abs(r.attained - (1 - 22 / 1024)) < 1e-15);
    const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-15, `${a} vs ${b}`);
    near(r.p_greater, 11 / 1024); // 9 of 10 above 0: P(B >= 9)
    near(r.p_less, 1023 / 1024); // 1 of 10 below 0: P(B >= 1)
    near(r.p_value, 22 / 1024);
    const zeros = signTest([0, 0, 0, 1, 2], {level: 0.9});
    assert.equal(zeros.p_greater, binomialHalfCdf(3, 5), "a zero counts against the claim");
    const few = signTest([1, 2, 3, 4], {level: 0.9});
    assert.ok(Number.isNaN(few.lower) && Number.isNaN(few.attained), "4 seeds cannot reach 90%");
    assert.throws(() => signTest([]), /invalid values: empty/);
    assert.throws(() => signTest([1, NaN]), /invalid values: NaN/);
    assert.throws(() => signTest([1], {level: 1}), /invalid level: 1/);
  });
  test("the interval excludes 0 exactly when the two-sided p is at most 1 - level", () => {
    const rng = new Rng(3);
    for (let d = 0; d < 2000; ++d) {
      const n = 5 + rng.int(20), level = [0.9, 0.95, 0.995][rng.int(3)];
      const r = signTest(Array.from({length: n}, () => Math.round(4 * (rng.normal() + 0.5)) / 4), {level});
      if (Number.isNaN(r.lower)) continue;
      assert.equal(r.lower > 0 || r.upper < 0, r.p_value <= 1 - level, `n ${n} level ${level}`);
    }
  });
});

describe("multiplicity", () => {
  const p = [0.01, 0.04, 0.03, 0.005];
  test("Holm adjusted p as R's p.adjust(c(0.01, 0.04, 0.03, 0.005), 'holm')", () => {
    const {adjusted, levels} = holm(p, 0.05);
    assert.deepEqual(adjusted.map((v) => +v.toFixed(12)), [0.03, 0.06, 0.06, 0.02]);
    // 0.005 <= 0.05/4 and 0.01 <= 0.05/3 rejected; 0.03 > 0.05/2 stops: it and 0.04 get 1 - 0.05/2.
    assert.deepEqual(levels.map((v) => +v.toFixed(12)), [1 - 0.05 / 3, 1 - 0.05 / 2, 1 - 0.05 / 2, 1 - 0.05 / 4].map((v) => +v.toFixed(12)));
  });
  test("BH q-values as R's p.adjust(c(0.01, 0.04, 0.03, 0.005), 'BH')", () => {
    assert.deepEqual(benjaminiHochberg(p).map((v) => +v.toFixed(12)), [0.02, 0.04, 0.04, 0.02]);
    assert.deepEqual(benjaminiHochberg([]), []);
    assert.throws(() => benjaminiHochberg([0.5, 2]), /invalid p-value \[1\]: 2/);
  });
});

// Per-seed value generators, each with its true median.
const dists: {name: string; draw: (r: Rng) => number; median: number}[] = [
  {name: "normal", draw: (r) => r.normal(), median: 0},
  {name: "lognormal sigma 0.5", draw: (r) => Math.exp(0.5 * r.normal()), median: 1},
  {name: "lognormal sigma 1", draw: (r) => Math.exp(r.normal()), median: 1},
  {name: "exponential", draw: (r) => -Math.log(r.open()), median: Math.LN2},
  {name: "chi2 1 df", draw: (r) => r.normal() ** 2, median: 0.6744897501960817 ** 2},
  {name: "t 3 df", draw: (r) => r.normal() / Math.sqrt((r.normal() ** 2 + r.normal() ** 2 + r.normal() ** 2) / 3), median: 0}
];

const draws = 10_000;
const usedLevels = [exploratoryLevel, ...Array.from({length: maxPrimaries}, (_, j) => 1 - familyAlpha / (j + 1))];

describe("the sign-test interval covers the median at its attained level on every distribution", () => {
  for (const n of [10, 20]) {
    // Levels that share a rank give the same interval: simulate each rank once.
    const ranks = [...new Set(usedLevels.map((l) => signTestRank(n, l)))];
    test(`${n} seeds, ranks ${ranks.join(", ")} (levels ${usedLevels.map((l) => l.toFixed(4)).join(", ")})`, (t) => {
      for (const l of usedLevels) assert.ok(signTestRank(n, l) >= 1, `${n} seeds reach ${l}`);
      const rng = new Rng(500 + n);
      for (const d of dists) {
        for (const k of ranks) {
          const level = usedLevels.find((l) => signTestRank(n, l) === k)!;
          let missed = 0;
          for (let i = 0; i < draws; ++i) {
            const r = signTest(Array.from({length: n}, () => d.draw(rng)), {level});
            if (!(r.lower <= d.median && d.median <= r.upper)) ++missed;
          }
          const attained = 2 * binomialHalfCdf(k - 1, n), se = Math.sqrt((attained * (1 - attained)) / draws);
          const rate = missed / draws;
          t.diagnostic(`${d.name}, rank ${k}: missed ${rate} (attained ${attained.toFixed(5)}, nominal ${(1 - level).toFixed(5)})`);
          assert.ok(attained <= 1 - level + 1e-12, "attained miss within nominal");
          assert.ok(Math.abs(rate - attained) <= 4 * se + 1 / draws, `${d.name}, ${n} seeds, rank ${k}: miss rate ${rate} vs ${attained.toFixed(5)} +- ${(4 * se).toFixed(5)}`);
        }
      }
    });
  }
});

// Holm over the most primaries a spec may declare: each primary a paired effect on skewed values;
// the family-wise error rate (any null rejected, or any effect called in the wrong direction) must
// stay at most alpha within Monte Carlo error. Half the claims are null (median 0), half shifted.
describe("Holm over the primaries keeps the family-wise error rate on skewed values", () => {
  for (const n of [10, 20]) {
    test(`${maxPrimaries} primaries, ${n} seeds each`, (t) => {
      const rng = new Rng(900 + n);
      const families = 2000;
      for (const d of dists) {
        for (const shifted of [0, Math.floor(maxPrimaries / 2)]) {
          let errors = 0;
          for (let f = 0; f < families; ++f) {
            const truth = Array.from({length: maxPrimaries}, (_, c) => (c < shifted ? 0.5 : 0));
            const values = truth.map((m) => Array.from({length: n}, () => d.draw(rng) - d.median + m));
            const {levels} = holm(values.map((v) => signTest(v).p_value), familyAlpha);
            const wrong = truth.some((m, c) => {
              const {lower, upper} = signTest(values[c], {level: levels[c]});
              return m === 0 ? lower > 0 || upper < 0 : upper < 0;
            });
            if (wrong) ++errors;
          }
          const rate = errors / families, se = Math.sqrt((familyAlpha * (1 - familyAlpha)) / families);
          t.diagnostic(`${d.name}, ${maxPrimaries - shifted} null: family-wise error ${rate}`);
          assert.ok(rate <= familyAlpha + 3 * se, `${d.name}, ${n} seeds: family-wise error ${rate} (expected <= ${familyAlpha} + ${(3 * se).toFixed(4)})`);
        }
      }
    });
  }
});

// The simulations above cover the default specs: every primary is measured on 10 or 20 seeds, at
// most maxPrimaries are declared, and each spec's first Holm step is reachable.
describe("the default specs' primaries are inside what the coverage tests simulate", () => {
  test("seed counts and family sizes", async () => {
    const {loadSpec} = await import("../../loaders/run/spec/spec.ts");
    for (const name of ["overoptimization", "robust-rl", "white-box"]) {
      const spec = loadSpec(`data/experiments/${name}.json`);
      assert.ok(spec.primaries.length >= 5 && spec.primaries.length <= maxPrimaries, `${name}: ${spec.primaries.length} primaries`);
      for (const p of spec.primaries) {
        const measured = p.kind === "falls_after_peak" ? Math.ceil(spec.seeds.length / 2) : spec.seeds.length;
        assert.ok([10, 20].includes(measured), `${name} ${p.id}: ${measured} seeds`);
        assert.ok(signTestRank(measured, 1 - familyAlpha / spec.primaries.length) >= 1);
      }
    }
  });
});
