export type Finding = {finding_id: string; claim: string; role?: string; verdict: string; effect: number | null; lower: number | null; upper: number | null; interval_level: number; seeds_supporting: number; seeds_total: number};

export interface FindingsComparison {
  /** ids in both runs, with both verdicts */
  matched: {a: Finding; b: Finding}[];
  /** findings that reverse (reversal): a directional verdict in one run, the other direction in the other */
  reversed: {a: Finding; b: Finding}[];
  /** ids present in only one run */
  onlyA: Finding[];
  onlyB: Finding[];
  /** whether the check passes: every id in both, no primary claim reversed (an exploratory reversal is reported, never a failure) */
  ok: boolean;
}

const sign: Readonly<Record<string, number | undefined>> = {holds: 1, reversed: -1};

/**
 * Whether a finding reverses between two reruns (issue 9: "holds in one, reversed or opposite sign
 * in the other"): one run states a direction (holds: > 0, reversed: < 0) and the other states the
 * opposite direction, or its estimate has the opposite sign, whatever its verdict (negligible and
 * not_separable included). Moving between a direction and negligible or not_separable with an
 * estimate of the same sign is not a reversal: the seeds settle the claim in one run and not in
 * the other. Two negligible or not_separable verdicts never reverse, nor does a not_tested one.
 */
export function reverses(a: Finding, b: Finding): boolean {
  if (a.verdict === "not_tested" || b.verdict === "not_tested") return false; // a measurement that did not happen reverses nothing
  const against = (x: Finding, y: Finding) => {
    const s = sign[x.verdict];
    return s !== undefined && (sign[y.verdict] === -s || Math.sign(y.effect ?? NaN) === -s);
  };
  return against(a, b) || against(b, a);
}

/** Compares the findings of two reruns of a spec with disjoint seeds (the reseeding check). */
export function compareFindings(a: readonly Finding[], b: readonly Finding[]): FindingsComparison {
  const byId = new Map(b.map((f) => [f.finding_id, f]));
  const ids = new Set(a.map((f) => f.finding_id));
  const matched = a.filter((f) => byId.has(f.finding_id)).map((f) => ({a: f, b: byId.get(f.finding_id)!}));
  const reversed = matched.filter(({a, b}) => reverses(a, b));
  const onlyA = a.filter((f) => !byId.has(f.finding_id));
  const onlyB = b.filter((f) => !ids.has(f.finding_id));
  return {matched, reversed, onlyA, onlyB, ok: !reversed.some(({a}) => a.role === "primary") && onlyA.length === 0 && onlyB.length === 0};
}
