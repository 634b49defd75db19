/**
 * Examples of a text world for the White-box rewards page (io/schema/text.ts, text_world): the
 * first open-ended and closed-ended prompts of each split, and demonstrations of the corpus with
 * each flaw (drift off topic, a repeated sentence, a wrong answer) next to clean ones. Chosen by
 * position in the world's lists, so the same world gives the same examples.
 */
import type {TextWorld} from "../worlds/text/world.ts";

type Row = Record<string, unknown>;

export function textWorldExamples(world: TextWorld, {prompts = 3, demonstrations = 2}: {prompts?: number; demonstrations?: number} = {}): Row[] {
  const rows: Row[] = [];
  const heldout = new Set(world.heldout);
  const promptColumns = (id: number) => {
    const p = world.prompts[id];
    return {split: heldout.has(id) ? "heldout" : "train", prompt_id: id, prompt_kind: p.kind, prompt_text: p.text, reference: p.reference};
  };
  for (const split of [world.train, world.heldout]) {
    for (const kind of ["open", "closed"] as const) {
      for (const id of Array.from(split).filter((i) => world.prompts[i].kind === kind).slice(0, prompts)) {
        rows.push({example: rows.length, kind: "prompt", ...promptColumns(id), text: null, flaws: null});
      }
    }
  }
  const flawsOf = (d: TextWorld["demonstrations"][number]) => (["drift", "repetition", "wrong"] as const).filter((f) => d.flaws[f]);
  const picks: number[] = [];
  for (const wanted of ["drift", "repetition", "wrong", "none"] as const) {
    let found = 0;
    world.demonstrations.forEach((d, i) => {
      const flaws = flawsOf(d);
      const match = wanted === "none" ? flaws.length === 0 : flaws.length === 1 && flaws[0] === wanted;
      if (match && found < demonstrations && !picks.includes(i)) (picks.push(i), ++found);
    });
  }
  for (const i of picks) {
    const d = world.demonstrations[i];
    const flaws = flawsOf(d);
    rows.push({example: rows.length, kind: "demonstration", ...promptColumns(d.prompt), text: d.text, flaws: flaws.length ? flaws.join(", ") : "none"});
  }
  return rows;
}
