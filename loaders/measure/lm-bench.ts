/**
 * Throughput of the language model on the current TensorFlow.js backend, for `npm run bench`:
 * sampling tokens/s with the key/value cache and with full recomputation of the prefix per token
 * (the same draws), and training tokens/s of supervised fine-tuning steps (forward, backward,
 * Adam). The model is the default tiny transformer over a default text world, from a seed.
 * FLOP accounting of a training step: 3 x forwardFlopsPerToken (config.ts) per sequence token
 * (forward, and a backward of about twice the forward); Adam's elementwise updates count none.
 * RL training throughput is rl-lm-bench.ts.
 */
import {deriveSeed} from "../random.ts";
import {tf} from "../tf.ts";
import {forwardFlopsPerToken, lmConfig} from "../policy/lm/config.ts";
import type {LmConfig} from "../policy/lm/config.ts";
import {generate} from "../policy/lm/generate.ts";
import {supervisedFineTune, textSpecial} from "../policy/lm/sft.ts";
import {disposeWeights, initWeights, toTensors, toVariables} from "../policy/lm/weights.ts";
import {generateTextWorld, promptTokens} from "../worlds/text/world.ts";

export interface BenchLmOptions {
  /** sequences sampled at once (default 64) */
  batch?: number;
  /** timed repetitions, the median is reported (default 3) */
  reps?: number;
  /** SFT steps timed (default 10) */
  trainSteps?: number;
  /** model size over lmConfig's defaults */
  model?: Partial<Omit<LmConfig, "vocab" | "context">>;
  seed?: number;
}

export interface BenchLmResult {
  readonly backend: string;
  readonly config: LmConfig;
  readonly batch: number;
  /** response tokens drawn per second, key/value cache */
  readonly cachedTokensPerSecond: number;
  /** response tokens drawn per second, whole prefix recomputed per token */
  readonly fullTokensPerSecond: number;
  /** sequence tokens per second through SFT steps (batch sequences of context tokens per step) */
  readonly trainTokensPerSecond: number;
  /** achieved GFLOP/s of those steps: tokens/s x 3 x forwardFlopsPerToken (config.ts) */
  readonly trainGflops: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchLm({batch = 64, reps = 3, trainSteps = 10, model = {}, seed = 1}: BenchLmOptions = {}): Promise<BenchLmResult> {
  const world = generateTextWorld(deriveSeed(seed, "bench", "world"), {demonstrations: 512});
  const config = lmConfig({...model, vocab: world.vocabulary.words.length, context: world.layout.context});
  const P = world.layout.promptWidth, R = world.layout.responseWidth;
  const prompts = new Int32Array(batch * P);
  for (let i = 0; i < batch; ++i) prompts.set(promptTokens(world, world.train[i % world.train.length]), i * P);
  const weights = toTensors(config, initWeights(config, deriveSeed(seed, "bench", "weights")));
  const rate = async (cache: boolean) => {
    await generate(config, weights, prompts, P, textSpecial, {steps: R, seed, cache}); // warm-up
    const times: number[] = [];
    for (let r = 0; r < reps; ++r) {
      const start = performance.now();
      await generate(config, weights, prompts, P, textSpecial, {steps: R, seed: seed + r + 1, cache});
      times.push(performance.now() - start);
    }
    return (batch * R) / (median(times) / 1000);
  };
  const cachedTokensPerSecond = await rate(true);
  const fullTokensPerSecond = await rate(false);

  disposeWeights(weights);
  const {tokensPerSecond: trainTokensPerSecond, gflops: trainGflops} = await benchSft({batch, steps: trainSteps, model, seed});
  return {backend: tf.getBackend(), config, batch, cachedTokensPerSecond, fullTokensPerSecond, trainTokensPerSecond, trainGflops};
}

export interface BenchSftResult {
  readonly config: LmConfig;
  /** sequence tokens per second (batch sequences of context tokens per step) */
  readonly tokensPerSecond: number;
  /** achieved GFLOP/s: tokens/s x 3 x forwardFlopsPerToken (config.ts) */
  readonly gflops: number;
}

/** SFT training tokens/s: `steps` timed steps of `batch` sequences after `warmup` untimed (default 2), from fresh seeded weights. */
export async function benchSft({batch = 64, steps = 10, warmup = 2, model = {}, seed = 1}: Omit<BenchLmOptions, "reps" | "trainSteps"> & {steps?: number; warmup?: number} = {}): Promise<BenchSftResult> {
  const world = generateTextWorld(deriveSeed(seed, "bench", "world"), {demonstrations: 512});
  const config = lmConfig({...model, vocab: world.vocabulary.words.length, context: world.layout.context});
  const weights = toTensors(config, initWeights(config, deriveSeed(seed, "bench", "weights")));
  const params = toVariables(weights);
  try {
    if (!Number.isInteger(warmup) || warmup < 1) throw new Error(`invalid warmup: ${warmup} (expected an integer >= 1)`);
    await supervisedFineTune(config, params, world, {steps: warmup, batch, seed, log_every: warmup}); // warm-up
    const start = performance.now();
    await supervisedFineTune(config, params, world, {steps, batch, seed, log_every: steps});
    const tokensPerSecond = (steps * batch * config.context) / ((performance.now() - start) / 1000);
    return {config, tokensPerSecond, gflops: (tokensPerSecond * 3 * forwardFlopsPerToken(config)) / 1e9};
  } finally {
    disposeWeights(params);
    disposeWeights(weights);
  }
}

/**
 * The matmul shapes of one forward pass of the language model over `rows` = batch x context token
 * positions ([m, k, n] each): per layer the fused q/k/v projection, the output projection and the
 * MLP's two products; then the one-hot embedding and the tied output head. The attention scores
 * (T x T per head) are left out: they are a few percent of the FLOPs at these sizes.
 */
export function lmMatmulShapes(config: LmConfig, rows: number): [number, number, number][] {
  const {d_model: C, mlp_ratio: m, vocab: V, layers} = config;
  const layer: [number, number, number][] = [[rows, C, 3 * C], [rows, C, C], [rows, C, m * C], [rows, m * C, C]];
  return [[rows, V, C], ...Array.from({length: layers}, () => layer).flat(), [rows, C, V]];
}
