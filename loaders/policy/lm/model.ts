/**
 * A decoder-only transformer (GPT-2's layout: Radford et al. 2019; read like nanoGPT's model.py),
 * written for the fast kernels of each TensorFlow.js backend. On wasm every weight product is a
 * plain 2-D matMul [N, C] x [C, C'] (XNNPACK), with hand-written gradients that are plain 2-D
 * matMuls too (`dense`: transposes, then products); on the other backends (libtensorflow, WebGPU)
 * tf.matMul's own gradients use the native transposed products and the bias rides in a fused
 * matMul, which saves a transpose kernel per gradient product and an add per layer. Token
 * embeddings are a gather, or a one-hot matmul on wasm (no gather gradient there). Only
 * attention's score and mixing products are batched matmuls. Activations stay 2-D [B*T, C]
 * between blocks.
 *
 * One forward serves training, scoring and decoding: it takes Tn new tokens at positions
 * start .. start + Tn - 1 and an optional key/value cache of the earlier positions, and returns the
 * logits of the new positions and the cache extended by them. A full pass is start = 0, no cache.
 * Call inside tf.tidy.
 */
import {ranked, tf} from "../../tf.ts";
import type {LmConfig} from "./config.ts";
import type {LmWeights} from "./weights.ts";

/** Keys and values of every layer for the positions seen so far: [B, H, Tk, hd] each. */
export type KvCache = readonly {readonly k: tf.Tensor4D; readonly v: tf.Tensor4D}[];

/** The tensors tf.customGrad hands a custom gradient's function, checked, and its save function after them. */
function gradArgs(args: readonly (tf.Tensor | tf.GradSaveFunc)[], tensors: number): {inputs: tf.Tensor[]; save: tf.GradSaveFunc} {
  const inputs = args.slice(0, tensors).filter((a): a is tf.Tensor => a instanceof tf.Tensor);
  const save = args[tensors];
  if (inputs.length !== tensors || typeof save !== "function") throw new Error(`invalid custom-gradient arguments: expected ${tensors} tensors then a save function`);
  return {inputs, save};
}

/** x [N, K] times w [K, M] -> [N, M], whose gradients are plain (non-transposed) 2-D matMuls too. */
const dense = (x: tf.Tensor2D, w: tf.Tensor): tf.Tensor2D => ranked(denseGrad(x, w), 2);
const denseGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const {inputs: [x, w], save} = gradArgs(args, 2);
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) => [tf.matMul(dy, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy)]
  };
});

/** Whether the current backend wants plain 2-D products with hand-written gradients (wasm: only those reach XNNPACK). */
export const plainProducts = () => tf.getBackend() === "wasm";

/**
 * Token embeddings wte[ids] [N, C]. A gather where the backend has its gradient; on wasm, which has
 * none (no UnsortedSegmentSum), a one-hot product [N, V] x [V, C] whose gradient is the weight's
 * alone (the one-hot's would be an [N, C] x [C, V] product thrown away). Both give wte's rows exactly.
 */
function embed(ids: tf.Tensor1D, wte: tf.Tensor2D, V: number): tf.Tensor2D {
  if (!plainProducts()) return tf.gather(wte, ids);
  const oneHot = ranked(tf.cast(tf.oneHot(ids, V), "float32"), 2); // [N, V]
  return ranked(tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const {inputs: [w], save} = gradArgs(args, 1);
    save([oneHot]);
    return {value: tf.matMul(oneHot, w), gradFunc: (dy: tf.Tensor, [h]: tf.Tensor[]) => [tf.matMul(tf.transpose(h), dy)]};
  })(wte), 2);
}

/** x w + b [N, M]: fused matMul + bias where the backend has one. */
const linear = (x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D => (plainProducts() ? tf.add(dense(x, w), b) : (ranked(tf.fused.matMul({a: x, b: w, bias: b}), 2)));

/**
 * Layer norm over the last axis (Ba et al. 2016), epsilon 1e-5: y = (x - mean) / std * g + b with
 * std = sqrt(variance + epsilon). The forward is tf.moments' arithmetic; the gradient is written
 * out (dx = (dxhat - mean(dxhat) - xhat mean(dxhat xhat)) / std, dxhat = dy g): 14 kernels
 * instead of the ~35 that autodiff of the forward's broadcasts, casts and reshapes launches.
 */
export const layerNorm = (x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D => ranked(layerNormGrad(x, g, b), 2);
const layerNormGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const {inputs: [x, g, b], save} = gradArgs(args, 3);
  const xc = tf.sub(x, tf.mean(x, -1, true)); // [N, C]
  const std = tf.sqrt(tf.add(tf.mean(tf.square(xc), -1, true), 1e-5)); // [N, 1]
  const xhat = tf.div(xc, std); // [N, C]
  save([xhat, std, g]);
  return {
    value: tf.add(tf.mul(xhat, g), b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xh, sd, gain] = saved;
      const dxhat = tf.mul(dy, gain); // [N, C]
      const centred = tf.sub(dxhat, tf.mean(dxhat, -1, true));
      const dx = tf.div(tf.sub(centred, tf.mul(xh, tf.mean(tf.mul(dxhat, xh), -1, true))), sd);
      return [dx, tf.sum(tf.mul(dy, xh), 0), tf.sum(dy, 0)];
    }
  };
});

/**
 * GELU, tanh approximation (Hendrycks & Gimpel 2016), as GPT-2: 0.5 x (1 + tanh(s (x + a x^3))),
 * s = sqrt(2 / pi), a = 0.044715. The cube is x * x * x: tf.pow took 15-22% of an SFT step's
 * kernel time (Docs: Measurements and methods, src/docs/measurements.md). The gradient is written out,
 * 0.5 (1 + t) + 0.5 x (1 - t^2) (s + 3 a s x^2) with t the forward's tanh, from saved tensors:
 * 10 kernels on the MLP's widest tensors instead of autodiff's ~20.
 */
export const gelu = (x: tf.Tensor2D): tf.Tensor2D => ranked(geluGrad(x), 2);
const geluGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const {inputs: [x], save} = gradArgs(args, 1);
  const s = Math.sqrt(2 / Math.PI), a = 0.044715;
  const cube = tf.mul(tf.mul(x, x), x);
  const t = tf.tanh(tf.mul(s, tf.add(x, tf.mul(a, cube))));
  const half = tf.mul(0.5, x), onePlusT = tf.add(1, t);
  save([x, half, onePlusT, t]);
  return {
    value: tf.mul(half, onePlusT),
    gradFunc: (dy: tf.Tensor, [xs, h, opt, th]: tf.Tensor[]) => {
      const slope = tf.add(tf.mul(tf.square(xs), 3 * a * s), s); // s (1 + 3 a x^2)
      const sech2 = tf.sub(1, tf.square(th)); // 1 - t^2
      return [tf.mul(dy, tf.add(tf.mul(opt, 0.5), tf.mul(tf.mul(h, sech2), slope)))];
    }
  };
});

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
  const [q, kNew, vNew] = tf.split(qkv, 3, 1).map((t) => splitHeads(ranked(t, 2), B, Tn, H)); // [B, H, Tn, hd] each
  const k = cached ? tf.concat([cached.k, kNew], 2) : kNew; // [B, H, Tk, hd]
  const v = cached ? tf.concat([cached.v, vNew], 2) : vNew; // [B, H, Tk, hd]
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(C / H)), bias); // [B, H, Tn, Tk]
  const y = ranked(tf.matMul(tf.softmax(scores), v), 4); // [B, H, Tn, hd]
  const out = linear(mergeHeads(y, B, Tn), w[`h${l}.proj.w`], w[`h${l}.proj.b`]); // [B*Tn, C]
  return {out, kv: {k, v}};
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

  // Token + position embeddings.
  const tokens = embed(tf.reshape<tf.Rank.R1>(ids, [-1]), ranked(w.wte, 2), V); // [B*Tn, C]
  const positions = tf.slice(w.wpe, [start, 0], [Tn, -1]); // [Tn, C]
  let x = tf.reshape<tf.Rank.R2>(tf.add(tf.reshape(tokens, [B, Tn, -1]), positions), [B * Tn, -1]); // [B*Tn, C]

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
  const logits = plainProducts() ? dense(x, tf.transpose(w.wte)) : (ranked(tf.matMul(x, w.wte, false, true), 2)); // [B*Tn, V], weight tying
  return {logits, cache: next};
}
