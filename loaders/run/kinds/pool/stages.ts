/**
 * The stages a run goes through, each with the config fields its result depends on:
 *   world -> reference policy -> preference data -> reward models -> (per run) objective ->
 *   optimise -> evaluate and sample.
 * Runs whose keys agree for a stage share that stage's result: the engine groups runs by the
 * reward-model key (spec/spec.ts, groupRuns) and computes each group's world, pi_0, pairs and
 * members once (execute.ts, poolGroup); everything after is per run and cached by run_id.
 */
import {canonicalJson} from "../../spec/config.ts";
import type {RunConfig} from "./config.ts";

export interface Stage {
  /** what the stage computes */
  readonly doc: string;
  /** the part of a run's config the stage's result depends on */
  depends(config: RunConfig): Readonly<Record<string, unknown>>;
}

export const stages = {
  world: {doc: "the world: prompts, response pools and their gold reward", depends: ({seed, world}) => ({seed, world})},
  reference: {doc: "the reference policy pi_0 (for a pool world, uniform over each pool)", depends: ({seed, world}) => ({seed, world})},
  preferences: {doc: "labelled training pairs and clean held-out pairs", depends: ({seed, world, preferences}) => ({seed, world, preferences})},
  reward_models: {
    doc: "the reward-model members (or BRME heads), as many as the group's largest ensemble: member m depends only on the seed and m, so smaller ensembles are its first members",
    depends: ({seed, world, preferences, reward_model, ensemble}) => ({seed, world, preferences, reward_model, diversity: ensemble.diversity})
  }
} as const satisfies Record<string, Stage>;

export type StageName = keyof typeof stages;

/** The sharing key of `stage` for a run: runs with equal keys share the stage's result. */
export function stageKey(stage: StageName, config: RunConfig): string {
  return canonicalJson({stage, ...stages[stage].depends(config)});
}
