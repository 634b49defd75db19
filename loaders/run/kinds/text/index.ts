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
  // pi_ref outlives a group: made here once per reference key, before the workers start.
  async prepare(plans, cache, log) {
    for (const key of new Set(plans.map((p) => textStageKey("reference", p.config)))) {
      const plan = plans.find((p) => textStageKey("reference", p.config) === key);
      if (plan) await referenceStage(plan.config, cache, log);
    }
  },
  group: textGroup,
  columns: ({reward, reward_model}) => ({world: "text", policy: "transformer", reward_source: reward.source === "white_box" ? `rer_${reward.variant}` : reward_model?.architecture ?? "learned"}),
  describe(plans) {
    const {config} = plans[0];
    return `text seed ${config.seed} ${config.reward.source === "white_box" ? `white-box ${config.reward.variant}` : `learned ${config.reward_model?.architecture} x${Math.max(...plans.map((p) => p.config.ensemble.size))}`}`;
  },
  passCost: () => 1
};
