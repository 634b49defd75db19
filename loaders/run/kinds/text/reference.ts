/**
 * The stages the groups of one world share: the text world with its corpus embedding (per
 * process), and pi_ref, the transformer fine-tuned on the demonstrations (per process, and across
 * processes and invocations through the stage cache). A spec whose world follows the run seed
 * (world.seed "per_seed", config.ts) has one of each per seed; the executor makes the pi_refs
 * still missing from the cache on the workers, one world per worker at a time, before the groups.
 */
import {deriveSeed} from "../../../random.ts";
import {generateTextWorld} from "../../../worlds/text/world.ts";
import type {TextWorld} from "../../../worlds/text/world.ts";
import type {LmConfig} from "../../../policy/lm/config.ts";
import {trainReference} from "../../../policy/lm/reference.ts";
import {disposeWeights, loadCheckpoint, readWeights, saveCheckpoint} from "../../../policy/lm/weights.ts";
import {trainTextEmbedding} from "../../../reward/text-embedding.ts";
import type {TextEmbedding} from "../../../reward/text-embedding.ts";
import type {StageCache} from "../../store/stage-cache.ts";
import {sftSeed, textStageKey, worldSeed} from "./config.ts";
import type {TextRunConfig} from "./config.ts";

export interface WorldStage {
  readonly world: TextWorld;
  readonly embedding: TextEmbedding;
}

/** pi_ref's weights as plain arrays, with its model config. */
export interface Checkpoint {
  readonly config: LmConfig;
  readonly values: Record<string, Float32Array>;
}

// Per process: a worker executes many groups of one spec, which share the world and pi_ref.
const worlds = new Map<string, WorldStage>();
const references = new Map<string, Promise<Checkpoint>>();

export function worldStage(config: TextRunConfig): WorldStage {
  const key = textStageKey("world", config);
  let stage = worlds.get(key);
  if (!stage) {
    const {name: _, seed: __, ...options} = config.world;
    const seed = worldSeed(config);
    const world = generateTextWorld(seed, options);
    worlds.set(key, (stage = {world, embedding: trainTextEmbedding(world, deriveSeed(seed, "embedding"))}));
  }
  return stage;
}

/**
 * pi_ref's checkpoint for a config: from this process, else the stage cache, else trained now
 * (and saved to the cache). `log` reports SFT's progress.
 */
export function referenceStage(config: TextRunConfig, cache: StageCache | null, log: ((line: string) => void) | null = null): Promise<Checkpoint> {
  const key = textStageKey("reference", config);
  let pending = references.get(key);
  if (!pending) {
    pending = (async () => {
      const hit = cache?.get("reference", key);
      if (hit) return loadCheckpoint(hit);
      const {world} = worldStage(config);
      const start = performance.now();
      const {sft, policy} = config;
      const which = `world seed ${worldSeed(config)}, sft seed ${sftSeed(config)}`;
      log?.(`goodhart: supervised fine-tuning of the reference policy (${sft.steps} steps x ${sft.batch} sequences, d_model ${policy.d_model}, ${policy.layers} layers; ${which})`);
      const trained = await trainReference(world, {
        seed: sftSeed(config),
        model: policy,
        sft: {steps: sft.steps, batch: sft.batch, learning_rate: sft.learning_rate, log_every: Math.max(1, Math.round(sft.steps / 10)), progress: log ? (step, loss) => log(`goodhart: SFT (${which}) step ${step}/${sft.steps}: loss ${loss.toFixed(3)} nats/token (${((performance.now() - start) / 1000).toFixed(0)}s)`) : undefined}
      });
      try {
        const values = await readWeights(trained.weights);
        cache?.set("reference", key, await saveCheckpoint(trained.config, trained.weights));
        return {config: trained.config, values};
      } finally {
        disposeWeights(trained.weights);
      }
    })();
    references.set(key, pending);
    pending.catch(() => references.delete(key));
  }
  return pending;
}

