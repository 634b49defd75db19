/** The feature world (spec kind "pool", the default): a synthetic world with a finite pool of responses per prompt. */
import type {WorldKind} from "../kind.ts";
import {normalizeRunConfig, runId, sections} from "./config.ts";
import type {RunConfig} from "./config.ts";
import {poolGroup} from "./execute.ts";
import {stageKey} from "./stages.ts";

export const poolKind: WorldKind<RunConfig> = {
  sections,
  normalize: normalizeRunConfig,
  runId,
  groupKey: (config) => stageKey("reward_models", config),
  // A pool world is drawn from the run seed: every seed has its own.
  worldKey: (config) => stageKey("world", config),
  group: poolGroup,
  columns: ({world, optimizer, reward_model}) => ({world: world.name, policy: typeof optimizer.policy === "string" ? optimizer.policy : null, reward_source: reward_model.architecture}),
  describe([{config}]) {
    return `${config.world.name} seed ${config.seed} pairs ${config.preferences.pairs} noise ${config.preferences.label_noise}`;
  },
  passCost: ({world}) => world.prompts * world.pool_size
};
