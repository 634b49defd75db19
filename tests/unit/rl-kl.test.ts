import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {describeEachBackend} from "./backends.ts";
import {tf} from "../../loaders/tf.ts";
import {exactKl, klEstimates, poolKlAndEntropy} from "../../loaders/policy/kl.ts";
import {klController} from "../../loaders/optimize/kl-control.ts";
import {gumbelMax, seededUniforms} from "../../loaders/policy/sample.ts";

describeEachBackend("rl-kl", () => {
  // An enumerable policy over K = 6 responses against a uniform reference.
  const p = [0.4, 0.25, 0.15, 0.1, 0.06, 0.04];
  const K = p.length;
  const logP = p.map(Math.log);
  const logRef = p.map(() => -Math.log(K));
  const truth = exactKl(logP, logRef);

  /** N draws from p by Gumbel-max (the engine's sampler), as indices. */
  function draw(n: number, seed: number): Int32Array {
    const y = tf.tidy(() => gumbelMax(tf.tensor2d([logP], [1, K]), n, seed));
    const out = Int32Array.from(y.dataSync());
    y.dispose();
    return out;
  }

  describe("KL estimators vs exact KL on an enumerable policy", () => {
    const n = 40_000;
    const y = draw(n, 12345);
    const lr = Float64Array.from(y, (k) => logP[k] - logRef[k]);

    test("the exact KL is sum p log(p K)", () => {
      const direct = p.reduce((s, q) => s + q * Math.log(q * K), 0);
      assert.ok(Math.abs(truth - direct) < 1e-12);
    });

    test("k1 and k3 are unbiased: their sample means are within 4 standard errors of the exact KL", () => {
      const {k1, k3} = klEstimates(lr);
      const k3s = Float64Array.from(lr, (l) => Math.expm1(-l) + l);
      for (const [name, value, samples] of [["k1", k1, lr], ["k3", k3, k3s]] as const) {
        const mean = samples.reduce((s, v) => s + v, 0) / n;
        const se = Math.sqrt(samples.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) / n);
        assert.ok(Math.abs(value - truth) < 4 * se, `${name} = ${value}, exact ${truth}, se ${se}`);
      }
    });

    test("k3 is >= 0 per sample; k2 is >= 0 and close to, but not exactly, the KL", () => {
      for (const l of lr) assert.ok(Math.expm1(-l) + l >= 0);
      const {k2} = klEstimates(lr);
      const exactK2 = p.reduce((s, q, k) => s + (q * (logP[k] - logRef[k]) ** 2) / 2, 0);
      assert.ok(k2 >= 0);
      assert.ok(Math.abs(k2 - exactK2) < 0.01, `k2 ${k2} vs its expectation ${exactK2}`);
      assert.ok(Math.abs(exactK2 - truth) > 1e-3, "k2 is biased here, so the test can tell it apart");
    });

    test("k1 can be negative for a single sample, k3 never", () => {
      const cheap = logP.findIndex((l, k) => l < logRef[k]);
      const one = klEstimates([logP[cheap] - logRef[cheap]]);
      assert.ok(one.k1 < 0);
      assert.ok(one.k3 > 0);
    });

    test("poolKlAndEntropy matches the exact KL and entropy", () => {
      const [kl, entropy] = tf.tidy(() => {
        const out = poolKlAndEntropy(tf.tensor2d([logP, logRef], [2, K]));
        return [out.kl, out.entropy];
      });
      const k = kl.dataSync();
      const h = entropy.dataSync();
      assert.ok(Math.abs(k[0] - truth) < 1e-5);
      assert.ok(Math.abs(k[1]) < 1e-5);
      assert.ok(Math.abs(h[1] - Math.log(K)) < 1e-5);
      tf.dispose([kl, entropy]);
    });
  });

  describe("Gumbel-max sampling over seeded uniforms", () => {
    test("frequencies match the policy", () => {
      const n = 40_000;
      const counts = new Array(K).fill(0);
      for (const k of draw(n, 99)) counts[k] += 1;
      counts.forEach((c, k) => {
        const se = Math.sqrt((p[k] * (1 - p[k])) / n);
        assert.ok(Math.abs(c / n - p[k]) < 5 * se, `response ${k}: ${c / n} vs ${p[k]}`);
      });
    });

    test("rows of a batch draw independently (unlike batched tf.multinomial), and a seed repeats its draws", () => {
      const rows = 4;
      const y = tf.tidy(() => gumbelMax(tf.zeros([rows, 50]) as tf.Tensor2D, 20, 7));
      const values = Array.from(y.dataSync());
      y.dispose();
      const first = values.slice(0, 20).join();
      assert.ok([1, 2, 3].some((r) => values.slice(r * 20, (r + 1) * 20).join() !== first));
      const again = tf.tidy(() => gumbelMax(tf.zeros([rows, 50]) as tf.Tensor2D, 20, 7));
      assert.deepEqual(Array.from(again.dataSync()), values);
      again.dispose();
    });

    test("seeded uniforms are in (0, 1) and look uniform", () => {
      const u = seededUniforms(100_000, 3);
      let mean = 0;
      for (const v of u) {
        assert.ok(v > 0 && v < 1);
        mean += v;
      }
      assert.ok(Math.abs(mean / u.length - 0.5) < 0.005);
    });
  });

  describe("KL coefficient controllers", () => {
    test("fixed never moves; adaptive (Ziegler et al.) moves beta towards the target, by at most 20% of n / horizon per step", () => {
      const fixed = klController({kl_control: "fixed", kl_coef: 0.1, kl_target: 1, kl_horizon: 100});
      fixed.update(5, 10);
      assert.equal(fixed.value, 0.1);
      const adaptive = klController({kl_control: "adaptive", kl_coef: 0.1, kl_target: 1, kl_horizon: 100});
      adaptive.update(5, 10); // error clipped to +0.2
      assert.ok(Math.abs(adaptive.value - 0.1 * (1 + 0.2 * 0.1)) < 1e-12);
      adaptive.update(0.95, 10); // error -0.05
      assert.ok(Math.abs(adaptive.value - 0.1 * 1.02 * (1 - 0.05 * 0.1)) < 1e-12);
    });
  });
});
