// End to end on a tiny language-model spec through the CLI: every table (text samples, checkpoints,
// per-prompt checkpoints, findings), byte-identical reruns with 1 or 2 workers, pi_ref made once and
// reused from the stage cache by a later invocation, cached runs, a world and pi_ref per seed
// ("per_seed"), and spec errors that name the field.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {findings, runTables} from "../../loaders/io/schema/index.ts";
import {normalizeSpec} from "../../loaders/run/spec/spec.ts";
import {backends} from "./backends.ts";

const dir = mkdtempSync(join(tmpdir(), "goodhart-text-"));
const goodhart = (...args: string[]) => spawnSync(process.execPath, ["bin/goodhart.js", ...args], {encoding: "utf8"});
const tables = [...Object.keys(runTables), "findings"];
const read = (out: string) => Object.fromEntries(tables.map((t) => [t, readFileSync(join(out, `${t}.arrow`))]));
const rows = (out: string, name: string) => tableFromIPC(readFileSync(join(out, `${name}.arrow`))).toArray().map((r) => r.toJSON());
const spec = JSON.parse(readFileSync("tests/fixtures/tiny-text.json", "utf8"));

test("a text spec writes every table: checkpoints per curve point, text samples, per-prompt checkpoints, text findings", () => {
  const out = join(dir, "a");
  const cache = join(dir, "cache");
  const result = goodhart("run", "tests/fixtures/tiny-text.json", "--out", out, "--cache", cache, "--workers", "2", "--backend", "wasm");
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /supervised fine-tuning of the reference policy \(60 steps/);
  assert.equal((result.stderr.match(/supervised fine-tuning/g) ?? []).length, 1, "pi_ref is trained once for all groups and workers");
  for (const [name, table] of Object.entries({...runTables, findings})) {
    const t = tableFromIPC(readFileSync(join(out, `${name}.arrow`)));
    assert.deepEqual(t.schema.fields.map((f) => f.name), table.columns.map((c) => c.name), name);
  }
  const runs = rows(out, "runs");
  assert.equal(runs.length, 10); // (2 lattice points + 2 learned objectives + a BRME) x 2 seeds
  assert.deepEqual([...new Set(runs.map((r) => r.reward_source))].sort(), ["brme", "linear", "rer_full", "rer_li"]);
  assert.ok(runs.every((r) => r.world === "text" && r.policy === "transformer"));
  assert.ok(runs.filter((r) => String(r.reward_source).startsWith("rer_")).every((r) => r.n_pairs === null && r.label_noise === null));
  // 6 steps logged every 3: checkpoints 0, 3, 6 per run, each over 6 held-out prompts.
  const checkpoints = rows(out, "checkpoints");
  assert.equal(checkpoints.length, 10 * 3);
  assert.ok(checkpoints.every((c) => c.prompts === 6 && c.samples === 2 && c.temperature === 0.7));
  assert.equal(rows(out, "checkpoint_prompts").length, 10 * 3 * 6);
  // White-box runs at step 0 and learned runs at step 0 answer with the same pi_ref and stream: same gold.
  const step0 = new Map<number, Set<number>>();
  for (const c of checkpoints.filter((c) => c.point === 0)) {
    const seed = runs.find((r) => r.run_id === c.run_id)!.seed as number;
    step0.set(seed, (step0.get(seed) ?? new Set()).add(c.gold_reward as number));
  }
  for (const golds of step0.values()) assert.equal(golds.size, 1, "step 0 is pi_ref on the same prompts and stream for every run of a seed");
  const samples = rows(out, "samples");
  assert.equal(samples.length, 10 * 2 * 2);
  // BRME heads report their uncertainty: the robust objective's runs have a member spread and 2 heads.
  const brme = runs.filter((r) => r.reward_source === "brme").map((r) => r.run_id);
  assert.equal(rows(out, "reward_models").filter((m) => brme.includes(m.run_id as string)).length, 2 * 2);
  assert.ok(checkpoints.filter((c) => brme.includes(c.run_id as string)).every((c) => typeof c.proxy_std === "number"));
  assert.ok(samples.every((s) => typeof s.text === "string" && typeof s.prompt_text === "string" && s.features === null && s.response_id === null));
  assert.ok(samples.some((s) => (s.text as string).split(" ").length > 3), "responses are text");
  const kinds = new Set(rows(out, "findings").map((f) => f.kind));
  for (const k of ["rises_with_proxy", "ends_below_start", "beats"]) assert.ok(kinds.has(k), `findings of kind ${k}`);
  assert.ok(readdirSync(join(cache, "stages")).some((f) => /^reference\.[0-9a-f]{16}\.wasm\.[0-9a-f]{16}\.json$/.test(f)), "pi_ref checkpoint in the stage cache");
});

for (const {name: backend, skip} of backends) {
  test(`[${backend}] same bytes computed on 2 workers (pi_ref from the stage cache) and in one process without caches; a later invocation with new seeds reuses pi_ref`, {skip}, () => {
    const cache = join(dir, `${backend}-cache`);
    const a = goodhart("run", "tests/fixtures/tiny-text.json", "--out", join(dir, `${backend}-r1`), "--cache", cache, "--no-timings", "--workers", "2", "--backend", backend);
    assert.equal(a.status, 0, a.stderr);
    const b = goodhart("run", "tests/fixtures/tiny-text.json", "--out", join(dir, `${backend}-r2`), "--no-cache", "--no-timings", "--workers", "1", "--backend", backend);
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stderr, /10 runs \(0 cached, 10 to compute/);
    const [x, y] = [read(join(dir, `${backend}-r1`)), read(join(dir, `${backend}-r2`))];
    for (const t of tables) assert.ok(x[t].equals(y[t]), `${t}.arrow differs`);
    const again = goodhart("run", "tests/fixtures/tiny-text.json", "--out", join(dir, `${backend}-r3`), "--cache", cache, "--no-timings", "--workers", "1", "--backend", backend, "--seeds", "3");
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /5 runs \(0 cached, 5 to compute/);
    assert.doesNotMatch(again.stderr, /supervised fine-tuning/, "a new seed reuses the cached pi_ref (the task does not depend on the run seed)");
  });
}

test('world.seed and sft.seed "per_seed": a pi_ref per world, made once each on the workers; the same bytes in one process without caches; the reseeding check\'s fresh seeds fine-tune fresh worlds', () => {
  const file = join(dir, "tiny-worlds.json");
  const {world, sft} = spec.base;
  writeFileSync(file, JSON.stringify({...spec, name: "tiny-worlds", sweeps: spec.sweeps.slice(0, 2), base: {...spec.base, world: {...world, seed: "per_seed"}, sft: {...sft, seed: "per_seed"}}}));
  const cache = join(dir, "worlds-cache");
  const fineTuned = (stderr: string) => [...stderr.matchAll(/supervised fine-tuning of the reference policy \([^)]*; world seed (\d+), sft seed (\d+)\)/g)].map((m) => `${m[1]}/${m[2]}`).sort();
  const a = goodhart("run", file, "--out", join(dir, "w1"), "--cache", cache, "--no-timings", "--workers", "2", "--backend", "wasm");
  assert.equal(a.status, 0, a.stderr);
  assert.deepEqual(fineTuned(a.stderr), ["1/1", "2/2"], "one SFT per world, each once");
  assert.match(a.stderr, /2 shared stages made/);
  const b = goodhart("run", file, "--out", join(dir, "w2"), "--no-cache", "--no-timings", "--workers", "1", "--backend", "wasm");
  assert.equal(b.status, 0, b.stderr);
  const [x, y] = [read(join(dir, "w1")), read(join(dir, "w2"))];
  for (const t of tables) assert.ok(x[t].equals(y[t]), `${t}.arrow differs`);
  const runs = rows(join(dir, "w1"), "runs");
  assert.ok(runs.every((r) => JSON.parse(r.config_json as string).world.seed === "per_seed"));
  // Step 0 is each seed's own pi_ref on its own world's held-out prompts.
  const step0 = rows(join(dir, "w1"), "checkpoint_prompts").filter((c) => c.point === 0);
  const promptsOf = (seed: number) => new Set(step0.filter((c) => runs.find((r) => r.run_id === c.run_id)!.seed === seed).map((c) => `${c.prompt_id}:${c.gold_reward}`));
  assert.notDeepEqual(promptsOf(1), promptsOf(2));
  const check = goodhart("reseed-check", file, "--seeds", "1-2", "--against", "3-4", "--cache", cache, "--workers", "2", "--backend", "wasm");
  assert.ok(check.status === 0 || check.status === 1, check.stderr);
  assert.match(check.stderr, /reseed-check: seeds 1,2 over 2 worlds against 3,4 over 2 worlds \(fresh worlds\)/);
  assert.deepEqual(fineTuned(check.stderr), ["3/3", "4/4"], "seeds 1-2 come from the caches; 3-4 fine-tune their own worlds");
  const fixed = goodhart("reseed-check", "tests/fixtures/tiny-text.json", "--seeds", "1", "--against", "2", "--cache", join(dir, "cache"), "--backend", "wasm");
  assert.match(fixed.stderr, /WARNING: the two sets share 1 world \(a fixed world\.seed/);
});

test("text spec errors name the field, the value and the fix", () => {
  const bad = (base: Record<string, unknown>) => () => normalizeSpec({...spec, base: {...spec.base, ...base}});
  assert.throws(bad({ensemble: {size: 3}}), /invalid ensemble\.size: 3 \(expected 1: a white-box reward is one member/);
  assert.throws(bad({reward: {source: "learned", variant: "li"}}), /invalid reward\.variant: "li" \(expected no value: a lattice variant applies only to reward\.source "white_box"\)/);
  assert.throws(bad({reward: {variant: "lol"}}), /reward\.variant/);
  assert.throws(bad({policy: {d_model: 30, heads: 4}}), /invalid policy\.heads: 4 \(expected a divisor of policy\.d_model = 30\)/);
  assert.throws(bad({optimizer: {name: "best_of_n"}}), /optimizer\.name/);
  assert.throws(bad({samples: {prompts: 99}}), /samples\.prompts/);
  const single = (base: Record<string, unknown>) => () => normalizeSpec({...spec, sweeps: [{name: "one"}], base: {...spec.base, ...base}});
  assert.doesNotThrow(single({reward: {source: "learned"}, reward_model: {architecture: "brme"}, ensemble: {size: 3}, objective: {name: "uncertainty_penalized"}}));
  assert.throws(single({reward: {source: "learned"}, reward_model: {architecture: "linear", brme_targets: 3}}), /invalid reward_model\.brme_targets: 3 \(expected no value: it applies only to reward_model\.architecture "brme"\)/);
  assert.throws(single({reward: {source: "learned"}, ensemble: {size: 1}, objective: {name: "uncertainty_penalized"}}), /invalid ensemble\.size: 1 \(expected at least 2 for objective "uncertainty_penalized"/);
  assert.throws(() => normalizeSpec({...spec, base: {...spec.base, world: {name: "heavy_tailed"}}}), /world\.name/);
  assert.throws(() => normalizeSpec({...spec, kind: "pools"}), /invalid kind: "pools"/);
  // A language model's sections are unknown to a pool spec.
  assert.throws(() => normalizeSpec({name: "pool", base: {policy: {d_model: 8}}}), /policy/);
  const file = join(dir, "bad-text.json");
  writeFileSync(file, JSON.stringify({...spec, base: {...spec.base, evaluation: {heldout_prompts: 0}}}));
  const result = goodhart("run", file, "--out", join(dir, "bad-out"));
  assert.equal(result.status, 2);
  assert.match(result.stderr, /invalid evaluation\.heldout_prompts: 0/);
  assert.ok(!existsSync(join(dir, "bad-out", "runs.arrow")));
});
