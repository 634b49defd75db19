/**
 * A decoder-only transformer (GPT-2's layout: Radford et al. 2019; read like nanoGPT's model.py),
 * written for the fast kernels of TensorFlow.js: every weight product is a plain 2-D matMul
 * [N, C] x [C, C'] (XNNPACK on wasm), with hand-written gradients that are plain 2-D matMuls too
 * (`dense`); token embeddings are one-hot matmuls (wasm has no gather gradient). Only attention's
 * score and mixing products are batched matmuls. Activations stay 2-D [B*T, C] between blocks.
 *
 * One forward serves training, scoring and decoding: it takes Tn new tokens at positions
 * start .. start + Tn - 1 and an optional key/value cache of the earlier positions, and returns the
 * logits of the new positions and the cache extended by them. A full pass is start = 0, no cache.
 * Call inside tf.tidy.
 */
import {tf} from "../../tf.ts";
import type {LmConfig} from "./config.ts";
import type {LmWeights} from "./weights.ts";

/** Keys and values of every layer for the positions seen so far: [B, H, Tk, hd] each. */
export type KvCache = readonly {readonly k: tf.Tensor4D; readonly v: tf.Tensor4D}[];

/** x [N, K] times w [K, M] -> [N, M], whose gradients are plain (non-transposed) 2-D matMuls too. */
const dense = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as tf.Tensor2D[];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy as tf.Tensor2D)];
    }
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

/** x w + b. */
const linear = (x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D => tf.add(dense(x, w as tf.Tensor2D), b);

/** Layer norm over the last axis (Ba et al. 2016), epsilon 1e-5. */
function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const {mean, variance} = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
}

/**
 * GELU, tanh approximation (Hendrycks & Gimpel 2016), as GPT-2. The cube is x * x * x: tf.pow took
 * 15-22% of an SFT step's kernel time (Docs: Measurements and methods, src/docs/measurements.md).
 */
export function gelu(x: tf.Tensor2D): tf.Tensor2D {
  const cube = tf.mul(tf.mul(x, x), x);
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, cube)));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/** [B*Tn, C] -> [B, H, Tn, hd] */
const splitHeads = (x: tf.Tensor2D, B: number, Tn: number, H: number): tf.Tensor4D => tf.transpose(tf.reshape(x, [B, Tn, H, -1]), [0, 2, 1, 3]);

/** [B, H, Tn, hd] -> [B*Tn, C] */
const mergeHeads = (y: tf.Tensor4D, B: number, Tn: number): tf.Tensor2D => tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * Tn, -1]);

/**
 * Causal self-attention of one block: queries of the Tn new positions attend to every key of the
 * cache plus themselves; `bias` [B, 1, Tn, Tk] is 0 where allowed and -1e9 where masked.
 */
function attention(x: tf.Tensor2D, w: LmWeights, l: number, bias: tf.Tensor, cached: KvCache[number] | null, B: number, Tn: number, H: number) {
  const C = x.shape[1];
  const qkv = linear(x, w[`h${l}.attn.w`], w[`h${l}.attn.b`]); // [B*Tn, 3C]
  const [q, kNew, vNew] = tf.split(qkv, 3, 1).map((t) => splitHeads(t as tf.Tensor2D, B, Tn, H)); // [B, H, Tn, hd] each
  const k = cached ? tf.concat([cached.k, kNew], 2) : kNew; // [B, H, Tk, hd]
  const v = cached ? tf.concat([cached.v, vNew], 2) : vNew; // [B, H, Tk, hd]
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(C / H)), bias); // [B, H, Tn, Tk]
  const y = tf.matMul(tf.softmax(scores), v) as tf.Tensor4D; // [B, H, Tn, hd]
  const out = linear(mergeHeads(y, B, Tn), w[`h${l}.proj.w`], w[`h${l}.proj.b`]); // [B*Tn, C]
  return {out, kv: {k: k as tf.Tensor4D, v: v as tf.Tensor4D}};
}

/** MLP of one block: C -> mlp_ratio C (GELU) -> C. */
const mlp = (x: tf.Tensor2D, w: LmWeights, l: number): tf.Tensor2D => linear(gelu(linear(x, w[`h${l}.fc.w`], w[`h${l}.fc.b`])), w[`h${l}.fc2.w`], w[`h${l}.fc2.b`]);

export interface ForwardInput {
  /** token ids of the new positions [B, Tn] */
  readonly ids: tf.Tensor2D;
  /** position of the first new token */
  readonly start: number;
  /** keys and values of positions 0 .. start - 1, null when start = 0 */
  readonly cache: KvCache | null;
  /** 1 for keys that may be attended to, 0 for padding, positions 0 .. start + Tn - 1 [B, Tk] */
  readonly keyMask: tf.Tensor2D;
}

/** Logits of the new positions [B*Tn, V] and the cache extended by them. */
export function forward(config: LmConfig, w: LmWeights, {ids, start, cache, keyMask}: ForwardInput): {logits: tf.Tensor2D; cache: KvCache} {
  const {vocab: V, heads: H, layers} = config;
  const [B, Tn] = ids.shape;
  const Tk = start + Tn;
  if (Tk > config.context) throw new Error(`invalid positions: ${start} + ${Tn} > context ${config.context}`);

  // Token + position embeddings: one-hot [B*Tn, V] x wte [V, C] (no gather: wasm has no gather gradient).
  const tokens = dense(tf.cast(tf.oneHot(tf.reshape(ids, [-1]) as tf.Tensor1D, V), "float32") as tf.Tensor2D, w.wte as tf.Tensor2D); // [B*Tn, C]
  const positions = tf.slice(w.wpe, [start, 0], [Tn, -1]); // [Tn, C]
  let x = tf.reshape(tf.add(tf.reshape(tokens, [B, Tn, -1]), positions), [B * Tn, -1]) as tf.Tensor2D; // [B*Tn, C]

  // Mask: causal (key j visible to query i when j <= start + i) and padding keys hidden.
  const causal = tf.linalg.bandPart(tf.ones([config.context, config.context]), -1, 0); // [T, T] lower triangle
  const allowed = tf.mul(tf.slice(causal, [start, 0], [Tn, Tk]), tf.reshape(keyMask, [B, 1, 1, Tk])); // [B, 1, Tn, Tk]
  const bias = tf.mul(tf.sub(1, allowed), -1e9); // [B, 1, Tn, Tk]

  const next: {k: tf.Tensor4D; v: tf.Tensor4D}[] = [];
  for (let l = 0; l < layers; ++l) {
    const a = attention(layerNorm(x, w[`h${l}.ln1.g`], w[`h${l}.ln1.b`]), w, l, bias, cache ? cache[l] : null, B, Tn, H);
    next.push(a.kv);
    x = tf.add(x, a.out); // [B*Tn, C]
    x = tf.add(x, mlp(layerNorm(x, w[`h${l}.ln2.g`], w[`h${l}.ln2.b`]), w, l)); // [B*Tn, C]
  }
  x = layerNorm(x, w["lnf.g"], w["lnf.b"]);
  const logits = dense(x, tf.transpose(w.wte) as tf.Tensor2D); // [B*Tn, V], weight tying
  return {logits, cache: next};
}
