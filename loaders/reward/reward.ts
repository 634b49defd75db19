/**
 * The Reward interface: what every proxy (a learned ensemble, a BRME, a white-box reward) offers an
 * optimiser. A reward scores a batch of responses of its world's kind (pool items here, token
 * sequences for a language model) and returns one reward per member, plus one sigma per member
 * for members that report their own uncertainty (BRME heads). Objectives (objectives.ts) turn
 * these scores into the one proxy the optimiser maximises.
 */
import {isAllItems} from "../worlds/pool.ts";
import type {PoolItems} from "../worlds/pool.ts";

/** Scores of a batch of n responses: rewards[m][i] for member m and response i. */
export interface RewardScores {
  /** per-member rewards, standardised on the reference policy (mean 0, std 1 under pi_0) */
  readonly rewards: readonly Float64Array[];
  /** per-member sigma in the same units (BRME heads), null when members report none */
  readonly sigmas: readonly Float64Array[] | null;
}

/** A proxy reward over responses of type Y. */
export interface Reward<Y> {
  /** members scored per response (1 for a single reward model or a white-box reward) */
  readonly size: number;
  /** "linear", "mlp", "brme", or the white-box reward's name: recorded as runs.reward_source */
  readonly source: string;
  score(responses: Y): RewardScores | Promise<RewardScores>;
}


/**
 * A reward over a finite pool whose members have scored every item already (rewards[m][item],
 * and sigmas[m][item] for BRME): scoring a batch gathers the batch's items.
 */
export function poolReward(source: string, rewards: readonly Float64Array[], sigmas: readonly Float64Array[] | null = null): Reward<PoolItems> {
  if (rewards.length === 0) throw new Error("invalid rewards: no members (expected at least one member's scores)");
  if (sigmas && sigmas.length !== rewards.length) throw new Error(`invalid sigmas: ${sigmas.length} for ${rewards.length} members (expected one per member)`);
  const gather = (column: Float64Array, items: PoolItems) => Float64Array.from(items, (item) => column[item]);
  const n = rewards[0].length;
  // The whole pool in order (pi_0's responses, scored once per run by several consumers) is the
  // members' own arrays: one object, so per-object caches (memberStd, objectives) hit.
  const all: RewardScores = {rewards, sigmas};
  return {
    size: rewards.length,
    source,
    score: (items) => (isAllItems(items, n) ? all : {rewards: rewards.map((r) => gather(r, items)), sigmas: sigmas ? sigmas.map((s) => gather(s, items)) : null})
  };
}

/**
 * `reward` with each member mapped affinely to mean 0, std 1 over `reference` (pi_ref's responses,
 * scored once here): r' = (r - mean_m) / sd_m. A positive affine map per member: rankings, and so
 * rank correlations with gold, are unchanged. Sigmas, if any, are divided by sd_m.
 */
export async function standardizedReward<Y>(reward: Reward<Y>, reference: Y): Promise<Reward<Y>> {
  const scores = await reward.score(reference);
  const stats = scores.rewards.map((r) => {
    const mean = r.reduce((s, v) => s + v, 0) / r.length;
    const sd = Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / r.length) || 1;
    return {mean, sd};
  });
  return {
    size: reward.size,
    source: reward.source,
    async score(responses) {
      const s = await reward.score(responses);
      return {
        rewards: s.rewards.map((r, m) => r.map((v) => (v - stats[m].mean) / stats[m].sd)),
        sigmas: s.sigmas ? s.sigmas.map((r, m) => r.map((v) => v / stats[m].sd)) : null
      };
    }
  };
}
