/**
 * The nominal reward and its uncertainty per response, for the objectives that use them (robust,
 * uncertainty_penalized): for members with their own sigma (BRME heads, Yan et al. 2024), the mean
 * of the head with the smallest sigma there; for a plain ensemble, the member mean and the std
 * across members.
 */
import {acrossMembers, mean, memberStd} from "./aggregate.ts";
import type {RewardScores} from "./reward.ts";

export interface Nominal {
  /** nominal reward per response (standardised like the members) */
  readonly nominal: Float64Array;
  /** its uncertainty per response (same units); null for a single plain member */
  readonly sigma: Float64Array | null;
}

export function nominalOf({rewards, sigmas}: RewardScores): Nominal {
  if (sigmas) {
    const {nominal, sigma} = nominalReward(rewards, sigmas);
    return {nominal, sigma};
  }
  return {nominal: acrossMembers(rewards, mean), sigma: memberStd(rewards)};
}

/**
 * Per response, the mean of the head with the smallest sigma (the first such head on ties).
 * mus[i][item], sigmas[i][item] -> nominal reward, its sigma and the chosen head, per item.
 */
export function nominalReward(mus: readonly Float64Array[], sigmas: readonly Float64Array[]): {nominal: Float64Array; sigma: Float64Array; head: Int32Array} {
  if (mus.length === 0 || mus.length !== sigmas.length) throw new Error(`invalid heads: ${mus.length} means and ${sigmas.length} sigmas (expected the same number, at least 1)`);
  const n = mus[0].length;
  const nominal = new Float64Array(n);
  const sigma = new Float64Array(n);
  const head = new Int32Array(n);
  for (let item = 0; item < n; ++item) {
    let best = 0;
    for (let i = 1; i < sigmas.length; ++i) if (sigmas[i][item] < sigmas[best][item]) best = i;
    head[item] = best;
    nominal[item] = mus[best][item];
    sigma[item] = sigmas[best][item];
  }
  return {nominal, sigma, head};
}
