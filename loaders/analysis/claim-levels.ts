/**
 * The levels of the findings table, fixed before any result (issue 20):
 *   primaries: Holm over the spec's declared primary claims at a family-wise error rate of
 *     `familyAlpha` (each primary's interval at its Holm step, multiplicity.ts);
 *   exploratory: each row's own `exploratoryLevel` interval, with a Benjamini-Hochberg q-value.
 * Every interval is the sign test's (sign-test.ts), so a primary needs at least
 * minSeedsForLevel(1 - familyAlpha / primaries) seeds behind it (goodhart validate checks).
 */
export const familyAlpha = 0.05;
export const exploratoryLevel = 0.9;
/** the most primaries a spec may declare: a few questions, not every row */
export const maxPrimaries = 10;
