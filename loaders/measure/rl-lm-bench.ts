/**
 * RL training throughput of the language model on the current TensorFlow.js backend, for
 * `npm run bench`: RLOO steps through runPolicyGradient (the loop the experiments run) against a
 * white-box reward (RER "full": length, repetition, relevance) over the same default text world
 * and tiny transformer as benchLm (lm-bench.ts). The reference is the seeded initial model (no
 * SFT: a step's work does not depend on the weights, since decoding always runs R steps).
 *
 * Timed: every step's work (sampling with the key/value cache, the reference's log-probabilities,
 * the reward, the policy update with Adam). Not timed: the loop's evaluations (at step 0 and the
 * last step; evaluate() and snapshot() are timed separately and subtracted).
 *
 * Tokens per step: batch_prompts x samples_per_prompt sequences of context T = prompt + response
 * width tokens (padding included, as the model computes it).
 *
 * FLOP accounting, per step, with F = forwardFlopsPerToken(config) (config.ts: the weight
 * products and full-window attention of one forward, per token):
 *   sampling: one forward per token over the window (the prompt's prefill plus R - 1 cached
 *     decoding steps, i.e. T - 1 positions; counted as T, and cached decoding's attention covers
 *     only the prefix, so this slightly overcounts)                              -> 1 x tokens x F
 *   reference log-probabilities: one forward over the sequences                  -> 1 x tokens x F
 *   policy update: forward + backward of the RLOO surrogate (backward ~ 2 x forward) -> 3 x tokens x F
 *   total 5 x tokens x F. The reward (string work on the CPU) and Adam's elementwise updates count
 *   no FLOPs but take time. Achieved GFLOP/s = tokens/s x 5 x F / 1e9.
 */
import {deriveSeed} from "../random.ts";
import {tf} from "../tf.ts";
import {forwardFlopsPerToken, lmConfig} from "../policy/lm/config.ts";
import type {LmConfig} from "../policy/lm/config.ts";
import {lmPolicy} from "../policy/lm/lm-policy.ts";
import type {LmPolicy} from "../policy/lm/lm-policy.ts";
import {disposeWeights, initWeights, toTensors} from "../policy/lm/weights.ts";
import {runPolicyGradient} from "../optimize/policy-gradient.ts";
import {rlooOptimizer, rlooUpdate} from "../optimize/rloo.ts";
import type {OptimizerWorld} from "../optimize/types.ts";
import {objectives} from "../reward/objectives.ts";
import {trainTextEmbedding} from "../reward/text-embedding.ts";
import {whiteBoxReward} from "../reward/white-box.ts";
import {goldRewards} from "../worlds/text/gold.ts";
import {generateTextWorld} from "../worlds/text/world.ts";

/** Forward-pass equivalents per token of one RLOO step: sampling 1, reference 1, update 3. */
export const RL_FORWARDS_PER_TOKEN = 5;

export interface BenchRlLmOptions {
  /** prompts per step B (default 8) */
  batchPrompts?: number;
  /** responses per prompt S (default 8: B x S = 64 sequences, benchLm's batch) */
  samplesPerPrompt?: number;
  /** timed steps (default 8) */
  steps?: number;
  /** untimed warm-up steps (default 2) */
  warmup?: number;
  /** RLOO's KL coefficient (default 0.05) */
  klCoef?: number;
  /** model size over lmConfig's defaults */
  model?: Partial<Omit<LmConfig, "vocab" | "context">>;
  seed?: number;
}

export interface BenchRlLmResult {
  readonly backend: string;
  readonly config: LmConfig;
  /** sequences per step, B x S */
  readonly sequences: number;
  readonly steps: number;
  /** wall milliseconds per step, evaluations excluded */
  readonly msPerStep: number;
  /** sequence tokens per second (B x S x context per step) */
  readonly tokensPerSecond: number;
  /** achieved GFLOP/s: tokens/s x RL_FORWARDS_PER_TOKEN x forwardFlopsPerToken / 1e9 */
  readonly gflops: number;
  /** milliseconds spent in the excluded evaluations of the timed run */
  readonly evaluationMs: number;
}

export async function benchRlLm(options: BenchRlLmOptions = {}): Promise<BenchRlLmResult> {
  const {batchPrompts = 8, samplesPerPrompt = 8, steps = 8, warmup = 2, klCoef = 0.05, model = {}, seed = 1} = options;
  const world = generateTextWorld(deriveSeed(seed, "bench", "world"), {demonstrations: 512});
  const config = lmConfig({...model, vocab: world.vocabulary.words.length, context: world.layout.context});
  const reference = toTensors(config, initWeights(config, deriveSeed(seed, "bench", "weights")));
  const reward = whiteBoxReward(world, trainTextEmbedding(world, deriveSeed(seed, "bench", "embedding")), {variant: "full"});
  // Twice the batch's prompts: each step draws a different half; evaluations stay small.
  const prompts = world.train.slice(0, 2 * batchPrompts);
  const promptCount: OptimizerWorld = {prompts: prompts.length};

  let evaluationMs = 0;
  const excluded = <A extends unknown[], R>(f: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    const start = performance.now();
    try {
      return await f(...args);
    } finally {
      evaluationMs += performance.now() - start;
    }
  };

  const run = async (n: number) => {
    const policy = lmPolicy({world, config, reference, prompts});
    const timed: LmPolicy = {...policy, evaluate: excluded(policy.evaluate), snapshot: excluded(policy.snapshot)};
    const raw = {name: "rloo", batch_prompts: batchPrompts, samples_per_prompt: samplesPerPrompt, learning_rate: 1e-3, kl_coef: klCoef, steps: n, log_every: n};
    const resolved = rlooOptimizer.normalize(raw, promptCount);
    const objective = objectives.single.start(null, {rewards: [new Float64Array(0)], sigmas: null});
    try {
      evaluationMs = 0;
      const start = performance.now();
      await runPolicyGradient({policy: timed, reward, objective, gold: (r) => goldRewards(world, r), seed}, resolved, rlooUpdate(resolved));
      return performance.now() - start - evaluationMs;
    } finally {
      policy.dispose();
    }
  };

  try {
    await run(Math.max(1, warmup));
    const ms = await run(steps);
    const sequences = batchPrompts * samplesPerPrompt;
    const tokensPerSecond = (steps * sequences * config.context) / (ms / 1000);
    const gflops = (tokensPerSecond * RL_FORWARDS_PER_TOKEN * forwardFlopsPerToken(config)) / 1e9;
    return {backend: tf.getBackend(), config, sequences, steps, msPerStep: ms / steps, tokensPerSecond, gflops, evaluationMs};
  } finally {
    disposeWeights(reference);
  }
}
