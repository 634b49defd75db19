import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {gaoReward, kendall, monotonicity, spearman} from "../../loaders/analysis/index.ts";

describe("monotonicity", () => {
  test("gold rising with proxy: rho = tau = 1, no drop", () => {
    const points = Array.from({length: 10}, (_, i) => ({proxy_reward: i, gold_reward: Math.sqrt(i)}));
    const m = monotonicity(points);
    assert.equal(m.n, 10);
    assert.equal(m.rho, 1);
    assert.equal(m.tau, 1);
    assert.ok(!("rho_lower" in m), "no interval from one curve's autocorrelated points");
    assert.equal(m.max_index, 9);
    assert.equal(m.first_value, 0);
    assert.equal(m.final_value, 3);
    assert.equal(m.drop, 0);
  });
  test("Goodhart: gold peaks then falls while proxy keeps rising", () => {
    // d = 0.5, 1, ..., 5 on the bon curve alpha = 2, beta = 0.5: peak 2 at d = 2 (index 3), final 5 (2 - 2.5) = -2.5
    const points = Array.from({length: 10}, (_, i) => {
      const d = 0.5 * (i + 1);
      return {step: i, proxy: 3 * d, gold: gaoReward("bon", 2, 0.5, d)};
    });
    const m = monotonicity(points, {x: "proxy", y: "gold"});
    assert.equal(m.max_index, 3);
    assert.equal(m.max_value, 2);
    assert.equal(m.final_value, -2.5);
    assert.equal(m.drop, 4.5);
    const proxy = points.map((p) => p.proxy), gold = points.map((p) => p.gold);
    assert.equal(m.rho, spearman(proxy, gold));
    assert.equal(m.tau, kendall(proxy, gold));
    assert.ok(m.rho < 0 && m.tau < 0);
    // by hand: gold ranks (ties averaged) 4.5 6.5 8.5 10 8.5 6.5 4.5 3 2 1 against 1..10:
    // sum dx dy = -54.5, sum dx^2 = 82.5, sum dy^2 = 81
    assert.ok(Math.abs(m.rho - -54.5 / Math.sqrt(82.5 * 81)) < 1e-12, `rho ${m.rho}`);
  });
  test("ties at the max report the first", () => {
    const points = [3, 5, 5, 4].map((gold, i) => ({proxy_reward: i, gold_reward: gold}));
    const m = monotonicity(points);
    assert.equal(m.max_index, 1);
    assert.equal(m.drop, 1);
  });
  test("one point: diagnostics defined, correlations NaN; errors", () => {
    const m = monotonicity([{proxy_reward: 1, gold_reward: 2}]);
    assert.equal(m.drop, 0);
    assert.ok(Number.isNaN(m.rho) && Number.isNaN(m.tau));
    assert.throws(() => monotonicity([]), /invalid points: empty/);
    assert.throws(() => monotonicity([{proxy_reward: 1}]), /invalid y \("gold_reward"\) at row 0: undefined/);
  });
});
