import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {Rng} from "../../loaders/random.ts";
import {fitGao, gaoPeak, gaoReward, predict} from "../../loaders/analysis/index.ts";

const close = (actual: number | null, expected: number, tol = 1e-9) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${actual} is not within ${tol} of ${expected}`);

const grid = (from: number, to: number, step: number) => Array.from({length: Math.round((to - from) / step) + 1}, (_, i) => from + i * step);

function curve(form: "bon" | "rl", alpha: number, beta: number, ds: number[], noise = 0, seed = 7) {
  const rng = new Rng(seed);
  return ds.map((d) => ({sqrt_kl: d, gold_reward: gaoReward(form, alpha, beta, d) + noise * rng.normal()}));
}

describe("gaoPeak", () => {
  test("best-of-n peak at alpha / (2 beta) with reward alpha^2 / (4 beta)", () => {
    assert.deepEqual(gaoPeak("bon", 2, 0.5), {peak_d: 2, peak_reward: 2});
    assert.deepEqual(gaoPeak("bon", 3, 1), {peak_d: 1.5, peak_reward: 2.25});
  });
  test("RL peak at exp(alpha / beta - 1) with reward beta d*", () => {
    const {peak_d, peak_reward} = gaoPeak("rl", 1, 0.5);
    close(peak_d, Math.E, 1e-12);
    close(peak_reward, Math.E / 2, 1e-12);
    close(gaoPeak("rl", 0.5, 0.5).peak_d, 1, 1e-12);
  });
  test("the peak is the maximum of the curve", () => {
    for (const [form, alpha, beta] of [["bon", 1.3, 0.2], ["rl", 0.7, 0.3]] as const) {
      const {peak_d, peak_reward} = gaoPeak(form, alpha, beta);
      close(gaoReward(form, alpha, beta, peak_d!), peak_reward!, 1e-12);
      for (const eps of [1e-3, -1e-3]) assert.ok(gaoReward(form, alpha, beta, peak_d! + eps) < peak_reward!);
    }
  });
  test("no interior peak is null, never Infinity or NaN", () => {
    const none = {peak_d: null, peak_reward: null};
    assert.deepEqual(gaoPeak("bon", 2, 0), none);
    assert.deepEqual(gaoPeak("bon", 2, -1), none);
    assert.deepEqual(gaoPeak("bon", -1, 1), none);
    assert.deepEqual(gaoPeak("bon", 0, 1), none);
    assert.deepEqual(gaoPeak("rl", 1, 0), none);
    assert.deepEqual(gaoPeak("rl", 1, -0.5), none);
    assert.deepEqual(gaoPeak("rl", 1000, 1e-3), none); // exp overflows
    assert.deepEqual(gaoPeak("bon", NaN, 1), none);
  });
  test("gaoReward: the RL form is 0 at d = 0 (d log d -> 0)", () => {
    assert.equal(gaoReward("rl", 1, 0.5, 0), 0);
    assert.equal(gaoReward("bon", 1, 0.5, 0), 0);
    close(gaoReward("rl", 1, 0.5, Math.E), Math.E * 0.5, 1e-12);
  });
});

describe("fitGao", () => {
  test("recovers best-of-n alpha, beta exactly on noise-free data; R^2 = 1", () => {
    const fit = fitGao(curve("bon", 2, 0.5, grid(0, 4, 0.25)));
    assert.equal(fit.form, "bon");
    assert.equal(fit.n, 17);
    close(fit.alpha, 2);
    close(fit.beta, 0.5);
    close(fit.peak_d, 2);
    close(fit.peak_reward, 2);
    close(fit.r2, 1, 1e-12);
  });
  test("recovers RL alpha, beta exactly on noise-free data, with a point at d = 0", () => {
    const fit = fitGao(curve("rl", 1, 0.5, grid(0, 6, 0.5)), {form: "rl"});
    close(fit.alpha, 1);
    close(fit.beta, 0.5);
    close(fit.peak_d, Math.E, 1e-8);
    close(fit.peak_reward, Math.E / 2, 1e-8);
    close(fit.r2, 1, 1e-12);
  });
  test("approximately recovers the coefficients under small noise", () => {
    const bon = fitGao(curve("bon", 2, 0.5, grid(0.1, 4, 0.05), 0.02), {form: "bon"});
    close(bon.alpha, 2, 0.02);
    close(bon.beta, 0.5, 0.01);
    close(bon.peak_d, 2, 0.05);
    assert.ok(bon.r2! > 0.99 && bon.r2! < 1);
    const rl = fitGao(curve("rl", 1, 0.5, grid(0.1, 6, 0.05), 0.02, 8), {form: "rl"});
    close(rl.alpha, 1, 0.02);
    close(rl.beta, 0.5, 0.02);
    close(rl.peak_d, Math.E, 0.15);
  });
  test("matches the closed-form least-squares solution on a tiny hand case", () => {
    // bon features [d, -d^2] at d = 1, 2 with R = 1, 1: alpha - beta = 1, 2 alpha - 4 beta = 1
    // -> alpha = 1.5, beta = 0.5 (exact interpolation).
    const fit = fitGao([{sqrt_kl: 1, gold_reward: 1}, {sqrt_kl: 2, gold_reward: 1}]);
    close(fit.alpha, 1.5, 1e-12);
    close(fit.beta, 0.5, 1e-12);
    assert.equal(fit.r2, null); // every reward equal: R^2 undefined
  });
  test("accessors and predict", () => {
    const ds = grid(0, 3, 0.5);
    const rs = ds.map((d) => gaoReward("bon", 1, 0.25, d));
    const fit = fitGao(ds, {x: (d) => d, y: (_, i) => rs[i]});
    close(fit.alpha, 1);
    const ys = predict(fit, [0, 1, 2]);
    assert.equal(ys.length, 3);
    ys.forEach((y, i) => close(y, gaoReward("bon", 1, 0.25, i)));
    close(predict(fit, 2), 1); // 2 (1 - 0.25 * 2)
    const rows = ds.map((d, i) => ({d, reward: rs[i]}));
    close(fitGao(rows, {x: "d", y: "reward"}).beta, 0.25);
  });
  test("weights: a zero-weight outlier is ignored, equal weights change nothing", () => {
    const rows = curve("bon", 2, 0.5, grid(0.5, 4, 0.5)).map((r) => ({...r, w: 1}));
    const base = fitGao(rows);
    const same = fitGao(rows.map((r) => ({...r, w: 3})), {weight: "w"});
    close(same.alpha, base.alpha, 1e-12);
    close(same.r2, base.r2!, 1e-12);
    const withOutlier = [...rows, {sqrt_kl: 2, gold_reward: 100, w: 0}];
    const fit = fitGao(withOutlier, {weight: "w"});
    close(fit.alpha, 2);
    close(fit.beta, 0.5);
    assert.equal(fit.n, rows.length + 1);
    assert.ok(fitGao(withOutlier).alpha > 3);
  });
  test("a rising curve reports no peak", () => {
    const fit = fitGao(curve("bon", 1, -0.1, grid(0, 3, 0.5)));
    close(fit.beta, -0.1);
    assert.equal(fit.peak_d, null);
    assert.equal(fit.peak_reward, null);
  });
  test("errors name the field, value and fix", () => {
    assert.throws(() => fitGao([{sqrt_kl: -0.1, gold_reward: 0}, {sqrt_kl: 1, gold_reward: 1}]), /invalid x \("sqrt_kl"\) at row 0: -0\.1 .*clamp/);
    assert.throws(() => fitGao([{sqrt_kl: 1, gold_reward: NaN}]), /invalid y \("gold_reward"\) at row 0: NaN/);
    assert.throws(() => fitGao([{sqrt_kl: 1}]), /invalid y \("gold_reward"\) at row 0: undefined/);
    assert.throws(() => fitGao([{sqrt_kl: 1, gold_reward: 1, w: -1}], {weight: "w"}), /invalid weight \("w"\) at row 0: -1/);
    assert.throws(() => fitGao([]), /cannot fit the bon form to 0 points/);
    assert.throws(() => fitGao(curve("bon", 1, 1, [0, 1, 1, 1])), /at least 2 distinct d > 0/);
    assert.throws(() => fitGao(curve("rl", 1, 1, [0, 1, 1]), {form: "rl"}), /d = 1/);
    assert.throws(() => fitGao([], {form: "ppo" as never}), /invalid form: ppo/);
  });
  test("bigint columns (Arrow int64) are read as numbers", () => {
    const fit = fitGao([{sqrt_kl: 1n, gold_reward: 1}, {sqrt_kl: 2n, gold_reward: 1}]);
    close(fit.alpha, 1.5, 1e-12);
  });
});
