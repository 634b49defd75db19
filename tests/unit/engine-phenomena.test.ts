// The known results of the overoptimization literature, checked on a small version of the default
// spec (tests/fixtures/phenomena.json: 3 seeds, 16 prompts x 2048 responses, best-of-n up to 1024).
import assert from "node:assert/strict";
import {before, test} from "node:test";
import {runExperiment} from "../../loaders/run/experiment.ts";
import {bestOfNKl, bestOfNKlFinite} from "../../loaders/optimize/best-of-n.ts";

type Row = Record<string, unknown>;
const curves = new Map<string, number[]>(); // "sweep objective" -> seed-mean gold by point order
const proxies = new Map<string, number[]>();
let rows: {runs: Row[]; curves: Row[]};

before(async () => {
  const out = await runExperiment("tests/fixtures/phenomena.json", {cacheDir: null, workers: 2, log: () => {}});
  rows = out.rows;
  const runs = new Map(rows.runs.map((r) => [r.run_id as string, r]));
  const sums = new Map<string, Map<number, number[]>>();
  for (const c of rows.curves) {
    const r = runs.get(c.run_id as string)!;
    const key = `${r.sweep} ${r.objective}`;
    const byPoint = sums.get(key) ?? new Map<number, number[]>();
    sums.set(key, byPoint);
    const cell = byPoint.get(c.point as number) ?? [0, 0, 0];
    byPoint.set(c.point as number, [cell[0] + (c.gold_reward as number), cell[1] + (c.proxy_reward as number), cell[2] + 1]);
  }
  for (const [key, byPoint] of sums) {
    const points = [...byPoint.keys()].sort((a, b) => a - b);
    curves.set(key, points.map((p) => byPoint.get(p)![0] / byPoint.get(p)![2]));
    proxies.set(key, points.map((p) => byPoint.get(p)![1] / byPoint.get(p)![2]));
  }
});

const last = (xs: number[]) => xs[xs.length - 1];
const peak = (xs: number[]) => Math.max(...xs);

test("heavy tails, 500 pairs, 25% flips: single-RM proxy rises monotonically while gold peaks then falls", () => {
  const gold = curves.get("noisy single")!;
  const proxy = proxies.get("noisy single")!;
  for (let i = 1; i < proxy.length; ++i) assert.ok(proxy[i] > proxy[i - 1], `proxy must rise at point ${i}: ${proxy.join(", ")}`);
  assert.ok(peak(gold) > 1, `gold should first rise well above pi_0: ${gold.join(", ")}`);
  assert.ok(last(gold) < peak(gold) - 0.4, `final gold ${last(gold)} should be clearly below its peak ${peak(gold)}`);
});

test("same world: WCO and UWO end with higher gold than mean and than a single member (Coste et al.)", () => {
  const final = (objective: string) => last(curves.get(`noisy ${objective}`)!);
  for (const robust of ["wco", "uwo"]) {
    for (const baseline of ["mean", "single"]) {
      assert.ok(final(robust) > final(baseline) + 0.1, `${robust} final gold ${final(robust)} vs ${baseline} ${final(baseline)}`);
    }
  }
});

test("extremal-length world: gold falls for every objective, ensembles included (shared error)", () => {
  for (const objective of ["single", "mean", "wco", "uwo"]) {
    const gold = curves.get(`extremal ${objective}`)!;
    assert.ok(last(gold) < peak(gold) - 0.5, `${objective}: final ${last(gold)} vs peak ${peak(gold)}`);
  }
});

test("clean labels and 10x the pairs: gold is close to monotone", () => {
  const gold = curves.get("clean-10x single")!;
  for (let i = 1; i < gold.length; ++i) assert.ok(gold[i] > gold[i - 1] - 0.05, `gold dips at point ${i}: ${gold.join(", ")}`);
  assert.ok(last(gold) >= peak(gold) - 0.05);
});

test("best-of-n KL values are the exact finite-pool KL, a little above log n - (n - 1) / n", () => {
  const runOf = (c: Row) => rows.runs.find((r) => r.run_id === c.run_id)!;
  const bon = rows.curves.filter((c) => runOf(c).optimizer === "best_of_n");
  assert.ok(bon.length > 0);
  for (const c of bon) {
    const K = JSON.parse(String(runOf(c).config_json)).world.pool_size as number;
    assert.equal(c.kl, bestOfNKlFinite(K, c.point as number));
    assert.ok((c.kl as number) >= bestOfNKl(c.point as number));
  }
  // Hand values (Gao et al.): n = 8 -> 1.204, 64 -> 3.175, 1000 -> 5.909 nats.
  assert.equal(bestOfNKl(8).toFixed(3), "1.204");
  assert.equal(bestOfNKl(64).toFixed(3), "3.175");
  assert.equal(bestOfNKl(1000).toFixed(3), "5.909");
});
