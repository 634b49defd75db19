/** Statistics across ensemble members, per response: the building blocks of the objectives. */

export const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/** Population variance (divides by k), as in Coste et al. */
export const variance = (values: readonly number[]): number => {
  const m = mean(values);
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length;
};

export const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/** f over the members' values at each response: rewards[m][i] -> out[i]. */
export function acrossMembers(rewards: readonly Float64Array[], f: (values: number[]) => number): Float64Array {
  const n = rewards[0].length;
  const out = new Float64Array(n);
  const values = new Array<number>(rewards.length);
  for (let i = 0; i < n; ++i) {
    for (let m = 0; m < rewards.length; ++m) values[m] = rewards[m][i];
    out[i] = f(values);
  }
  return out;
}

const stds = new WeakMap<readonly Float64Array[], Float64Array>();

/**
 * Per-response standard deviation across members (ensemble disagreement); null for one member.
 * Computed once per members array (callers treat score arrays as read-only).
 */
export function memberStd(rewards: readonly Float64Array[]): Float64Array | null {
  if (rewards.length < 2) return null;
  let std = stds.get(rewards);
  if (!std) stds.set(rewards, (std = acrossMembers(rewards, (v) => Math.sqrt(variance(v)))));
  return std;
}
