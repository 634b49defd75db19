// The policy-gradient derived tables: built from runs columns (never from config_json's
// parameters), valid against their declarations, and stable as Arrow streams.
import assert from "node:assert/strict";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {rlSummaryTables} from "../../loaders/analysis/rl-summary.ts";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {rlTables} from "../../loaders/io/schema/index.ts";

type Row = Record<string, unknown>;

const run = (run_id: string, seed: number, kl_coef: number): Row => ({
  run_id, sweep: "s", optimizer: "rloo", objective: "mean", objective_param: null, reward_source: "linear", ensemble_size: 3, label_noise: 0,
  kl_coef, kl_control: "fixed", seed, config_json: JSON.stringify({seed, optimizer: {name: "rloo", kl_coef}})
});
const runs = [run("a1", 1, 0.05), run("a2", 2, 0.05), run("b1", 1, 0.5)];
const curves = runs.flatMap(({run_id, seed}, r) =>
  [0, 10, 20, 30].map((point) => ({run_id, point, beta: 0.05, kl: point / 100, sqrt_kl: Math.sqrt(point / 100), proxy_reward: point / 10, gold_reward: Math.sin(point / 10) + 0.01 * Number(seed) + r, proxy_std: 0.1, entropy: 1}))
);

test("rl tables group by configuration, label it from runs columns, and encode against their declarations", () => {
  const tables = rlSummaryTables({runs, curves}, {level: 0.9});
  assert.deepEqual(tables.rl_summary.map((r) => [r.label, r.kl_coef, r.n_seeds]), [["mean, β 0.05", 0.05, 2], ["mean, β 0.5", 0.5, 1]]);
  assert.equal(tables.rl_seeds.length, 3);
  for (const [name, spec] of Object.entries(rlTables)) {
    const bytes = encodeRows(spec, tables[name as keyof typeof rlTables]);
    assert.deepEqual(tableFromIPC(bytes).schema.fields.map((f) => f.name), spec.columns.map((c) => c.name), name);
    assert.ok(Buffer.from(bytes).equals(Buffer.from(encodeRows(spec, rlSummaryTables({runs, curves}, {level: 0.9})[name as keyof typeof rlTables]))), `${name} is deterministic`);
  }
});

test("exact_target runs: no fixed coefficient (kl_coef null), labelled and grouped by their target KL", () => {
  const exact = (run_id: string, seed: number, kl_target: number): Row => ({...run(run_id, seed, 0), kl_coef: null, kl_control: "exact_target", kl_target, config_json: JSON.stringify({seed, optimizer: {name: "rloo", kl_control: "exact_target", kl_target}})});
  const more = [exact("e1", 1, 1), exact("e2", 2, 1), exact("f1", 1, 4)];
  const all = [...runs, ...more];
  const tables = rlSummaryTables({runs: all, curves: [...curves, ...curves.filter((c) => c.run_id === "a1").flatMap((c) => more.map((m) => ({...c, run_id: m.run_id})))]}, {level: 0.9});
  assert.deepEqual(tables.rl_summary.filter((r) => r.kl_control === "exact_target").map((r) => [r.label, r.kl_coef, r.kl_target, r.n_seeds]), [["mean, KL target 1 nat", null, 1, 2], ["mean, KL target 4 nats", null, 4, 1]]);
  for (const [name, spec] of Object.entries(rlTables)) assert.ok(encodeRows(spec, tables[name as keyof typeof rlTables]).length > 0, name);
});

test("labels name a world other than heavy-tailed and a policy other than linear, so no two configurations share one", async () => {
  const {rlConfigOf} = await import("../../loaders/analysis/rl-summary.ts");
  const base = {...run("x", 1, 0), kl_coef: null, kl_control: "exact_target", kl_target: 1};
  const labels = [
    {...base, world: "heavy_tailed", policy: "linear"},
    {...base, world: "light_tailed", policy: "linear"},
    {...base, world: "heavy_tailed", policy: "mlp"},
    {...base, world: "light_tailed", policy: "mlp"},
    base
  ].map((r) => rlConfigOf(r).label);
  assert.deepEqual(labels, ["mean, KL target 1 nat", "mean, KL target 1 nat, light-tailed world", "mean, KL target 1 nat, mlp policy", "mean, KL target 1 nat, light-tailed world, mlp policy", "mean, KL target 1 nat"]);
});
