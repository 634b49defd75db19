/**
 * Where a language-model SFT step spends its time, by kind of kernel (tf.profile): the part that is
 * matrix products, against transposes, the GELU's cube (Pow), other element-wise arithmetic,
 * reductions and data movement. It explains why training reaches a small share of the backend's
 * matmul FLOP/s: at d_model 64 most kernels are small and memory-bound, and each costs a dispatch.
 */
import {deriveSeed} from "../random.ts";
import {tf} from "../tf.ts";
import {forwardFlopsPerToken, lmConfig} from "../policy/lm/config.ts";
import type {LmConfig} from "../policy/lm/config.ts";
import {supervisedFineTune} from "../policy/lm/sft.ts";
import {disposeWeights, initWeights, toTensors, toVariables} from "../policy/lm/weights.ts";
import {generateTextWorld} from "../worlds/text/world.ts";

/** Kernel names by group; anything else is "other". */
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  matmul: ["BatchMatMul", "MatMul", "_FusedMatMul"],
  transpose: ["Transpose"],
  pow: ["Pow"],
  elementwise: ["Multiply", "Add", "AddN", "Sub", "RealDiv", "Sqrt", "Rsqrt", "Exp", "Log", "Tanh", "Maximum", "Minimum", "Neg", "Square", "SquaredDifference", "Step", "Greater", "Less", "Equal", "Select", "Abs", "Sign", "FloorDiv"],
  reduction: ["Sum", "Max", "Min", "Mean", "Prod", "ArgMax", "UnsortedSegmentSum"],
  data_movement: ["Reshape", "Identity", "Cast", "Slice", "SplitV", "Concat", "ConcatV2", "Pack", "Unpack", "GatherV2", "OneHot", "Tile", "Fill", "ZerosLike", "OnesLike", "Pad", "PadV2", "StridedSlice", "BroadcastTo"]
};

export interface LmProfile {
  readonly config: LmConfig;
  /** wall milliseconds of the profiled steps */
  readonly wallMs: number;
  /** milliseconds inside leaf kernels (composite wrappers, whose inner kernels are counted, left out) */
  readonly kernelMs: number;
  /** achieved GFLOP/s of the profiled steps (3 forwards per token, as benchLm counts; profiling's own cost included) */
  readonly gflops: number;
  /** leaf kernels launched per step */
  readonly kernelsPerStep: number;
  /** kernel time by group, shares of kernelMs, largest first */
  readonly groups: readonly {group: string; ms: number; share: number; kernels: number}[];
}

/** Profiles `steps` SFT steps of `batch` sequences (after 2 untimed) on the current backend. */
export async function profileSft({steps = 5, batch = 64, model = {}, seed = 1}: {steps?: number; batch?: number; model?: Partial<Omit<LmConfig, "vocab" | "context">>; seed?: number} = {}): Promise<LmProfile> {
  const world = generateTextWorld(deriveSeed(seed, "bench", "world"), {demonstrations: 512});
  const config = lmConfig({...model, vocab: world.vocabulary.words.length, context: world.layout.context});
  const weights = toTensors(config, initWeights(config, deriveSeed(seed, "bench", "weights")));
  const params = toVariables(weights);
  try {
    await supervisedFineTune(config, params, world, {steps: 2, batch, seed, log_every: 2});
    const start = performance.now();
    const info = await tf.profile(() => supervisedFineTune(config, params, world, {steps, batch, seed, log_every: steps}));
    const wallMs = performance.now() - start;
    const leaves = info.kernels.filter((k) => k.name !== "forward" && !k.name.endsWith("__op"));
    const byGroup = new Map<string, {ms: number; kernels: number}>();
    for (const k of leaves) {
      const group = Object.keys(GROUPS).find((g) => GROUPS[g].includes(k.name)) ?? "other";
      const entry = byGroup.get(group) ?? {ms: 0, kernels: 0};
      entry.ms += Number(k.kernelTimeMs) || 0;
      entry.kernels += 1;
      byGroup.set(group, entry);
    }
    const kernelMs = [...byGroup.values()].reduce((s, g) => s + g.ms, 0);
    const groups = [...byGroup].map(([group, g]) => ({group, ms: g.ms, share: kernelMs > 0 ? g.ms / kernelMs : 0, kernels: g.kernels})).sort((a, b) => b.ms - a.ms);
    const gflops = (steps * batch * config.context * 3 * forwardFlopsPerToken(config)) / (wallMs / 1e3) / 1e9;
    return {config, wallMs, kernelMs, gflops, kernelsPerStep: leaves.length / steps, groups};
  } finally {
    disposeWeights(params);
    disposeWeights(weights);
  }
}
