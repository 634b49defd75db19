/**
 * The transformer's parameters: created in JavaScript from a seed (so every backend starts from the
 * same numbers), held as tensors (frozen copies) or tf.Variables (trained), and saved as JSON.
 * Names follow the model file: wte [V, C], wpe [T, C], per block `h{l}.ln1.g` ... `h{l}.fc2.b`,
 * then lnf.g, lnf.b. The output layer reuses wte (weight tying).
 */
import {propertyOf} from "../../narrow.ts";
import {Rng} from "../../random.ts";
import {tf, readAndDispose} from "../../tf.ts";
import type {LmConfig} from "./config.ts";

export type LmWeights = Readonly<Record<string, tf.Tensor>>;

/** Shapes of every parameter, in a fixed order. */
export function weightShapes({vocab: V, context: T, d_model: C, layers, mlp_ratio}: LmConfig): [string, number[]][] {
  const M = C * mlp_ratio;
  const shapes: [string, number[]][] = [["wte", [V, C]], ["wpe", [T, C]]];
  for (let l = 0; l < layers; ++l) {
    shapes.push([`h${l}.ln1.g`, [C]], [`h${l}.ln1.b`, [C]], [`h${l}.attn.w`, [C, 3 * C]], [`h${l}.attn.b`, [3 * C]], [`h${l}.proj.w`, [C, C]], [`h${l}.proj.b`, [C]]);
    shapes.push([`h${l}.ln2.g`, [C]], [`h${l}.ln2.b`, [C]], [`h${l}.fc.w`, [C, M]], [`h${l}.fc.b`, [M]], [`h${l}.fc2.w`, [M, C]], [`h${l}.fc2.b`, [C]]);
  }
  shapes.push(["lnf.g", [C]], ["lnf.b", [C]]);
  return shapes;
}

/**
 * GPT-2's initialisation: weights N(0, 0.02^2), residual projections (proj, fc2) scaled by
 * 1 / sqrt(2 layers), biases 0, layer-norm gains 1.
 */
export function initWeights(config: LmConfig, seed: number): Record<string, Float32Array> {
  const rng = new Rng(seed);
  const out: Record<string, Float32Array> = {};
  for (const [name, shape] of weightShapes(config)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const kind = name.split(".").at(-1);
    if (kind === "g") out[name] = new Float32Array(n).fill(1);
    else if (kind === "b") out[name] = new Float32Array(n);
    else {
      const std = name.endsWith("proj.w") || name.endsWith("fc2.w") ? 0.02 / Math.sqrt(2 * config.layers) : 0.02;
      out[name] = Float32Array.from({length: n}, () => std * rng.normal());
    }
  }
  return out;
}

/** Frozen tensors of the given values. */
export function toTensors(config: LmConfig, values: Readonly<Record<string, Float32Array>>): LmWeights {
  return Object.fromEntries(weightShapes(config).map(([name, shape]) => [name, tf.tensor(values[name], shape)]));
}

/** Trainable variables initialised with copies of the given tensors. */
export function toVariables(weights: LmWeights): Readonly<Record<string, tf.Variable>> {
  return Object.fromEntries(Object.entries(weights).map(([name, t]) => [name, tf.variable(t, true)]));
}

/** Reads weights back to JavaScript arrays. */
export async function readWeights(weights: LmWeights): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [name, t] of Object.entries(weights)) out[name] = Float32Array.from(await readAndDispose(t.clone()));
  return out;
}

export function disposeWeights(weights: LmWeights): void {
  for (const t of Object.values(weights)) t.dispose();
}

/** A checkpoint: the config and every parameter's values, as JSON. */
export async function saveCheckpoint(config: LmConfig, weights: LmWeights): Promise<string> {
  const values = await readWeights(weights);
  return JSON.stringify({format: "goodhart-lm-1", config, weights: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.from(v)]))});
}

/** Parses a checkpoint written by saveCheckpoint. */
export function loadCheckpoint(json: string): {config: LmConfig; values: Record<string, Float32Array>} {
  const parsed: unknown = JSON.parse(json);
  if (propertyOf(parsed, "format") !== "goodhart-lm-1") throw new Error("invalid checkpoint: not a goodhart-lm-1 JSON checkpoint");
  const {config, weights} = parsed as {config: LmConfig; weights: Record<string, number[]>};
  const values: Record<string, Float32Array> = {};
  for (const [name, shape] of weightShapes(config)) {
    const v = weights[name];
    const n = shape.reduce((a, b) => a * b, 1);
    if (!Array.isArray(v) || v.length !== n) throw new Error(`invalid checkpoint weight ${name}: expected ${n} numbers`);
    values[name] = Float32Array.from(v);
  }
  return {config, values};
}
