// The transformer's numerics: causal masking, the key/value cache against full recomputation,
// per-token log-probabilities against an unbatched JavaScript forward, exact per-token KL against
// the same, and checkpoints that round-trip.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {selectBackend} from "../../loaders/backend/backend.ts";
import {tf} from "../../loaders/tf.ts";
import {forwardFlopsPerToken, lmConfig} from "../../loaders/policy/lm/config.ts";
import {gelu} from "../../loaders/policy/lm/model.ts";
import {generate} from "../../loaders/policy/lm/generate.ts";
import {joinSequences, perTokenKl, tokenLogProbs} from "../../loaders/policy/lm/score.ts";
import {disposeWeights, initWeights, loadCheckpoint, readWeights, saveCheckpoint, toTensors} from "../../loaders/policy/lm/weights.ts";
import {logSoftmax, naiveLogits} from "../fixtures/naive-lm.ts";

await selectBackend({env: {}, log: null});

// A tiny model over a toy vocabulary: 0 pad, 1 eos, the rest words.
const special = {pad: 0, eos: 1};
const config = lmConfig({vocab: 23, context: 12, d_model: 16, layers: 2, heads: 4});
const P = 5, R = config.context - P;
const values = initWeights(config, 11);
// Larger weights than GPT-2's init so that distributions are far from uniform.
for (const [name, v] of Object.entries(values)) if (!name.includes("ln")) for (let i = 0; i < v.length; ++i) v[i] *= 10;
const prompts = Int32Array.from([0, 0, 7, 8, 9, 0, 3, 4, 5, 6, 12, 13, 14, 15, 16]); // 3 left-padded prompts [3, P]
const N = prompts.length / P;

describe("decoder-only transformer", () => {
  test("causal: changing a later token never changes an earlier token's log-probability", () => {
    const w = toTensors(config, values);
    const responses = Int32Array.from({length: N * R}, (_, i) => 2 + ((i * 7) % 20));
    const changed = responses.slice();
    changed[1 * R + 4] = 21; // row 1, response position 4
    const [a, b] = [responses, changed].map((r) => tf.tidy(() => tokenLogProbs(config, w, joinSequences(prompts, P, r, R), N, P, special)).arraySync() as number[][]);
    for (let i = 0; i < N; ++i) {
      for (let t = 0; t < R; ++t) {
        const later = i === 1 && t >= 4; // position 4's own token and every position after it may change
        if (!later) assert.equal(a[i][t], b[i][t], `row ${i} position ${t}`);
      }
    }
    assert.notEqual(a[1][5], b[1][5]);
    disposeWeights(w);
  });

  test("key/value cache sampling draws the same tokens as full recomputation, with the same log-probabilities", async () => {
    const w = toTensors(config, values);
    const before = tf.memory().numTensors;
    for (const temperature of [1, 0.7]) {
      const cached = await generate(config, w, prompts, P, special, {steps: R, seed: 5, temperature});
      const full = await generate(config, w, prompts, P, special, {steps: R, seed: 5, temperature, cache: false});
      assert.deepEqual(cached.tokens, full.tokens);
      cached.tokenLogp.forEach((v, i) => assert.ok(Math.abs(v - full.tokenLogp[i]) < 1e-4, `${v} vs ${full.tokenLogp[i]}`));
    }
    const other = await generate(config, w, prompts, P, special, {steps: R, seed: 6});
    assert.notDeepEqual(other.tokens, (await generate(config, w, prompts, P, special, {steps: R, seed: 5})).tokens);
    assert.equal(tf.memory().numTensors, before, "generate leaks no tensors");
    disposeWeights(w);
  });

  test("per-token log-probabilities match an unbatched JavaScript forward; sampling reports the same ones", async () => {
    const w = toTensors(config, values);
    const g = await generate(config, w, prompts, P, special, {steps: R, seed: 9});
    assert.ok(g.tokens.includes(special.eos) && g.tokens.includes(special.pad), "some row ends early (the <eos> mask is exercised)");
    const sequences = joinSequences(prompts, P, g.tokens, R);
    const lp = tf.tidy(() => tokenLogProbs(config, w, sequences, N, P, special)).arraySync() as number[][];
    for (let i = 0; i < N; ++i) {
      const ids = sequences.subarray(i * config.context, (i + 1) * config.context);
      const visible = Array.from(ids, (id, t) => t >= P || id !== special.pad);
      const logits = naiveLogits(config, values, ids, visible);
      let ended = false;
      for (let t = 0; t < R; ++t) {
        const expected = ended ? 0 : logSoftmax(logits[P - 1 + t])[ids[P + t]];
        assert.ok(Math.abs(lp[i][t] - expected) < 2e-4, `row ${i} token ${t}: ${lp[i][t]} vs naive ${expected}`);
        assert.ok(Math.abs(g.tokenLogp[i * R + t] - expected) < 2e-4, `sampled row ${i} token ${t}`);
        if (ids[P + t] === special.eos) ended = true;
      }
    }
    disposeWeights(w);
  });

  test("exact per-token KL and entropy match the JavaScript forward; KL to itself is 0", async () => {
    const w = toTensors(config, values);
    const ref = toTensors(config, initWeights(config, 12));
    const refValues = await readWeights(ref);
    const g = await generate(config, w, prompts, P, special, {steps: R, seed: 9});
    const sequences = joinSequences(prompts, P, g.tokens, R);
    const [kl, entropy, self] = tf.tidy(() => {
      const e = perTokenKl(config, w, ref, sequences, N, P, special);
      return [e.kl, e.entropy, perTokenKl(config, w, w, sequences, N, P, special).kl];
    }).map((t) => Array.from(t.dataSync()));
    self.forEach((v) => assert.ok(Math.abs(v) < 1e-5));
    assert.ok(Math.min(...kl) > 0.1, `KL ${kl}`);
    for (let i = 0; i < N; ++i) {
      const ids = sequences.subarray(i * config.context, (i + 1) * config.context);
      const visible = Array.from(ids, (id, t) => t >= P || id !== special.pad);
      const lp = naiveLogits(config, values, ids, visible), lq = naiveLogits(config, refValues, ids, visible);
      let k = 0, h = 0;
      for (let t = 0; t < R; ++t) {
        const p = logSoftmax(lp[P - 1 + t]), q = logSoftmax(lq[P - 1 + t]);
        k += p.reduce((s, v, j) => s + Math.exp(v) * (v - q[j]), 0);
        h -= p.reduce((s, v) => s + Math.exp(v) * v, 0);
        if (ids[P + t] === special.eos) break;
      }
      assert.ok(Math.abs(kl[i] - k) < 2e-3 * Math.max(1, k), `KL row ${i}: ${kl[i]} vs ${k}`);
      assert.ok(Math.abs(entropy[i] - h) < 2e-3 * Math.max(1, h), `entropy row ${i}: ${entropy[i]} vs ${h}`);
    }
    disposeWeights(w);
    disposeWeights(ref);
  });

  test("GELU matches the scalar tanh formula, and its gradient matches finite differences", () => {
    const naive = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    const xs = [-8, -5, -3, -2.2, -1.5, -1, -0.5, -0.1, -1e-3, 0, 1e-3, 0.1, 0.5, 1, 1.7, 3, 5, 8];
    const before = tf.memory().numTensors;
    const [y, dy] = tf.tidy(() => {
      const x = tf.tensor2d(xs, [3, 6]);
      return [gelu(x), tf.grad((t: tf.Tensor) => tf.sum(gelu(t as tf.Tensor2D)))(x)];
    });
    const [values, grads] = [Array.from(y.dataSync()), Array.from(dy.dataSync())];
    tf.dispose([y, dy]);
    assert.equal(tf.memory().numTensors, before);
    const h = 1e-4;
    xs.forEach((v, i) => {
      assert.ok(Math.abs(values[i] - naive(v)) <= 1e-6 + 1e-6 * Math.abs(naive(v)), `gelu(${v}) = ${values[i]} vs ${naive(v)}`);
      const fd = (naive(v + h) - naive(v - h)) / (2 * h);
      assert.ok(Math.abs(grads[i] - fd) <= 1e-5 + 1e-5 * Math.abs(fd), `gelu'(${v}) = ${grads[i]} vs ${fd}`);
    });
  });

  test("FLOPs per token: weight products, embedding and tied output, attention over the window", () => {
    // 2 (2 layers (3 * 256 + 256 + 2 * 4 * 256) + 2 * 23 * 16) + 2 layers * 4 * 12 * 16
    assert.equal(forwardFlopsPerToken(config), 2 * (2 * (768 + 256 + 2048) + 736) + 1536);
    assert.throws(() => lmConfig({vocab: 23, context: 12, d_model: 18, heads: 4}), /invalid heads: 4/);
  });

  test("a checkpoint round-trips every weight exactly", async () => {
    const w = toTensors(config, values);
    const {config: loaded, values: back} = loadCheckpoint(await saveCheckpoint(config, w));
    assert.deepEqual(loaded, config);
    for (const [name, v] of Object.entries(values)) assert.deepEqual(back[name], v, name);
    assert.throws(() => loadCheckpoint("{}"), /invalid checkpoint/);
    disposeWeights(w);
  });
});
