import type {FindingRow} from "./rows.js";

/*
 * A finding stated in the direction of its effect. A claim is written one way ("... ends below the
 * initial policy's gold reward"); when its effect is negative the data say the opposite, and the
 * home page says that, instead of "ends below ...: reversed, effect −0.20". The verdicts are
 * symmetric (loaders/analysis/verdict.ts): reversed for a claim is holds for its opposite.
 */

/** The opposite of each claim phrase the engine writes (loaders/analysis/findings-*.ts), both ways. */
const opposites: readonly [string, string][] = [
  ["gold falls after its peak", "gold ends above its peak"],
  ["ends with higher gold reward than", "ends with lower gold reward than"],
  ["ends with higher held-out gold than", "ends with lower held-out gold than"],
  ["ends below the initial policy's gold reward", "ends above the initial policy's gold reward"],
  ["held-out gold rises with the proxy across checkpoints (Spearman rho > 0)", "held-out gold falls as the proxy rises across checkpoints (Spearman rho < 0)"]
];

const flippedVerdict: Record<string, string> = {holds: "reversed", reversed: "holds"};

export type DirectedFinding<F extends FindingRow> = F & {
  /** whether the claim was turned around (its effect is negative and an opposite phrase exists) */
  flipped: boolean;
};

/** The opposite of a claim sentence, or undefined when it has no phrase this module knows. */
export function oppositeClaim(claim: string): string | undefined {
  for (const [a, b] of opposites) {
    if (claim.includes(a)) return claim.replace(a, b);
    if (claim.includes(b)) return claim.replace(b, a);
  }
  return undefined;
}

/**
 * The finding as its data point: a negative effect turns the claim around (effect, interval and
 * verdict mirrored; the seeds in its favour become the others). A claim with no known opposite is kept as is.
 */
export function directed<F extends FindingRow>(f: F): DirectedFinding<F> {
  const opposite = Number(f.effect) < 0 ? oppositeClaim(String(f.claim)) : undefined;
  if (opposite === undefined) return {...f, flipped: false};
  return {
    ...f,
    flipped: true,
    claim: opposite,
    effect: -Number(f.effect),
    lower: -Number(f.upper),
    upper: -Number(f.lower),
    verdict: flippedVerdict[f.verdict] ?? f.verdict,
    seeds_supporting: Number(f.seeds_total) - Number(f.seeds_supporting)
  };
}

/** The findings the home page leads with: role = 'primary' where the table has a role column, else the headline ones. */
export function leadFindings<F extends {headline: boolean; role?: string | null}>(rows: Iterable<F>, {hasRole}: {/** whether the findings tables have a role column */ hasRole: boolean}): F[] {
  return Array.from(rows).filter((f) => (hasRole ? f.role === "primary" : f.headline));
}
