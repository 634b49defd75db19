// The home page's findings: each stated in the direction of its effect (no "ends below ...:
// reversed"), the lead rows by role when the tables have one, else the headline rows.
import assert from "node:assert/strict";
import {test} from "node:test";
import {directed, leadFindings, oppositeClaim} from "../../src/components/directed.ts";

const row = (claim: string, effect: number, lower: number, upper: number, verdict: string, supporting = 2) =>
  ({kind: "ends_below_start", claim, effect, lower, upper, verdict, interval_level: 0.99, seeds_supporting: supporting, seeds_total: 10, sesoi: 0.1});

test("a negative effect turns the claim around, with its interval, verdict and seeds", () => {
  const f = directed(row("RL on the language model against li ends with lower held-out gold than the reference policy.", -0.2, -0.35, -0.05, "reversed"));
  assert.equal(f.claim, "RL on the language model against li ends with higher held-out gold than the reference policy.");
  assert.deepEqual([f.flipped, f.effect, f.lower, f.upper, f.verdict, f.seeds_supporting], [true, 0.2, 0.05, 0.35, "holds", 8]);
  const below = directed(row("Best-of-n against WCO ends below the initial policy's gold reward (x).", -0.75, -1.68, 0.18, "not_separable", 4));
  assert.equal(below.claim, "Best-of-n against WCO ends above the initial policy's gold reward (x).");
  assert.deepEqual([below.lower, below.upper, below.verdict, below.seeds_supporting], [-0.18, 1.68, "not_separable", 6]);
});

test("a positive effect, or a claim with no known opposite, stays as written", () => {
  const up = row("Best-of-n against the single reward model: gold falls after its peak (x).", 0.77, 0.6, 0.94, "holds", 10);
  assert.deepEqual(directed(up), {...up, flipped: false});
  const unknown = row("Something new happens.", -1, -2, -0.5, "reversed");
  assert.deepEqual(directed(unknown), {...unknown, flipped: false});
  for (const claim of ["a ends with higher gold reward than b", "rho: held-out gold rises with the proxy across checkpoints (Spearman rho > 0).", "x: gold falls after its peak"]) {
    assert.equal(oppositeClaim(oppositeClaim(claim)!), claim, "turning around twice gives the claim back");
  }
});

test("lead findings: role = primary when the tables have a role column, else headline", () => {
  const rows = [{id: 1, headline: true, role: "exploratory"}, {id: 2, headline: false, role: "primary"}, {id: 3, headline: true, role: null}];
  assert.deepEqual(leadFindings(rows, {hasRole: true}).map((r) => r.id), [2]);
  assert.deepEqual(leadFindings(rows, {hasRole: false}).map((r) => r.id), [1, 3]);
});
