// The page-facing sample views: groups by configuration, bins that a hand count and a naive loop
// agree on, compact points ordered by group, and Arrow encodings valid against their declarations.
import assert from "node:assert/strict";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import seedrandom from "seedrandom";
import {binOf, sampleViewRows} from "../../loaders/analysis/sample-views.ts";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {sampleViewTables} from "../../loaders/io/schema/index.ts";

type Row = Record<string, unknown>;

const run = (run_id: string, seed: number, objective: string, status = "ok"): Row => ({
  run_id, world: "heavy_tailed", optimizer: "best_of_n", objective, objective_param: null, ensemble_size: 3, n_pairs: 100, label_noise: 0,
  seed, status, config_json: JSON.stringify({seed, objective})
});
const runs = [run("a1", 1, "mean"), run("b1", 1, "wco"), run("a2", 2, "mean"), run("f1", 3, "mean", "failed")];
const curves = ["a1", "a2", "b1", "f1"].flatMap((run_id) => [1, 4].map((point) => ({run_id, point, sqrt_kl: point / 2})));
const sample = (run_id: string, point: number, proxy_reward: number, gold_reward: number, length = 1, nuisance_max_abs: number | null = 2): Row => ({run_id, point, proxy_reward, gold_reward, length, nuisance_max_abs});

test("sample views: hand-counted bins on a 2 x 2 grid per world and optimizer", () => {
  const samples = [
    sample("b1", 1, 0.5, 0.5), // group 1 (wco), top right
    sample("a1", 1, -1, -2), // group 0 (mean), bottom left: the grid's corner
    sample("a2", 4, 1, 2, 3, null), // group 0, top right: the grid's far corner stays in the last bin
    sample("a1", 4, 0, 0, 5, 4), // group 0: (0 - -1) / 2 * 2 = 1 -> bin 1 on both axes
    sample("f1", 1, 9, 9), // a failed run: left out, and not in the grid's extent
    sample("zz", 1, 9, 9) // no such run
  ];
  const {sample_groups, sample_points, sample_bins} = sampleViewRows({runs, curves, samples}, {bins: 2});
  assert.deepEqual(sample_groups.map((g) => [g.group_id, g.objective, g.rows, g.x_min, g.x_max, g.y_min, g.y_max, g.bins]), [
    [0, "mean", 3, -1, 1, -2, 2, 2],
    [1, "wco", 1, -1, 1, -2, 2, 2]
  ]);
  assert.deepEqual(sample_points.map((p) => [p.group_id, p.proxy_reward, p.sqrt_kl]), [[0, -1, 0.5], [0, 1, 2], [0, 0, 2], [1, 0.5, 0.5]]);
  assert.deepEqual(sample_bins, [
    {group_id: 0, bx: 0, by: 0, count: 1, sqrt_kl: 0.5, length: 1, nuisance_max_abs: 2},
    {group_id: 0, bx: 1, by: 1, count: 2, sqrt_kl: 2, length: 4, nuisance_max_abs: 4},
    {group_id: 1, bx: 1, by: 1, count: 1, sqrt_kl: 0.5, length: 1, nuisance_max_abs: 2}
  ]);
});

test("sample views: bins match a naive count over every cell, and encode against their declarations", () => {
  const random = seedrandom("sample-views");
  const samples = Array.from({length: 2000}, (_, i) => sample(["a1", "a2", "b1"][i % 3]!, i % 2 ? 1 : 4, 6 * random() - 2, 8 * random() ** 2 - 3, random(), random() < 0.1 ? null : random()));
  const bins = 7;
  const views = sampleViewRows({runs, curves, samples}, {bins});
  const xs = samples.map((s) => Number(s.proxy_reward)), ys = samples.map((s) => Number(s.gold_reward));
  const [x0, x1, y0, y1] = [Math.min(0, ...xs), Math.max(0, ...xs), Math.min(0, ...ys), Math.max(0, ...ys)];
  const groupOf = (id: unknown) => (id === "b1" ? 1 : 0);
  for (const g of [0, 1]) {
    for (let bx = 0; bx < bins; ++bx) {
      for (let by = 0; by < bins; ++by) {
        const inside = samples.filter((s) => {
          const x = Number(s.proxy_reward), y = Number(s.gold_reward);
          const inX = x >= x0 + (bx * (x1 - x0)) / bins && (bx === bins - 1 ? x <= x1 : x < x0 + ((bx + 1) * (x1 - x0)) / bins);
          const inY = y >= y0 + (by * (y1 - y0)) / bins && (by === bins - 1 ? y <= y1 : y < y0 + ((by + 1) * (y1 - y0)) / bins);
          return groupOf(s.run_id) === g && inX && inY;
        });
        const row = views.sample_bins.find((b) => b.group_id === g && b.bx === bx && b.by === by);
        assert.equal(row?.count ?? 0, inside.length, `group ${g} bin ${bx},${by}`);
        if (row) assert.ok(Math.abs(row.length - inside.reduce((a, s) => a + Number(s.length), 0) / inside.length) < 1e-12);
      }
    }
  }
  assert.equal(views.sample_points.length, 2000);
  for (const [name, spec] of Object.entries(sampleViewTables)) {
    const bytes = encodeRows(spec, views[name as keyof typeof sampleViewTables]);
    const table = tableFromIPC(bytes);
    assert.deepEqual(table.schema.fields.map((f) => f.name), spec.columns.map((c) => c.name), name);
    assert.equal(table.numRows, views[name as keyof typeof sampleViewTables].length);
  }
});

test("binOf: edges, the closed last bin, and a zero-width range", () => {
  assert.deepEqual([binOf(0, 0, 1, 4), binOf(0.25, 0, 1, 4), binOf(0.999, 0, 1, 4), binOf(1, 0, 1, 4), binOf(5, 5, 5, 4)], [0, 1, 3, 3, 0]);
});
