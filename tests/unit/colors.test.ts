// One colour per objective on every page: the colour of a configuration does not depend on which
// other configurations a chart shows.
import assert from "node:assert/strict";
import {test} from "node:test";
import {objectiveColor, objectiveColors} from "../../src/components/colors.ts";

test("a listed objective keeps its colour whatever else the chart shows", () => {
  const a = objectiveColors(["single", "mean", "wco", "uwo"]);
  const b = objectiveColors(["uwo (0.5)", "single, beta 1", "wco x5"]);
  const colour = (scale: {domain: string[]; range?: string[]}, label: string) => scale.range![scale.domain.indexOf(label)];
  assert.equal(colour(a, "single"), colour(b, "single, beta 1"));
  assert.equal(colour(a, "wco"), colour(b, "wco x5"));
  assert.equal(colour(a, "uwo"), objectiveColor("uwo (0.5)"));
});

test("unlisted objectives get distinct colours, none a listed objective's in the same chart", () => {
  const s = objectiveColors(["single", "foo", "bar", "baz"]);
  assert.equal(new Set(s.range).size, 4);
  assert.equal(s.range![0], objectiveColor("single"));
});

test("labels sharing an objective (several ensemble sizes) fall back to Plot's colours rather than one colour for all", () => {
  assert.equal(objectiveColors(["wco x3", "wco x5"]).range, undefined);
});
