// The importer's statistics: the spline smoother, isotonic fit and AR(1) noise estimate against naive
// references; the divergence test's error rates by simulation (Monte Carlo tolerance); Gao fits with
// an offset, the forecast and the best checkpoint against hand-computed values.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {ar1ResidualMoments, estimateAr1Noise, maxPhi, simulateAr1} from "../../loaders/analysis/ar1-noise.ts";
import {fitGaoOffset, gaoPeakInterval} from "../../loaders/analysis/fit-gao-offset.ts";
import {isotonicIncreasing} from "../../loaders/analysis/isotonic.ts";
import {splineSmoother} from "../../loaders/analysis/spline-smoother.ts";
import {calibrateOnRuns} from "../../loaders/import/calibration.ts";
import {fallStudentizer} from "../../loaders/import/fall-studentizer.ts";
import {forecastErrors} from "../../loaders/import/forecast-runs.ts";
import {bestCheckpoint, divergenceTest, forecastGold, syntheticLog} from "../../loaders/import/index.ts";
import {Rng, deriveSeed} from "../../loaders/random.ts";

test("splineSmoother: reproduces a cubic and the truncated cubics at its knots, and is a projection", () => {
  const s = splineSmoother(30, 2);
  const x = (i: number) => i / 29;
  const curve = Array.from({length: 30}, (_, i) => 1 - 2 * x(i) + 3 * x(i) ** 3 + 5 * Math.max(0, x(i) - 2 / 3) ** 3);
  s.fit(curve).forEach((v, i) => assert.ok(Math.abs(v - curve[i]) < 1e-9, `${i}: ${v} vs ${curve[i]}`));
  const rng = new Rng(7);
  const y = Array.from({length: 30}, () => rng.normal());
  const once = s.fit(y), twice = s.fit(once);
  once.forEach((v, i) => assert.ok(Math.abs(v - twice[i]) < 1e-9));
  assert.throws(() => splineSmoother(5, 1), /invalid n: 5/);
});

test("isotonicIncreasing: pools adjacent violators (hand-computed)", () => {
  assert.deepEqual([...isotonicIncreasing([1, 3, 2, 4])], [1, 2.5, 2.5, 4]);
  assert.deepEqual([...isotonicIncreasing([3, 2, 1])], [2, 2, 2]);
  assert.deepEqual([...isotonicIncreasing([0, 5, 1, 2, 9])], [0, 8 / 3, 8 / 3, 8 / 3, 9]);
});

test("ar1ResidualMoments: the residual lag-1 ratio and trace under AR(1) equal the naive matrix products", () => {
  const n = 14, s = splineSmoother(n, 1), phi = 0.6;
  const H = Array.from({length: n}, (_, i) => s.fit(Array.from({length: n}, (_, j) => (i === j ? 1 : 0))));
  const M = (i: number, j: number) => (i === j ? 1 : 0) - H[j][i];
  const R = (i: number, j: number) => phi ** Math.abs(i - j);
  // E[r r'] = M R M'
  const C = Array.from({length: n}, (_, i) => Array.from({length: n}, (_, j) => {
    let sum = 0;
    for (let k = 0; k < n; ++k) for (let l = 0; l < n; ++l) sum += M(i, k) * R(k, l) * M(j, l);
    return sum;
  }));
  let trace = 0, lag = 0;
  for (let t = 0; t < n; ++t) trace += C[t][t];
  for (let t = 0; t + 1 < n; ++t) lag += C[t][t + 1];
  const m = ar1ResidualMoments(s, phi);
  assert.ok(Math.abs(m.trace - trace) < 1e-9 && Math.abs(m.ratio - lag / trace) < 1e-9, `${JSON.stringify(m)} vs ${trace}, ${lag / trace}`);
});

test("estimateAr1Noise: phi within 0.05 and sd within 10% on average through the smoother (AR(1) 0.5, 60 points)", () => {
  const n = 60, s = splineSmoother(n), rng = new Rng(11), e = new Float64Array(n);
  let phi = 0, sd = 0;
  const reps = 400;
  for (let r = 0; r < reps; ++r) {
    simulateAr1(rng, {sd: 2, phi: 0.5}, e);
    const fit = s.fit(e);
    const est = estimateAr1Noise(e.map((v, i) => v - fit[i]), s);
    phi += est.phi / reps, sd += est.sd / reps;
  }
  assert.ok(Math.abs(phi - 0.5) < 0.05, `mean phi ${phi}`);
  // sd is biased up (+6% here, far more at 20 points where phi near its bound shrinks tr(M R)): conservative.
  assert.ok(Math.abs(sd - 2) < 0.2, `mean sd ${sd}`);
});

test("fallStudentizer: the fall's sd equals sqrt(c' R c) by naive products; its noise estimate matches the bisection's", () => {
  const n = 16, flexible = splineSmoother(n, 2), one = splineSmoother(n, 1), st = fallStudentizer(one, flexible);
  const S = Array.from({length: n}, (_, i) => one.fit(Array.from({length: n}, (_, j) => (i === j ? 1 : 0)))); // S[j] = column j
  for (const phi of [0, maxPhi / 19 * 10, maxPhi]) for (const i of [0, 7, n - 1]) {
    let v = 0;
    for (let s = 0; s < n; ++s) for (let t = 0; t < n; ++t) v += (S[s][i] - S[s][n - 1]) * phi ** Math.abs(s - t) * (S[t][i] - S[t][n - 1]);
    const sd = st.fallSd({sd: 2, phi}, i);
    assert.ok(Math.abs(sd - 2 * Math.sqrt(v)) < 1e-9, `phi ${phi}, i ${i}: ${sd} vs ${2 * Math.sqrt(v)}`);
  }
  const rng = new Rng(5), e = new Float64Array(n);
  for (let r = 0; r < 20; ++r) {
    simulateAr1(rng, {sd: 1, phi: 0.6}, e);
    const fit = flexible.fit(e), res = e.map((v, k) => v - fit[k]);
    const exact = estimateAr1Noise(res, flexible), grid = st.noise(res);
    assert.ok(Math.abs(exact.phi - grid.phi) < 0.01 && Math.abs(exact.sd / grid.sd - 1) < 0.01, `${JSON.stringify(exact)} vs ${JSON.stringify(grid)}`);
  }
});

test("divergenceTest: false alarms at most 5% on flat and saturating gold, white and AR(1) noise (50 steps), by simulation", () => {
  // 250 fresh logs per cell (seeds apart from the calibration's and the development's): the rate may
  // exceed 5% by Monte Carlo error only (3 sds: 4.1 points), and agrees with the committed calibration.
  const published = tableFromIPC(readFileSync("data/bench/import-calibration.arrow")).toArray().map((r) => r.toJSON());
  const logs = 250, tolerance = 3 * Math.sqrt(0.05 * 0.95 / logs);
  for (const gold of ["flat", "saturating"] as const) for (const noise of ["white", "ar1"] as const) {
    let alarms = 0;
    for (let k = 0; k < logs; ++k) {
      const log = syntheticLog({gold, noise, steps: 50, seed: deriveSeed(31, gold, k)});
      if (divergenceTest(log.points, {seed: k + 1})!.p_value <= 0.05) ++alarms;
    }
    const rate = alarms / logs;
    assert.ok(rate <= 0.05 + tolerance, `${gold} ${noise}: ${alarms} / ${logs} false alarms`);
    const row = published.find((r) => r.section === "divergence" && r.metric === "fall_test_rate" && r.gold === gold && r.noise === noise && r.steps === 50)!;
    const p = Math.max(row.value, 0.01);
    assert.ok(Math.abs(rate - row.value) <= 3 * Math.sqrt(p * (1 - p) * (1 / logs + 1 / row.logs)), `${gold} ${noise}: ${rate}, published ${row.value}`);
  }
});

test("divergenceTest: detects a 3-sd Gao peak in white noise (100 steps) at least 80% of the time, with an interval around the true fall", () => {
  let hits = 0, covered = 0;
  for (let k = 0; k < 100; ++k) {
    const log = syntheticLog({gold: "peak", noise: "white", steps: 100, fall: 3, seed: deriveSeed(32, "peak", k)});
    const t = divergenceTest(log.points, {seed: k + 1})!;
    if (t.diverges) ++hits;
    if (t.fall_low <= log.fall && log.fall <= t.fall_high) ++covered;
  }
  assert.ok(hits >= 80, `${hits} / 100 detected`);
  assert.ok(covered >= 85, `${covered} / 100 intervals cover the true fall`);
});

test("divergenceTest: none when gold only rises or the proxy turns too; null below 10 points; options checked", () => {
  const steps = Array.from({length: 40}, (_, i) => i);
  assert.equal(divergenceTest(steps.map((i) => ({step: i, proxy: i, gold: i / 2 + Math.sin(i) / 100})))!.diverges, false);
  const bothTurn = steps.map((i) => ({step: i, proxy: -((i - 15) ** 2) + Math.sin(i), gold: -((i - 15) ** 2) + Math.cos(i)}));
  const t = divergenceTest(bothTurn)!;
  assert.ok(t.p_value <= 0.05 && t.proxy_gain_high < 0 && !t.diverges, "gold falls, but so does the proxy: not Goodhart");
  assert.equal(divergenceTest(steps.slice(0, 9).map((i) => ({step: i, proxy: i, gold: -i}))), null);
  assert.throws(() => divergenceTest(bothTurn, {level: 1.5}), /invalid level: 1.5/);
});

test("fitGaoOffset: a noise-free Gao log logged from KL 0.5 recovers its peak d = e within 5% (RL) and the best-of-n peak", () => {
  const ds = Array.from({length: 40}, (_, i) => Math.sqrt(0.5 + 0.5 * i));
  const rl = fitGaoOffset(ds, ds.map((d) => d * (1 - 0.5 * Math.log(d))), "rl");
  assert.ok(Math.abs(rl.peak_d! / Math.E - 1) < 0.05, `peak ${rl.peak_d}`);
  assert.ok(Math.abs(rl.alpha - 1) < 1e-9 && Math.abs(rl.beta - 0.5) < 1e-9 && Math.abs(rl.c) < 1e-9 && rl.r2! > 0.999999);
  const bon = fitGaoOffset(ds, ds.map((d) => 3 + d * (2 - 0.25 * d)), "bon");
  assert.ok(Math.abs(bon.peak_d! - 4) < 1e-9 && Math.abs(bon.c - 3) < 1e-9 && Math.abs(bon.peak_reward! - 7) < 1e-9);
  const fixed = fitGaoOffset([0, ...ds], [0.2, ...ds.map((d) => 0.2 + d * (1 - 0.5 * Math.log(d)))], "rl", 0.2);
  assert.ok(Math.abs(fixed.alpha - 1) < 1e-9 && fixed.c === 0.2);
  assert.throws(() => fitGaoOffset([1, 1, 1], [0, 1, 2]), /at least 3 distinct d/);
});

test("gaoPeakInterval: covers the true peak of a noisy Gao log; no upper bound when the curve need not turn", () => {
  const rng = new Rng(5);
  const ds = Array.from({length: 80}, (_, i) => Math.sqrt(0.5 + 0.2 * i));
  const rs = ds.map((d) => d * (1 - 0.5 * Math.log(d)) + 0.02 * rng.normal());
  const fit = fitGaoOffset(ds, rs);
  const {low, high} = gaoPeakInterval(ds, rs, fit);
  assert.ok(low! < Math.E && Math.E < high!, `[${low}, ${high}]`);
  const rising = ds.map((d) => d + 0.5 * rng.normal());
  assert.equal(gaoPeakInterval(ds, rising, fitGaoOffset(ds, rising)).high, null);
});

test("forecastGold: from the first half of a noise-free Gao log, the peak step and the fall by the end", () => {
  // KL = 0.01 step, d = sqrt(KL); gold = d (1 - 0.5 log d) peaks at d = e, KL = e^2, step 100 e^2 = 738.9.
  const points = Array.from({length: 100}, (_, i) => {
    const step = 20 * (i + 1), d = Math.sqrt(0.01 * step);
    return {step, kl: d * d, gold: d * (1 - 0.5 * Math.log(d))};
  });
  const f = forecastGold(points, 1000, 2000)!;
  assert.ok(Math.abs(f.peak_step! - 100 * Math.E ** 2) < 1e-6, `peak step ${f.peak_step}`);
  const dEnd = Math.sqrt(20);
  assert.ok(Math.abs(f.fall! - (Math.E * 0.5 - dEnd * (1 - 0.5 * Math.log(dEnd)))) < 1e-9);
  assert.equal(forecastGold(points, 60, 2000), null, "fewer than 5 points seen");
});

test("bestCheckpoint: the gold-best step and what picking by proxy costs (hand-computed)", () => {
  const points = [{step: 1, proxy: 0, gold: 1}, {step: 2, proxy: 1, gold: 3}, {step: 3, proxy: 5, gold: 2}, {step: 4, proxy: 4, gold: 0}];
  assert.deepEqual(bestCheckpoint(points), {best_gold_step: 2, best_gold: 3, proxy_best_step: 3, gold_at_proxy_best: 2, proxy_selection_cost: -1});
  assert.equal(bestCheckpoint([]), null);
});

test("syntheticLog: seeded; the peak gold falls by the asked sds from an interior peak; the nulls never fall", () => {
  assert.deepEqual(syntheticLog({gold: "peak", seed: 9}), syntheticLog({gold: "peak", seed: 9}));
  assert.notDeepEqual(syntheticLog({seed: 1}).points, syntheticLog({seed: 2}).points);
  const peak = syntheticLog({gold: "peak", steps: 100, fall: 3, sd: 0.1});
  assert.ok(Math.abs(peak.fall - 0.3) < 1e-9 && peak.peak_index >= 25 && peak.peak_index <= 62, JSON.stringify({fall: peak.fall, at: peak.peak_index}));
  for (const gold of ["flat", "rising", "saturating"] as const) {
    const {points} = syntheticLog({gold, steps: 50});
    assert.ok(points.every((p, i) => i === 0 || p.true_gold >= points[i - 1].true_gold), gold);
  }
  assert.throws(() => syntheticLog({steps: 2}), /invalid steps: 2/);
});

test("forecastErrors: on a noise-free Gao run off only by the logging grid, against the run's own peak and fall; calibrateOnRuns one set of rows per optimizer", () => {
  const gao = Array.from({length: 20}, (_, i) => {
    const step = 20 * (i + 1), d = Math.sqrt(0.02 * step);
    return {step, kl: d * d, gold: d * (1 - 0.5 * Math.log(d))};
  });
  const rising = gao.map((p) => ({...p, gold: Math.sqrt(p.kl)}));
  const errors = forecastErrors([{run_id: "a", optimizer: "rloo", points: gao}, {run_id: "b", optimizer: "ppo", points: rising}, {run_id: "c", optimizer: "ppo", points: gao.slice(0, 9)}]);
  assert.equal(errors.length, 2, "a run of 9 points is left out");
  // True peak: the highest logged gold, at step 360 (d = e at step 369.5); the forecast says 369.5.
  assert.ok(Math.abs(errors[0].peak_step_error! - (100 * Math.E ** 2 / 2 - 360) / 400) < 1e-9, `${errors[0].peak_step_error}`);
  assert.equal(errors[0].agrees, true);
  assert.deepEqual([errors[1].peak_step_error, errors[1].fall_error, errors[1].agrees], [null, 0, true], "gold that never turns: no peak, no fall");
  const rows = calibrateOnRuns([{run_id: "a", optimizer: "rloo", points: gao}, {run_id: "b", optimizer: "ppo", points: rising}]);
  assert.deepEqual(rows.map((r) => `${r.optimizer} ${r.metric} ${r.logs}`), ["ppo peak_step_error 0", "ppo fall_error 1", "ppo peak_forecast_rate 1", "ppo fall_agreement_rate 1", "rloo peak_step_error 1", "rloo fall_error 1", "rloo peak_forecast_rate 1", "rloo fall_agreement_rate 1"]);
});
