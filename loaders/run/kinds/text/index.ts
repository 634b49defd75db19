/** The text world (spec kind "text"): a language model fine-tuned on the world's demonstrations, then RL-tuned. */
import type {WorldKind} from "../kind.ts";
import {normalizeTextRunConfig, textRunId, textSections, textStageKey} from "./config.ts";
import type {TextRunConfig} from "./config.ts";
import {textGroup} from "./execute.ts";
import {referenceStage} from "./reference.ts";

export const textKind: WorldKind<TextRunConfig> = {
  sections: textSections,
  normalize: normalizeTextRunConfig,
  runId: textRunId,
  groupKey: (config) => textStageKey("reward_models", config),
  // One world for every seed, or one per seed when world.seed is "per_seed" (config.ts).
  worldKey: (config) => textStageKey("world", config),
  // pi_ref outlives a group: made once per reference key (per world), before the groups start.
  stagePlans(plans, cache) {
    const first = new Map<string, (typeof plans)[number]>();
    for (const plan of plans) {
      const key = textStageKey("reference", plan.config);
      if (!first.has(key) && cache?.get("reference", key) === undefined) first.set(key, plan);
    }
    return [...first.values()];
  },
  async stage(plan, cache, log) {
    await referenceStage(plan.config, cache, log);
  },
  group: textGroup,
  columns: ({reward, reward_model}) => ({world: "text", policy: "transformer", reward_source: reward.source === "white_box" ? `rer_${reward.variant}` : reward_model?.architecture ?? "learned"}),
  describe(plans) {
    const {config} = plans[0];
    return `text seed ${config.seed} ${config.reward.source === "white_box" ? `white-box ${config.reward.variant}` : `learned ${config.reward_model?.architecture} x${Math.max(...plans.map((p) => p.config.ensemble.size))}`}`;
  },
  passCost: () => 1
};
