/** A curve of one seed: gold (or any metric) by curve point. */
export type SeedCurve = ReadonlyMap<number, number>;

export interface HeldOutFall {
  /** per measured seed: its value at the chosen peak minus its value at the last point */
  falls: Map<number, number>;
  /** the seeds whose mean curve chose the peak (never measured) */
  chosenOn: number[];
  /** the argmax of their seed-mean curve */
  peak: number;
  /** the last point shared by every seed */
  last: number;
}

/**
 * Fall from the peak without selection bias: seeds (sorted) alternate between a choosing half
 * (odd positions) and a measured half (even positions, so the measured half is the larger one when
 * the count is odd). The peak is the argmax of the choosing half's seed-mean curve; each measured
 * seed's fall is its value there minus its value at the last point. Given the peak, the measured
 * falls are independent, so a t-interval over them keeps its coverage; choosing the peak on the
 * seeds it is measured on biases the fall upward (the max of noisy means), and cross-fitting both
 * ways correlates the halves (both inflate when they pick the same point) and undercovers.
 * With one seed it chooses and measures on that seed.
 */
export function heldOutFall(curves: ReadonlyMap<number, SeedCurve>): HeldOutFall {
  const seeds = [...curves.keys()].sort((a, b) => a - b);
  if (seeds.length === 0) throw new Error("invalid curves: no seeds (expected one curve per seed)");
  const points = [...curves.get(seeds[0])!.keys()].filter((p) => seeds.every((s) => curves.get(s)!.has(p))).sort((a, b) => a - b);
  if (points.length === 0) throw new Error("invalid curves: no point shared by every seed");
  const last = points.at(-1)!;
  const measured = seeds.filter((_, i) => i % 2 === 0);
  const chosenOn = seeds.length > 1 ? seeds.filter((_, i) => i % 2 === 1) : measured;
  let peak = points[0], best = -Infinity;
  for (const p of points) {
    const mean = chosenOn.reduce((s, seed) => s + curves.get(seed)!.get(p)!, 0) / chosenOn.length;
    if (mean > best) (peak = p), (best = mean);
  }
  const falls = new Map(measured.map((seed) => [seed, curves.get(seed)!.get(peak)! - curves.get(seed)!.get(last)!]));
  return {falls, chosenOn, peak, last};
}

/**
 * The held-out falls as a claim's per-seed values, and why they measure nothing when the choosing
 * half's peak is the last point (every measured fall is then 0 by construction: not_tested).
 */
export function fallValues(curves: ReadonlyMap<number, SeedCurve>): {values: number[]; notTested: string | null} {
  const h = heldOutFall(curves);
  const values = [...h.falls.keys()].sort((a, b) => a - b).map((s) => h.falls.get(s)!);
  return {values, notTested: h.peak === h.last ? `no interior peak: the choosing seeds' mean curve peaks at its last point (${h.last}), so there is no fall to measure` : null};
}
