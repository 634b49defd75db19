/**
 * The reference policy pi_ref: a transformer initialised from a seed and fine-tuned on the text
 * world's demonstrations (sft.ts), returned as frozen tensors that RL policies start from and
 * measure KL against. Save it with saveCheckpoint (weights.ts).
 */
import {tf} from "../../tf.ts";
import type {TextWorld} from "../../worlds/text/world.ts";
import {lmConfig} from "./config.ts";
import type {LmConfig} from "./config.ts";
import {supervisedFineTune} from "./sft.ts";
import type {SftOptions} from "./sft.ts";
import {disposeWeights, initWeights, toTensors, toVariables} from "./weights.ts";
import type {LmWeights} from "./weights.ts";

export interface ReferenceOptions {
  /** seed of the initial weights and of the minibatches */
  readonly seed: number;
  /** model size over lmConfig's defaults (vocab and context come from the world) */
  readonly model?: Partial<Omit<LmConfig, "vocab" | "context">>;
  /** SFT settings over supervisedFineTune's defaults */
  readonly sft?: Omit<SftOptions, "seed">;
}

export async function trainReference(world: TextWorld, {seed, model = {}, sft = {}}: ReferenceOptions): Promise<{config: LmConfig; weights: LmWeights; losses: {step: number; loss: number}[]}> {
  const config = lmConfig({...model, vocab: world.vocabulary.words.length, context: world.layout.context});
  const initial = toTensors(config, initWeights(config, seed));
  const params = toVariables(initial);
  disposeWeights(initial);
  try {
    const losses = await supervisedFineTune(config, params, world, {...sft, seed});
    const weights: LmWeights = Object.fromEntries(Object.entries(params).map(([name, v]) => [name, tf.clone(v)]));
    return {config, weights, losses};
  } finally {
    disposeWeights(params);
  }
}
