import assert from "node:assert/strict";
import {test} from "node:test";
import {bestOfN, bestOfNKl, bestOfNKlFinite, bestOfNWeights} from "../../loaders/optimize/best-of-n.ts";
import {betaForKl, betaGrid, klTilt, klToUniform, tiltedPolicy} from "../../loaders/optimize/kl-tilt.ts";
import {Rng} from "../../loaders/random.ts";

/** All size-n subsets of [0, K). */
function* subsets(K: number, n: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === n) return yield [...acc];
  for (let i = start; i < K; ++i) yield* subsets(K, n, i + 1, [...acc, i]);
}

test("unbiased best-of-n estimator equals exhaustive enumeration of draws without replacement", () => {
  const rng = new Rng(7);
  const K = 7;
  const P = 3;
  const proxy = Float64Array.from({length: P * K}, () => rng.normal());
  const gold = Float64Array.from({length: P * K}, () => rng.normal());
  const ns = [1, 2, 3, 5, 7];
  const points = bestOfN(proxy, {gold}, {prompts: P, poolSize: K, ns});
  for (const [j, n] of ns.entries()) {
    let total = 0;
    for (let p = 0; p < P; ++p) {
      let sum = 0;
      let count = 0;
      for (const s of subsets(K, n)) {
        const best = s.reduce((a, b) => (proxy[p * K + b] > proxy[p * K + a] ? b : a));
        sum += gold[p * K + best];
        ++count;
      }
      total += sum / count;
    }
    assert.ok(Math.abs(points[j].values.gold - total / P) < 1e-12, `n=${n}: ${points[j].values.gold} vs ${total / P}`);
  }
});

test("proxy and gold are sorted together (the estimator follows proxy order, not gold order)", () => {
  // Proxy ranks items opposite to gold: best-of-K must return the item with the *lowest* gold.
  const proxy = Float64Array.from([3, 2, 1]);
  const gold = Float64Array.from([-1, 0, 1]);
  const [point] = bestOfN(proxy, {gold}, {prompts: 1, poolSize: 3, ns: [3]});
  assert.equal(point.values.gold, -1);
});

test("best-of-n weights are a distribution, and n = 1 is uniform", () => {
  for (const [K, n] of [[10, 1], [10, 4], [100, 37], [4096, 1024]]) {
    const w = bestOfNWeights(K, n);
    assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  }
  for (const w of bestOfNWeights(4, 1)) assert.ok(Math.abs(w - 0.25) < 1e-15);
});

test("finite-pool best-of-n KL equals enumeration of every n-subset of a K = 6 pool", () => {
  const K = 6;
  for (let n = 1; n <= K; ++n) {
    // Every n-subset is equally likely; best-of-n returns its top-ranked item (the largest index).
    const p = new Array<number>(K).fill(0);
    let count = 0;
    for (const s of subsets(K, n)) {
      p[Math.max(...s)] += 1;
      ++count;
    }
    const kl = p.reduce((sum, c) => (c > 0 ? sum + (c / count) * Math.log((c / count) * K) : sum), 0);
    assert.ok(Math.abs(bestOfNKlFinite(K, n) - kl) < 1e-12, `n=${n}: ${bestOfNKlFinite(K, n)} vs ${kl}`);
  }
  assert.ok(Math.abs(bestOfNKlFinite(K, K) - Math.log(K)) < 1e-12, "n = K always picks the top item");
  assert.ok(Math.abs(bestOfNKlFinite(K, 1)) < 1e-15, "n = 1 is pi_0");
  // never negative: at K = 2048, n = 1 the weights' rounding once summed to -7.7e-14 (sqrt(KL) NaN)
  for (const pool of [6, 1000, 2048, 4096, 1 << 17]) for (const m of [1, 2, 3, 1024].filter((m) => m <= pool)) assert.ok(bestOfNKlFinite(pool, m) >= 0, `K=${pool} n=${m}: ${bestOfNKlFinite(pool, m)}`);
});

test("finite-pool best-of-n KL exceeds the analytic log n - (n - 1) / n and tends to it as the pool grows", () => {
  for (const n of [2, 8, 64]) {
    const gaps = [256, 1024, 4096, 1 << 15, 1 << 17].map((K) => bestOfNKlFinite(K, n) / bestOfNKl(n) - 1);
    for (let i = 0; i < gaps.length; ++i) assert.ok(gaps[i] > 0 && (i === 0 || gaps[i] < gaps[i - 1]), `n=${n}: gaps ${gaps.join(", ")}`);
    assert.ok(gaps[gaps.length - 1] < 1e-3, `n=${n}: ${gaps[gaps.length - 1]}`);
  }
  assert.equal(bestOfNKl(1), 0);
  // The default spec's largest point: 2.3% above the analytic value.
  assert.equal((bestOfNKlFinite(4096, 1024) / bestOfNKl(1024) - 1).toFixed(3), "0.023");
});

test("bestOfN reports the finite-pool KL of its own pool size", () => {
  const rng = new Rng(5);
  for (const K of [8, 64]) {
    const proxy = Float64Array.from({length: 2 * K}, () => rng.normal());
    const ns = [1, 2, 4, 8];
    for (const point of bestOfN(proxy, {proxy}, {prompts: 2, poolSize: K, ns})) assert.equal(point.kl, bestOfNKlFinite(K, point.n), `K=${K} n=${point.n}`);
  }
});

test("KL tilt matches a naive per-prompt computation", () => {
  const rng = new Rng(3);
  const K = 50;
  const P = 4;
  const proxy = Float64Array.from({length: P * K}, () => rng.normal());
  const gold = Float64Array.from({length: P * K}, () => rng.normal());
  const betas = betaGrid({from: 5, to: 0.05, count: 7});
  const points = klTilt(proxy, {gold, proxy}, {prompts: P, poolSize: K, betas});
  for (const [j, beta] of betas.entries()) {
    let kl = 0;
    let g = 0;
    for (let p = 0; p < P; ++p) {
      const w = Array.from({length: K}, (_, i) => Math.exp(proxy[p * K + i] / beta));
      const z = w.reduce((a, b) => a + b, 0);
      for (let i = 0; i < K; ++i) {
        const q = w[i] / z;
        kl += q * Math.log(q * K);
        g += q * gold[p * K + i];
      }
      assert.ok(Math.abs(klToUniform(tiltedPolicy(proxy, p * K, K, beta)) - [...tiltedPolicy(proxy, p * K, K, beta)].reduce((s, q) => s + (q > 0 ? q * Math.log(q * K) : 0), 0)) < 1e-12);
    }
    assert.ok(Math.abs(points[j].kl - kl / P) < 1e-9, `beta=${beta}: kl ${points[j].kl} vs ${kl / P}`);
    assert.ok(Math.abs(points[j].values.gold - g / P) < 1e-12);
  }
});

test("KL tilt limits: huge beta is pi_0 (KL 0), tiny beta is the proxy argmax (KL log K)", () => {
  const proxy = Float64Array.from([0.1, 0.5, -0.3, 0.2]);
  const gold = Float64Array.from([1, 2, 3, 4]);
  const [wide, sharp] = klTilt(proxy, {gold}, {prompts: 1, poolSize: 4, betas: [1e6, 1e-4]});
  assert.ok(wide.kl < 1e-9);
  assert.ok(Math.abs(wide.values.gold - 2.5) < 1e-6);
  assert.ok(Math.abs(sharp.kl - Math.log(4)) < 1e-9);
  assert.equal(sharp.values.gold, 2);
});

test("betaForKl: a two-response pool, where KL(beta) has a closed form", () => {
  // r = (0, 1): p = sigmoid(1 / beta) on the better response, KL = ln 2 - H(p).
  const proxy = Float64Array.from([0, 1]);
  const h = (p: number) => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
  for (const beta of [0.2, 1, 5]) {
    const p = 1 / (1 + Math.exp(-1 / beta));
    const kl = Math.log(2) - h(p);
    assert.ok(Math.abs(betaForKl(proxy, {prompts: 1, poolSize: 2, kl}) / beta - 1) < 1e-6, String(beta));
  }
  assert.throws(() => betaForKl(proxy, {prompts: 1, poolSize: 2, kl: Math.log(2)}), /invalid kl_target/);
  assert.throws(() => betaForKl(proxy, {prompts: 1, poolSize: 2, kl: 0}), /invalid kl_target/);
  // A scaled proxy needs a proportionally scaled beta for the same KL.
  const rng = new Rng(3);
  const r = Float64Array.from({length: 64}, () => rng.normal());
  const b = betaForKl(r, {prompts: 2, poolSize: 32, kl: 1});
  assert.ok(Math.abs(betaForKl(r.map((v) => 3 * v), {prompts: 2, poolSize: 32, kl: 1}) / (3 * b) - 1) < 1e-6);
});
