type Finding = {finding_id: string; claim: string; verdict: string; effect: number; lower: number; upper: number; seeds_supporting: number; seeds_total: number};

export interface FindingsComparison {
  /** ids in both runs, with both verdicts */
  matched: {a: Finding; b: Finding}[];
  /** a finding that holds in one run and is reversed in the other */
  reversed: {a: Finding; b: Finding}[];
  /** ids present in only one run */
  onlyA: Finding[];
  onlyB: Finding[];
  /** whether the check passes: every id in both, no verdict reversed */
  ok: boolean;
}

const opposite = (x: string, y: string) => (x === "holds" && y === "reversed") || (x === "reversed" && y === "holds");

/** Compares the findings of two reruns of a spec with disjoint seeds (the reseeding check). */
export function compareFindings(a: readonly Finding[], b: readonly Finding[]): FindingsComparison {
  const byId = new Map(b.map((f) => [f.finding_id, f]));
  const ids = new Set(a.map((f) => f.finding_id));
  const matched = a.filter((f) => byId.has(f.finding_id)).map((f) => ({a: f, b: byId.get(f.finding_id)!}));
  const reversed = matched.filter(({a, b}) => opposite(a.verdict, b.verdict));
  const onlyA = a.filter((f) => !byId.has(f.finding_id));
  const onlyB = b.filter((f) => !ids.has(f.finding_id));
  return {matched, reversed, onlyA, onlyB, ok: reversed.length === 0 && onlyA.length === 0 && onlyB.length === 0};
}
