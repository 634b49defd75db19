/**
 * Scoring whole sequences [N, T] = left-padded prompt [N, P] + response [N, R] in one forward pass:
 * per-token log-probabilities of the response (differentiable), and the exact per-token KL and
 * entropy between two models' next-token distributions on the same prefixes. Positions after a
 * response's <eos> are masked out; <eos> itself counts. Call inside tf.tidy.
 */
import {ranked, tf} from "../../tf.ts";
import type {LmConfig} from "./config.ts";
import {keyMask} from "./generate.ts";
import type {SpecialIds} from "./generate.ts";
import {forward} from "./model.ts";
import type {LmWeights} from "./weights.ts";

/** 1 for response tokens up to and including <eos>, else 0 [N * R]. */
export function responseMask(responses: Int32Array, R: number, eos: number): Float32Array {
  const N = responses.length / R;
  const m = new Float32Array(N * R);
  for (let i = 0; i < N; ++i) {
    for (let t = 0; t < R; ++t) {
      m[i * R + t] = 1;
      if (responses[i * R + t] === eos) break;
    }
  }
  return m;
}

/** Full sequences [N * T] from prompts [N * P] and responses [N * R]. */
export function joinSequences(prompts: Int32Array, P: number, responses: Int32Array, R: number): Int32Array {
  const N = prompts.length / P;
  const out = new Int32Array(N * (P + R));
  for (let i = 0; i < N; ++i) {
    out.set(prompts.subarray(i * P, (i + 1) * P), i * (P + R));
    out.set(responses.subarray(i * R, (i + 1) * R), i * (P + R) + P);
  }
  return out;
}

/** Next-token log-probabilities at the positions that predict the response [N, R, V]. */
export function responseLogSoftmax(config: LmConfig, w: LmWeights, sequences: Int32Array, N: number, P: number, special: SpecialIds): tf.Tensor3D {
  const T = sequences.length / N;
  const R = T - P;
  const ids = tf.tensor2d(sequences, [N, T], "int32");
  const mask = tf.tensor2d(keyMask(sequences, N, T, P, special.pad), [N, T]);
  const {logits} = forward(config, w, {ids, start: 0, cache: null, keyMask: mask}); // [N*T, V]
  const predicting = tf.slice(tf.reshape<tf.Rank.R3>(logits, [N, T, -1]), [0, P - 1, 0], [N, R, -1]); // [N, R, V]: position P-1+t predicts token P+t
  return tf.logSoftmax(predicting);
}

/** log pi(response token | prefix) [N, R], 0 where masked. */
export function tokenLogProbs(config: LmConfig, w: LmWeights, sequences: Int32Array, N: number, P: number, special: SpecialIds): tf.Tensor2D {
  const T = sequences.length / N;
  const R = T - P;
  const responses = new Int32Array(N * R);
  for (let i = 0; i < N; ++i) responses.set(sequences.subarray(i * T + P, (i + 1) * T), i * R);
  const logp = responseLogSoftmax(config, w, sequences, N, P, special); // [N, R, V]
  const target = tf.cast(tf.oneHot(tf.tensor1d(responses, "int32"), config.vocab), "float32"); // [N*R, V]
  const picked = tf.reshape(tf.sum(tf.mul(tf.reshape(logp, [N * R, -1]), target), 1), [N, R]); // [N, R]
  return ranked(tf.mul(picked, tf.tensor2d(responseMask(responses, R, special.eos), [N, R])), 2);
}

/**
 * Exact per-token KL(pi(.|prefix) || ref(.|prefix)) and entropy H(pi(.|prefix)), summed over each
 * response's positions (up to and including <eos>) -> kl [N], entropy [N].
 */
export function perTokenKl(config: LmConfig, policy: LmWeights, reference: LmWeights, sequences: Int32Array, N: number, P: number, special: SpecialIds): {kl: tf.Tensor1D; entropy: tf.Tensor1D} {
  const T = sequences.length / N;
  const R = T - P;
  const responses = new Int32Array(N * R);
  for (let i = 0; i < N; ++i) responses.set(sequences.subarray(i * T + P, (i + 1) * T), i * R);
  const logp = responseLogSoftmax(config, policy, sequences, N, P, special); // [N, R, V]
  const logq = responseLogSoftmax(config, reference, sequences, N, P, special); // [N, R, V]
  const p = tf.exp(logp);
  const mask = tf.tensor2d(responseMask(responses, R, special.eos), [N, R]); // [N, R]
  const kl = ranked(tf.sum(tf.mul(tf.relu(tf.sum(tf.mul(p, tf.sub(logp, logq)), 2)), mask), 1), 1); // [N]
  const entropy = ranked(tf.sum(tf.mul(tf.neg(tf.sum(tf.mul(p, logp), 2)), mask), 1), 1); // [N]
  return {kl, entropy};
}
