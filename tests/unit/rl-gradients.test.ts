import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {describeEachBackend} from "./backends.ts";
import {Rng} from "../../loaders/random.ts";
import {tf} from "../../loaders/tf.ts";
import {initPolicy, policyLogProbs, responseLogProbs} from "../../loaders/policy/tilted.ts";
import {leaveOneOutAdvantages} from "../../loaders/optimize/policy-gradient.ts";
import type {Batch} from "../../loaders/optimize/policy-gradient.ts";
import {rlooLogProbLoss, rlooLoss} from "../../loaders/optimize/rloo.ts";
import {ppoLoss} from "../../loaders/optimize/ppo.ts";
import {poolLogProbs, poolRelativeLogProbs} from "../../loaders/policy/pool-policy.ts";
import type {Policy, Rollout} from "../../loaders/policy/policy.ts";


describeEachBackend("rl-gradients", () => {
  // A tiny problem: B = 2 prompts with K = 5 responses each, D = 3 features, S = 3 samples per prompt.
  const B = 2, K = 5, D = 3, S = 3;
  const rng = new Rng(11);
  const z = Float32Array.from({length: B * K * D}, () => rng.normal()); // [B, K, D]
  const picks = Int32Array.from({length: B * S}, () => rng.int(K)); // [B, S] response index per sample
  const rewards = Float32Array.from({length: B * S}, () => rng.normal());
  const sampled = Float32Array.from({length: B * S * D}, (_, i) => {
    const row = Math.floor(i / D);
    return z[(Math.floor(row / S) * K + picks[row]) * D + (i % D)];
  });

  const pools = tf.tensor3d(z, [B, K, D]); // [B, K, D]
  const chosen = tf.tensor3d(sampled, [B, S, D]); // [B, S, D]
  const unused = (): never => {
    throw new Error("not used by the losses");
  };

  /** A batch whose policy is the tilted pool policy with the given parameter tensors (for finite differences). */
  function batchOf(params: readonly tf.Tensor[], logpOld: Float32Array = new Float32Array(B * S)): Batch<Int32Array> {
    const rollout: Rollout<Int32Array> = {prompts: Int32Array.of(0, 1), samples: S, responses: picks, logp: logpOld, refLogp: new Float64Array(B * S), dispose() {}};
    const policy: Policy<Int32Array> = {
      params: [],
      prompts: B,
      sample: unused,
      logProbs: (_, from, to) => poolLogProbs(params, {pools, chosen}, from, to),
      relativeLogProbs: () => poolRelativeLogProbs(params, chosen),
      evaluate: unused,
      snapshot: unused,
      dispose() {}
    };
    return {B, S, policy, rollout, rewards};
  }

  /** Naive JS: probabilities of a linear tilt, pi_b(k) ∝ exp(theta . z_bk). */
  function naivePolicy(theta: ArrayLike<number>): Float64Array {
    const p = new Float64Array(B * K);
    for (let b = 0; b < B; ++b) {
      let max = -Infinity;
      const f = Array.from({length: K}, (_, k) => {
        let s = 0;
        for (let d = 0; d < D; ++d) s += theta[d] * z[(b * K + k) * D + d];
        return s;
      });
      for (const v of f) max = Math.max(max, v);
      const e = f.map((v) => Math.exp(v - max));
      const total = e.reduce((a, c) => a + c, 0);
      e.forEach((v, k) => (p[b * K + k] = v / total));
    }
    return p;
  }

  /** Naive RLOO gradient: -(1 / BS) sum_bs A_bs (z_y - E_pi[z]). */
  function naiveRlooGradient(theta: ArrayLike<number>): Float64Array {
    const p = naivePolicy(theta);
    const A = leaveOneOutAdvantages(rewards, B, S);
    const g = new Float64Array(D);
    for (let b = 0; b < B; ++b) {
      const mean = new Float64Array(D);
      for (let k = 0; k < K; ++k) for (let d = 0; d < D; ++d) mean[d] += p[b * K + k] * z[(b * K + k) * D + d];
      for (let s = 0; s < S; ++s) {
        const y = picks[b * S + s];
        for (let d = 0; d < D; ++d) g[d] -= (A[b * S + s] * (z[(b * K + y) * D + d] - mean[d])) / (B * S);
      }
    }
    return g;
  }

  function gradient(loss: (params: tf.Tensor[]) => tf.Scalar, params: tf.Variable[]): Float32Array[] {
    const {value, grads} = tf.variableGrads(() => loss(params), params);
    const out = params.map((p) => Float32Array.from(grads[p.name].dataSync()));
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  }

  /** Central finite differences of a scalar loss over every parameter entry (float32: step 1e-2). */
  function finiteDifferences(loss: (params: tf.Tensor[]) => tf.Scalar, values: Float32Array[], shapes: number[][], h = 1e-2): Float64Array[] {
    const evaluate = (vals: Float32Array[]) => tf.tidy(() => loss(vals.map((v, i) => tf.tensor(v, shapes[i]))).dataSync()[0]);
    return values.map((v, i) =>
      Float64Array.from(v, (_, j) => {
        const plus = values.map((w) => w.slice());
        const minus = values.map((w) => w.slice());
        plus[i][j] += h;
        minus[i][j] -= h;
        return (evaluate(plus) - evaluate(minus)) / (2 * h);
      })
    );
  }

  function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string) {
    assert.equal(actual.length, expected.length, `${what}: length`);
    for (let i = 0; i < actual.length; ++i) {
      assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * (1 + Math.abs(expected[i])), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
    }
  }

  describe("RLOO gradient", () => {
    test("matches the naive JS score-function gradient, in both the short and the full log-probability form", () => {
      const theta = tf.variable(tf.tensor2d([0.3, -0.2, 0.5], [D, 1]));
      const expected = naiveRlooGradient([0.3, -0.2, 0.5]);
      const [short] = gradient((p) => rlooLoss(batchOf(p)), [theta]);
      const [long] = gradient((p) => rlooLogProbLoss(batchOf(p)), [theta]);
      assertClose(short, expected, 1e-5, "rlooLoss gradient");
      assertClose(long, expected, 1e-5, "rlooLogProbLoss gradient");
      theta.dispose();
    });

    test("matches finite differences of the log-softmax surrogate, linear and mlp policies", () => {
      for (const architecture of ["linear", "mlp"] as const) {
        const params = initPolicy(D, {architecture, hidden: 4}, 3);
        // move away from f = 0 so every parameter has a gradient
        tf.tidy(() => params.forEach((p, i) => p.assign(tf.add(p, tf.mul(0.3, tf.randomNormal(p.shape, 0, 1, "float32", 7 + i))))));
        const values = params.map((p) => Float32Array.from(p.dataSync()));
        const shapes = params.map((p) => p.shape.slice());
        const analytic = gradient((p) => rlooLogProbLoss(batchOf(p)), params);
        const numeric = finiteDifferences((p) => rlooLogProbLoss(batchOf(p)), values, shapes);
        analytic.forEach((g, i) => assertClose(g, numeric[i], 2e-2, `${architecture} param ${i}`));
        const short = gradient((p) => rlooLoss(batchOf(p)), params);
        short.forEach((g, i) => assertClose(g, analytic[i], 1e-4, `${architecture} short form, param ${i}`));
        tf.dispose(params);
      }
    });

    test("leave-one-out advantages: A_bs = R_bs - mean of the other samples; they sum to zero per prompt", () => {
      const A = leaveOneOutAdvantages(rewards, B, S);
      for (let b = 0; b < B; ++b) {
        let sum = 0;
        for (let s = 0; s < S; ++s) {
          let others = 0;
          for (let t = 0; t < S; ++t) if (t !== s) others += rewards[b * S + t];
          assert.ok(Math.abs(A[b * S + s] - (rewards[b * S + s] - others / (S - 1))) < 1e-6);
          sum += A[b * S + s];
        }
        assert.ok(Math.abs(sum) < 1e-5);
      }
      const W = leaveOneOutAdvantages(rewards, B, S, {whiten: true});
      const rms = Math.sqrt(W.reduce((s, a) => s + a * a, 0) / W.length);
      assert.ok(Math.abs(rms - 1) < 1e-4, `whitened rms ${rms}`);
    });
  });

  describe("PPO clipped surrogate", () => {
    const thetaOld = [0.2, 0.1, -0.3];
    const logpOld = tf.tidy(() => {
      const old = tf.tensor2d(thetaOld, [D, 1]);
      return Float32Array.from(responseLogProbs([old], tf.tensor3d(z, [B, K, D]), tf.tensor3d(sampled, [B, S, D])).dataSync());
    });
    const advantages = leaveOneOutAdvantages(rewards, B, S, {whiten: true});

    /** Naive JS value of -mean(min(ratio A, clip(ratio) A)). */
    function naivePpo(theta: number[], clip: number): number {
      const p = naivePolicy(theta);
      let total = 0;
      for (let b = 0; b < B; ++b) {
        for (let s = 0; s < S; ++s) {
          const i = b * S + s;
          const ratio = Math.exp(Math.log(p[b * K + picks[i]]) - logpOld[i]);
          const clipped = Math.min(Math.max(ratio, 1 - clip), 1 + clip);
          total += Math.min(ratio * advantages[i], clipped * advantages[i]);
        }
      }
      return -total / (B * S);
    }

    test("value matches a naive JS reference, and its gradient matches finite differences", () => {
      for (const theta of [[0.25, 0.05, -0.2], [0.9, -0.6, 0.4]]) {
        const value = tf.tidy(() => ppoLoss(batchOf([tf.tensor2d(theta, [D, 1])], logpOld), advantages, 0.2).dataSync()[0]);
        assert.ok(Math.abs(value - naivePpo(theta, 0.2)) < 1e-5, `loss ${value} vs ${naivePpo(theta, 0.2)}`);
        const param = tf.variable(tf.tensor2d(theta, [D, 1]));
        const [analytic] = gradient((p) => ppoLoss(batchOf(p, logpOld), advantages, 0.2), [param]);
        const numeric = Float64Array.from(theta, (_, d) => {
          const h = 1e-3;
          const up = theta.slice();
          const down = theta.slice();
          up[d] += h;
          down[d] -= h;
          return (naivePpo(up, 0.2) - naivePpo(down, 0.2)) / (2 * h);
        });
        assertClose(analytic, numeric, 2e-2, `ppo gradient at ${theta}`);
        param.dispose();
      }
    });

    test("at theta_old the clipped surrogate's gradient is the policy gradient -(1/BS) sum A grad log pi", () => {
      const param = tf.variable(tf.tensor2d(thetaOld, [D, 1]));
      const [ppo] = gradient((p) => ppoLoss(batchOf(p, logpOld), advantages, 0.2), [param]);
      const [pg] = gradient((p) => tf.tidy(() => tf.neg(tf.mean(tf.mul(tf.tensor2d(advantages, [B, S]), responseLogProbs(p, pools, chosen))))) as tf.Scalar, [param]);
      assertClose(ppo, pg, 1e-5, "ppo vs pg at theta_old");
      param.dispose();
    });
  });

  test("policyLogProbs is an exact log-softmax over each pool (rows sum to 1) and starts at pi_0", () => {
    const params = initPolicy(D, {architecture: "mlp", hidden: 4}, 5);
    const [sums, start] = tf.tidy(() => {
      const logp = policyLogProbs(params, tf.tensor3d(z, [B, K, D]));
      return [tf.sum(tf.exp(logp), 1), logp];
    });
    assertClose(sums.dataSync(), [1, 1], 1e-6, "row sums");
    for (const v of start.dataSync()) assert.ok(Math.abs(v + Math.log(K)) < 1e-6, "f = 0 at init gives log pi_0 = -log K");
    tf.dispose([sums, start, ...params]);
  });
});
