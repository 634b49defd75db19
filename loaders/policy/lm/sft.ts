/**
 * Supervised fine-tuning on the text world's demonstrations: next-token cross-entropy on the
 * response tokens (up to and including <eos>; prompts are context only), minibatches drawn with a
 * seeded shuffle, Adam (flat-adam.ts: over all parameters at once except on wasm; tf.train.adam's
 * numbers). Nothing is read back per step except the loss at logged steps. The result is the
 * reference policy pi_ref of RL.
 */
import {Rng} from "../../random.ts";
import {ranked, tf} from "../../tf.ts";
import {demonstrationResponses, promptTokens} from "../../worlds/text/world.ts";
import type {TextResponses, TextWorld} from "../../worlds/text/world.ts";
import {EOS, PAD} from "../../worlds/text/vocabulary.ts";
import type {LmConfig} from "./config.ts";
import {adamFor} from "./flat-adam.ts";
import {joinSequences, responseMask, tokenLogProbs} from "./score.ts";
import type {LmWeights} from "./weights.ts";

export const textSpecial = {pad: PAD, eos: EOS} as const;

export interface SftOptions {
  /** optimiser steps (default 1500: the default world needs about that many to condition on the prompt's topic; ~5 min on wasm, 2 cores) */
  readonly steps?: number;
  /** sequences per step (default 32) */
  readonly batch?: number;
  /** Adam's step size (default 3e-3) */
  readonly learning_rate?: number;
  /** read the training loss back every this many steps (default 50) */
  readonly log_every?: number;
  /** called with each logged step's loss (progress on stderr for long runs) */
  readonly progress?: (step: number, loss: number) => void;
  readonly seed: number;
}

/** Sequences [n * T] of the world's prompt + response layout, for responses to world prompts. */
export function textSequences(world: TextWorld, responses: TextResponses): Int32Array {
  const P = world.layout.promptWidth;
  const prompts = new Int32Array(responses.prompts.length * P);
  responses.prompts.forEach((p, i) => prompts.set(promptTokens(world, p), i * P));
  return joinSequences(prompts, P, responses.tokens, responses.width);
}

/** Mean cross-entropy per response token (nats) of sequences [n * T]: -sum log pi / tokens. Call inside tf.tidy. */
export function sequenceLoss(config: LmConfig, w: LmWeights, sequences: Int32Array, P: number): tf.Scalar {
  const N = sequences.length / config.context;
  const R = config.context - P;
  let counted = 0;
  for (let i = 0; i < N; ++i) counted += responseMask(sequences.subarray(i * config.context + P, (i + 1) * config.context), R, EOS).reduce((s, m) => s + m, 0);
  const lp = tokenLogProbs(config, w, sequences, N, P, textSpecial); // [N, R], 0 where masked
  return ranked(tf.div(tf.neg(tf.sum(lp)), Math.max(counted, 1)), 0);
}

/** Mean loss over sequences, in chunks (no gradient). */
export async function evaluateLoss(config: LmConfig, w: LmWeights, sequences: Int32Array, P: number, chunk = 256): Promise<number> {
  const T = config.context;
  const N = sequences.length / T;
  let total = 0;
  for (let i = 0; i < N; i += chunk) {
    const part = sequences.subarray(i * T, Math.min(N, i + chunk) * T);
    const loss = tf.tidy(() => sequenceLoss(config, w, part, P));
    total += (await loss.data())[0] * (part.length / T);
    loss.dispose();
  }
  return total / N;
}

/** Trains `params` (variables of the model) on the world's demonstrations; returns the logged losses. */
export async function supervisedFineTune(config: LmConfig, params: Readonly<Record<string, tf.Variable>>, world: TextWorld, options: SftOptions): Promise<{step: number; loss: number}[]> {
  const {steps = 1500, batch = 32, learning_rate = 3e-3, log_every = 50, progress, seed} = options;
  const T = config.context, P = world.layout.promptWidth;
  const sequences = textSequences(world, demonstrationResponses(world));
  const N = sequences.length / T;
  const order = Int32Array.from({length: N}, (_, i) => i);
  const rng = new Rng(seed);
  const optimizer = adamFor(Object.values(params), {learning_rate});
  const log: {step: number; loss: number}[] = [];
  let cursor = N;
  try {
    for (let step = 1; step <= steps; ++step) {
      const rows = new Int32Array(batch * T);
      for (let b = 0; b < batch; ++b) {
        if (cursor === N) (rng.shuffle(order), (cursor = 0));
        const i = order[cursor++];
        rows.set(sequences.subarray(i * T, (i + 1) * T), b * T);
      }
      const logged = step % log_every === 0 || step === steps;
      const loss = optimizer.minimize(() => sequenceLoss(config, params, rows, P), logged);
      if (loss) {
        log.push({step, loss: (await loss.data())[0]});
        loss.dispose();
        progress?.(step, log[log.length - 1].loss);
      }
    }
  } finally {
    optimizer.dispose();
  }
  return log;
}
