import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {Rng} from "../../loaders/random.ts";
import {kendall, rank, rankCorrelationInterval, spearman} from "../../loaders/analysis/index.ts";

const close = (actual: number, expected: number, tol = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not within ${tol} of ${expected}`);

// Naive O(n^2) references.
function naiveRank(v: number[]): number[] {
  return v.map((a) => 1 + v.filter((b) => b < a).length + (v.filter((b) => b === a).length - 1) / 2);
}
function pearson(a: number[], b: number[]): number {
  const n = a.length, ma = a.reduce((s, v) => s + v, 0) / n, mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; ++i) sab += (a[i] - ma) * (b[i] - mb), saa += (a[i] - ma) ** 2, sbb += (b[i] - mb) ** 2;
  return sab / Math.sqrt(saa * sbb);
}
const naiveSpearman = (x: number[], y: number[]) => pearson(naiveRank(x), naiveRank(y));
function naiveKendall(x: number[], y: number[]): number {
  let s = 0, tx = 0, ty = 0, pairs = 0;
  for (let i = 0; i < x.length; ++i) {
    for (let j = i + 1; j < x.length; ++j) {
      ++pairs;
      s += Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
      if (x[i] === x[j]) ++tx;
      if (y[i] === y[j]) ++ty;
    }
  }
  return s / Math.sqrt((pairs - tx) * (pairs - ty));
}

function sample(rng: Rng, n: number, levels: number): number[] {
  return Array.from({length: n}, () => (levels > 0 ? rng.int(levels) : rng.normal()));
}

describe("rank", () => {
  test("average ranks for ties", () => {
    assert.deepEqual(Array.from(rank([10, 20, 20, 5, 20])), [2, 4, 4, 1, 4]);
    assert.deepEqual(Array.from(rank([3, 1, 2])), [3, 1, 2]);
    assert.deepEqual(Array.from(rank([])), []);
  });
});

describe("spearman", () => {
  test("hand-computed cases with ties", () => {
    // ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4] -> rho = 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10)
    close(spearman([1, 2, 2, 3], [1, 3, 2, 4]), 3 / Math.sqrt(10));
    // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) -> 0.8207826816681233
    close(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 0.8207826816681233);
    close(spearman([1, 2, 3], [30, 20, 10]), -1);
    close(spearman([1, 2, 3, 4], [1, 4, 9, 16]), 1);
  });
  test("matches a naive reference on random data, with and without ties", () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 200; ++trial) {
      const n = 2 + rng.int(40), levels = [0, 3, 6][trial % 3];
      const x = sample(rng, n, levels), y = sample(rng, n, levels);
      const expected = naiveSpearman(x, y);
      if (Number.isNaN(expected)) assert.ok(Number.isNaN(spearman(x, y)));
      else close(spearman(x, y), expected, 1e-12);
    }
  });
  test("undefined cases are NaN; bad input throws", () => {
    assert.ok(Number.isNaN(spearman([1], [2])));
    assert.ok(Number.isNaN(spearman([], [])));
    assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])));
    assert.throws(() => spearman([1, 2], [1]), /invalid y: length 1 \(expected the length of x, 2/);
    assert.throws(() => spearman([1, NaN], [1, 2]), /invalid x\[1\]: NaN/);
  });
});

describe("kendall", () => {
  test("hand-computed cases with ties", () => {
    // 6 pairs: 5 concordant, 1 tied in x only -> tau-b = 5 / sqrt(5 * 6)
    close(kendall([1, 2, 2, 3], [1, 3, 2, 4]), 5 / Math.sqrt(30));
    // scipy.stats.kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) -> -0.47140452079103173
    // (10 pairs: C = 2, D = 6; tied in x: 2 pairs, one of them also in y, (12, 1) twice -> -4 / sqrt(8 * 9))
    close(kendall([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]), -0.47140452079103173);
    close(kendall([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    close(kendall([1, 2, 3, 4], [1, 2, 3, 4]), 1);
  });
  test("matches a naive O(n^2) reference on random data, with and without ties", () => {
    const rng = new Rng(12);
    for (let trial = 0; trial < 300; ++trial) {
      const n = 2 + rng.int(60), levels = [0, 2, 4, 10][trial % 4];
      const x = sample(rng, n, levels), y = sample(rng, n, levels);
      const expected = naiveKendall(x, y);
      if (Number.isNaN(expected)) assert.ok(Number.isNaN(kendall(x, y)));
      else close(kendall(x, y), expected, 1e-12);
    }
  });
  test("large n stays fast (O(n log n))", () => {
    const rng = new Rng(13);
    const x = sample(rng, 100_000, 0), y = x.map((v) => v + rng.normal());
    const t0 = performance.now();
    const tau = kendall(x, y);
    assert.ok(performance.now() - t0 < 2000);
    close(tau, (2 / Math.PI) * Math.asin(1 / Math.sqrt(2)), 0.01); // Greiner: tau = 2/pi asin(r), r = 1/sqrt(2)
  });
  test("undefined cases are NaN", () => {
    assert.ok(Number.isNaN(kendall([1], [1])));
    assert.ok(Number.isNaN(kendall([1, 2, 3], [5, 5, 5])));
  });
});

describe("rankCorrelationInterval", () => {
  const rng = new Rng(14);
  const x = Array.from({length: 12}, (_, i) => i);
  const y = x.map((v) => v + 3 * rng.normal());

  test("deterministic given runSeed; contains the estimate", () => {
    const a = rankCorrelationInterval(x, y, {runSeed: 5});
    assert.deepEqual(rankCorrelationInterval(x, y, {runSeed: 5}), a);
    assert.notDeepEqual(rankCorrelationInterval(x, y, {runSeed: 6}), a);
    close(a.estimate, spearman(x, y));
    assert.ok(a.lower <= a.estimate && a.estimate <= a.upper && a.lower < a.upper, JSON.stringify(a));
    assert.ok(a.lower >= -1 && a.upper <= 1);
    assert.equal(a.resamples, 1000);
  });
  test("kendall method; a wider level gives a wider band", () => {
    const k = rankCorrelationInterval(x, y, {method: "kendall", level: 0.5});
    close(k.estimate, kendall(x, y));
    const wide = rankCorrelationInterval(x, y, {method: "kendall", level: 0.95});
    assert.ok(wide.lower <= k.lower && wide.upper >= k.upper);
  });
  test("a perfectly monotone relation has a degenerate band at 1", () => {
    const band = rankCorrelationInterval(x, x.map((v) => v * v), {resamples: 200});
    assert.deepEqual([band.estimate, band.lower, band.upper], [1, 1, 1]);
    assert.ok(band.resamples <= 200); // constant resamples (all one pair) are left out
  });
  test("bad options throw", () => {
    assert.throws(() => rankCorrelationInterval(x, y, {level: 1}), /invalid level: 1/);
    assert.throws(() => rankCorrelationInterval(x, y, {resamples: 0}), /invalid resamples: 0/);
    assert.throws(() => rankCorrelationInterval(x, y, {method: "pearson" as never}), /invalid method: pearson/);
  });
});
