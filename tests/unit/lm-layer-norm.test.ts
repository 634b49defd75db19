// The language model's layer norm with its written-out gradient (model.ts) against the same
// function differentiated by tf.grads through tf.moments, per backend: the same forward numbers,
// gradients of x, g and b equal within float32 rounding; and the gradient of x against central
// differences in float64 of the naive definition.
import assert from "node:assert/strict";
import {test} from "node:test";
import {tf} from "../../loaders/tf.ts";
import {layerNorm} from "../../loaders/policy/lm/model.ts";
import {describeEachBackend} from "./backends.ts";

const N = 5, C = 8;
const x = Float32Array.from({length: N * C}, (_, i) => Math.sin(i * 1.3) * (1 + (i % 3)) + 0.1 * i);
const g = Float32Array.from({length: C}, (_, i) => 1 + 0.1 * Math.cos(i));
const b = Float32Array.from({length: C}, (_, i) => 0.05 * i);
const dy = Float32Array.from({length: N * C}, (_, i) => Math.cos(i * 0.7));

function autodiffLayerNorm(xt: tf.Tensor2D, gt: tf.Tensor, bt: tf.Tensor): tf.Tensor2D {
  const {mean, variance} = tf.moments(xt, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(xt, mean), tf.sqrt(tf.add(variance, 1e-5))), gt), bt);
}

function run(f: (x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor) => tf.Tensor2D): number[][] {
  return tf.tidy(() => {
    const xt = tf.tensor2d(x, [N, C]), gt = tf.tensor1d(g), bt = tf.tensor1d(b);
    const y = f(xt, gt, bt);
    const grads = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor2D, c, d), tf.tensor2d(dy, [N, C]))))([xt, gt, bt]);
    return [y, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

/** sum(dy * layerNorm(x)) in float64, for central differences. */
function naive(xs: Float64Array): number {
  let s = 0;
  for (let n = 0; n < N; ++n) {
    const row = xs.subarray(n * C, (n + 1) * C);
    const mean = row.reduce((a, v) => a + v, 0) / C;
    const std = Math.sqrt(row.reduce((a, v) => a + (v - mean) ** 2, 0) / C + 1e-5);
    row.forEach((v, c) => (s += dy[n * C + c] * (((v - mean) / std) * g[c] + b[c])));
  }
  return s;
}

describeEachBackend("layer norm", () => {
  test("forward identical, gradients as autodiff through tf.moments", () => {
    const [y, dx, dg, db] = run(layerNorm);
    const [y0, dx0, dg0, db0] = run(autodiffLayerNorm);
    assert.deepEqual(y, y0);
    for (const [what, a, e] of [["dx", dx, dx0], ["dg", dg, dg0], ["db", db, db0]] as const) a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= 1e-5 * Math.max(1, Math.abs(e[i])), `${what}[${i}]: ${v} against ${e[i]}`));
  });
  test("gradient of x against central differences", () => {
    const [, dx] = run(layerNorm);
    const h = 1e-5;
    for (const i of [0, 7, 13, 39]) {
      const up = Float64Array.from(x), down = Float64Array.from(x);
      up[i] += h;
      down[i] -= h;
      const numeric = (naive(up) - naive(down)) / (2 * h);
      assert.ok(Math.abs(dx[i] - numeric) <= 1e-4 * Math.max(1, Math.abs(numeric)), `dx[${i}]: ${dx[i]} against ${numeric}`);
    }
  });
});
