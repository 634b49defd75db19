import {Rng, deriveSeed} from "../random.ts";
import type {World} from "../worlds/feature-world.ts";
import {pairAccuracy, trainRewardModel} from "./bradley-terry.ts";
import type {RewardModelOptions} from "./bradley-terry.ts";
import {bootstrapPairs} from "./preferences.ts";
import type {PreferencePairs} from "./preferences.ts";

export interface EnsembleOptions {
  /** number of members k */
  readonly size: number;
  /** how members differ: "seed" (init only), "bootstrap" (resampled pairs + init), "architecture" (alternating linear / mlp, bootstrap) */
  readonly diversity: "seed" | "bootstrap" | "architecture";
}

/** Per-member facts recorded in the reward_models table. */
export interface MemberReport {
  readonly member: number;
  readonly architecture: string;
  readonly heldoutAccuracy: number;
  readonly trainAccuracy: number;
  readonly trainLoss: number;
}

/** Pool rewards of each member, standardised on pi_0 (the pool): rewards[m][i], i over P * K. */
export interface ScoredEnsemble {
  readonly rewards: Float64Array[];
  readonly members: MemberReport[];
}

/**
 * Trains k Bradley-Terry members and scores the world's pool with each, standardising every
 * member to mean 0 and std 1 under pi_0 before any aggregation (Coste et al.). Member m depends
 * only on (seed, m), so the first k members of a larger ensemble are the k-member ensemble.
 */
export async function trainEnsemble(world: World, train: PreferencePairs, heldout: PreferencePairs, rm: RewardModelOptions, options: EnsembleOptions, seed: number): Promise<ScoredEnsemble> {
  const rewards: Float64Array[] = [];
  const members: MemberReport[] = [];
  for (let m = 0; m < options.size; ++m) {
    const resample = options.diversity !== "seed" && m > 0;
    const data = resample ? bootstrapPairs(train, new Rng(deriveSeed(seed, "bootstrap", m))) : train;
    const architecture = options.diversity === "architecture" ? (m % 2 === 0 ? rm.architecture : otherArchitecture(rm.architecture)) : rm.architecture;
    const model = await trainRewardModel(data, {...rm, architecture}, deriveSeed(seed, "member", m));
    try {
      rewards.push(standardize(await model.score(world.features, world.n)));
      members.push({
        member: m,
        architecture,
        heldoutAccuracy: await pairAccuracy(model, heldout),
        trainAccuracy: await pairAccuracy(model, train),
        trainLoss: model.trainLoss
      });
    } finally {
      model.dispose();
    }
  }
  return {rewards, members};
}

function otherArchitecture(a: RewardModelOptions["architecture"]): RewardModelOptions["architecture"] {
  return a === "linear" ? "mlp" : "linear";
}

/** Maps values to mean 0, standard deviation 1 (population std). */
export function standardize(values: Float64Array): Float64Array {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  const sd = Math.sqrt(variance / n) || 1;
  return values.map((v) => (v - mean) / sd);
}

/** @deprecated Renamed standardize (code identifiers spell -ize, as normalize*); this alias goes at 1.0. */
export const standardise = standardize;
