// Adam over all variables at once (flat-adam.ts) against tf.train.adam, per backend, after several
// steps on a loss whose gradients differ per variable: the same numbers on wasm, within float32
// rounding (a relative 1e-6, ~8 units in the last place) on tensorflow, whose element-wise kernels
// round differently in their vector and scalar paths; no tensors leaked.
import assert from "node:assert/strict";
import {test} from "node:test";
import {tf} from "../../loaders/tf.ts";
import {flatAdam} from "../../loaders/policy/lm/flat-adam.ts";
import {describeEachBackend} from "./backends.ts";

const shapes = [[3, 4], [4], [2, 2, 3], [1]];
const start = shapes.map((s, k) => Float32Array.from({length: s.reduce((a, b) => a * b, 1)}, (_, i) => Math.sin(1 + i * 1.7 + k * 0.3)));

/** A loss with curvature and cross-terms: sum_k sum (w_k - c_k)^2 * (k + 1) + prod of first elements. */
const loss = (vars: tf.Variable[]) => () => tf.tidy(() => {
  const terms = vars.map((v, k) => tf.mul(tf.sum(tf.square(tf.sub(v, 0.1 * k))), k + 1));
  const cross = vars.map((v) => tf.slice(tf.reshape(v, [-1]), 0, 1)).reduce((a, b) => tf.mul(a, b));
  return tf.add(tf.addN(terms), tf.sum(cross)) as tf.Scalar;
});

async function train(kind: "flat" | "tf", steps: number): Promise<{values: Float32Array[]; losses: number[]}> {
  const vars = shapes.map((s, k) => tf.tidy(() => tf.variable(tf.tensor(start[k], s), true)));
  const f = loss(vars);
  const losses: number[] = [];
  if (kind === "flat") {
    const opt = flatAdam(vars, {learning_rate: 0.05});
    for (let i = 0; i < steps; ++i) {
      const l = opt.minimize(f, i % 3 === 0);
      if (l) losses.push((await l.data())[0]), l.dispose();
    }
    opt.dispose();
  } else {
    const opt = tf.train.adam(0.05);
    for (let i = 0; i < steps; ++i) {
      const l = opt.minimize(f, i % 3 === 0, vars);
      if (l) losses.push((await l.data())[0]), l.dispose();
    }
    opt.dispose();
  }
  const values = await Promise.all(vars.map(async (v) => Float32Array.from(await v.data())));
  vars.forEach((v) => v.dispose());
  return {values, losses};
}

const close = (a: readonly number[], b: readonly number[], what: string) => a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= 1e-6 * Math.max(Math.abs(b[i]), 1e-3), `${what}[${i}]: ${x} against ${b[i]}`));

describeEachBackend("flat Adam", (backend) => {
  test("tf.train.adam's numbers after 25 steps", async () => {
    const a = await train("flat", 25), b = await train("tf", 25);
    assert.ok(a.losses[0] > a.losses.at(-1)!, `loss went ${a.losses[0]} -> ${a.losses.at(-1)}`);
    if (backend === "wasm") {
      assert.deepEqual(a.losses, b.losses);
      a.values.forEach((v, k) => assert.deepEqual(Array.from(v), Array.from(b.values[k]), `variable ${k}`));
    }
    close(a.losses, b.losses, "loss");
    a.values.forEach((v, k) => close(Array.from(v), Array.from(b.values[k]), `variable ${k}`));
    assert.notDeepEqual(Array.from(a.values[0]), Array.from(start[0]));
  });
  test("no tensors leaked", async () => {
    await train("flat", 2);
    const before = tf.memory().numTensors;
    await train("flat", 10);
    assert.equal(tf.memory().numTensors, before);
  });
});
