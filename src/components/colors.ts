/*
 * Colours the pages share, so a configuration or a verdict has one colour on every page: the
 * objectives (single, mean, wco, uwo, ...) and the findings' verdicts.
 */

/** Objectives in the order the pages list them, and their colours (Observable 10). */
export const objectiveOrder = ["single", "mean", "wco", "uwo", "mean_minus_std", "brme"] as const;
const palette = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5", "#9c6b4e", "#9498a0"];

/** The colour of a configuration: its objective's (the first word of its label), the same on every page. */
export function objectiveColor(label: string): string {
  const objective = String(label).split(/[\s,(]/)[0];
  const i = (objectiveOrder as readonly string[]).indexOf(objective);
  return i >= 0 ? palette[i] : palette[palette.length - 1];
}

/**
 * A colour scale for configuration labels: each label in its objective's colour when no two labels
 * share an objective; else (several ensemble sizes of one objective, say) Plot's default colours.
 */
export function objectiveColors(labels: readonly string[]) {
  const objectives = labels.map((l) => String(l).split(/[\s,(]/)[0]);
  if (new Set(objectives).size < labels.length) return {domain: [...labels], legend: true};
  // Objectives this module does not list take the colours no listed objective here uses, in order.
  const known = objectives.map((o) => (objectiveOrder as readonly string[]).indexOf(o));
  const free = palette.filter((_, i) => !known.includes(i) && i >= objectiveOrder.length).concat(palette.filter((_, i) => !known.includes(i) && i < objectiveOrder.length).reverse());
  let next = 0;
  return {domain: [...labels], range: known.map((i) => (i >= 0 ? palette[i] : free[next++ % free.length])), legend: true};
}

/** The verdicts' colours: holds green, reversed red, not separable grey, negligible blue. */
export const verdictColors = {
  domain: ["holds", "reversed", "not_separable", "negligible"],
  range: ["#3ca951", "#ff725c", "#9498a0", "#4269d0"],
  tickFormat: (v: string) => (v === "not_separable" ? "not separable" : v)
};
