// Malformed specs, generated from the valid tiny spec: every one is rejected before any work with a
// message that names the field; a sample goes through the CLI for the exit status and "nothing written".
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {SpecError} from "../../loaders/spec-validators.ts";
import {loadSpec, normalizeSpec} from "../../loaders/run/spec/spec.ts";

const tiny = JSON.parse(readFileSync("tests/fixtures/tiny.json", "utf8")) as Record<string, unknown>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** A malformed spec: the JSON (or raw text), and what its message must name. */
interface Case {
  readonly what: string;
  readonly spec?: unknown;
  readonly text?: string;
  readonly field: RegExp;
}

/** tiny without its sweep (whose axes would override base), with `value` at the dotted `path` of base (undefined deletes it). */
function withBase(path: string, value: unknown): unknown {
  const spec: Record<string, unknown> = {...clone(tiny), sweeps: [{name: "default"}]};
  const keys = path.split(".");
  let o = spec.base as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  if (value === undefined) delete o[keys.at(-1)!];
  else o[keys.at(-1)!] = value;
  return spec;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function cases(): Case[] {
  const out: Case[] = [];
  // 1. Every numeric field of every pool section: wrong types, out of range, huge, non-integer.
  const numeric: Record<string, unknown[]> = {
    "world.prompts": [0, -1, 1.5, 1e9, "4", null, true, [4], {}],
    "world.pool_size": [1, 0, 1 << 17, 2.5, "64", null],
    "world.quality_dims": [0, 257, 1.5, "x"],
    "world.nuisance_dims": [-1, 1025, 0.5, "4"],
    "world.nuisance_df": [0, -3, "inf", [1]],
    "world.length_sigma": [0, -1, 11, "1"],
    "world.length_weight": [101, -101, "1"],
    "world.length_quantile": [0, 1, 2, "0.5"],
    "world.length_penalty": [-1, 1001, "1"],
    "preferences.pairs": [1, 0, 1e7, 2.5, "100", null],
    "preferences.heldout_pairs": [1, 1e7, "100"],
    "preferences.temperature": [0, -1, "1"],
    "preferences.label_noise": [0.5, -0.1, 1, "0.1", null],
    "reward_model.epochs": [0, 1e7, 1.5, "30"],
    "reward_model.hidden": [0, 4097, "32"],
    "reward_model.learning_rate": [0, -1, 11, "0.05"],
    "reward_model.weight_decay": [-1, 101, "0"],
    "ensemble.size": [0, 65, 2.5, "3", null],
    "samples.prompts": [-1, 5, 1.5, "2"],
    "samples.points": [-1, 1001, "3"],
    "objective.param": ["1", [1], {}],
    seed: [-1, 2 ** 31, 1.5, "1"]
  };
  for (const [path, values] of Object.entries(numeric)) {
    for (const v of values) out.push({what: `${path} = ${JSON.stringify(v)}`, spec: withBase(path, v), field: new RegExp(escape(path))});
  }
  // 2. Allowed values.
  const choices: Record<string, unknown[]> = {
    "world.name": ["heavy", "", 3, null],
    "preferences.label_mode": ["bt", 1],
    "reward_model.architecture": ["cnn", 1],
    "ensemble.diversity": ["random", true],
    "objective.name": ["max", 0],
    "optimizer.name": ["sgd", 1, ""]
  };
  for (const [path, values] of Object.entries(choices)) {
    for (const v of values) out.push({what: `${path} = ${JSON.stringify(v)}`, spec: withBase(path, v), field: new RegExp(escape(path))});
  }
  // 3. Misspelt and unknown keys in every section, with a suggestion where one is close.
  const misspelt: [string, string][] = [
    ["world.promts", "world.prompts"], ["world.pool_sise", "world.pool_size"], ["world.nuisance_dim", "world.nuisance_dims"],
    ["preferences.pair", "preferences.pairs"], ["preferences.label_nosie", "preferences.label_noise"], ["preferences.heldout", ""],
    ["reward_model.epoch", "reward_model.epochs"], ["reward_model.architcture", "reward_model.architecture"], ["reward_model.learningrate", "reward_model.learning_rate"],
    ["ensemble.sise", "ensemble.size"], ["ensemble.diversty", "ensemble.diversity"], ["samples.point", "samples.points"],
    ["objective.nam", "objective.name"], ["objective.params", "objective.param"], ["optimizer.max_m", "optimizer.max_n"],
    ["world.zzz", ""], ["samples.whatever", ""], ["objective.lambda", ""]
  ];
  for (const [path, guess] of misspelt) {
    const [section, key] = path.split(".");
    const spec = withBase(path, 1) as {base: Record<string, Record<string, unknown>>};
    if (section === "optimizer") spec.base.optimizer.name = "best_of_n";
    out.push({what: `unknown ${path}`, spec, field: new RegExp(`${escape(section)}\\.${escape(key)}${guess ? `.*did you mean ${escape(guess)}\\?` : ""}`)});
  }
  for (const [key, guess] of [["seed", "seeds"], ["sweep", "sweeps"], ["names", "name"], ["bases", "base"], ["descripton", "description"], ["kinds", "kind"], ["extra", ""]]) {
    out.push({what: `unknown top-level ${key}`, spec: {...clone(tiny), [key]: 1}, field: new RegExp(`unknown field ${key}${guess ? ` \\(did you mean ${guess}\\?\\)` : ""}`)});
  }
  for (const [section, guess] of [["worlds", "world"], ["preference", "preferences"], ["rewardmodel", "reward_model"], ["sample", "samples"], ["objectives", "objective"], ["foo", ""]]) {
    out.push({what: `unknown section ${section}`, spec: {...clone(tiny), base: {[section]: {}}}, field: new RegExp(`base\\.${section}${guess ? `.*did you mean base\\.${guess}` : ""}`)});
  }
  // 4. Top-level fields: types, missing, path tricks in the name, huge values.
  const top: [string, unknown, RegExp][] = [
    ["name", undefined, /name: missing/], ["name", "", /name/], ["name", 3, /name/], ["name", null, /name/], ["name", ["x"], /name/],
    ["name", "../escape", /name/], ["name", "a/b", /name/], ["name", "..", /name/], ["name", ".hidden", /name/], ["name", "/etc/passwd", /name/],
    ["name", "a\\b", /name/], ["name", "C:", /name/], ["name", "x\u0000y", /name/], ["name", "Upper", /name/], ["name", "a b", /name/],
    ["name", "x".repeat(65), /name/], ["name", "x".repeat(100000), /name/], ["name", "tab\t", /name/], ["name", "~", /name/], ["name", "a.b", /name/],
    ["description", 3, /description/], ["description", "", /description/], ["description", {}, /description/],
    ["kind", "pools", /kind/], ["kind", 1, /kind/], ["kind", null, /kind/],
    ["seeds", 0, /seeds/], ["seeds", 1001, /seeds/], ["seeds", [], /seeds/], ["seeds", [1, 1], /seeds/], ["seeds", [1.5], /seeds\[0\]/],
    ["seeds", [-1], /seeds\[0\]/], ["seeds", ["1"], /seeds\[0\]/], ["seeds", "5", /seeds/], ["seeds", {}, /seeds/], ["seeds", [2 ** 31], /seeds\[0\]/], ["seeds", 1e308, /seeds/],
    ["base", [], /base/], ["base", "x", /base/], ["base", 3, /base/],
    ["sweeps", [], /sweeps/], ["sweeps", {}, /sweeps/], ["sweeps", "x", /sweeps/], ["sweeps", [3], /sweeps\[0\]/], ["sweeps", [{}], /sweeps\[0\]\.name/],
    ["sweeps", [{name: "a"}, {name: "a"}], /sweeps\[\]\.name/], ["sweeps", [{name: "a", sett: {}}], /sweeps\[0\]\.sett.*did you mean sweeps\[0\]\.set/],
    ["sweeps", [{name: "a", set: []}], /sweeps\[0\]\.set/], ["sweeps", [{name: "a", axes: []}], /sweeps\[0\]\.axes/],
    ["sweeps", [{name: "a", axes: {"world.prompts": []}}], /axes\["world\.prompts"\]/], ["sweeps", [{name: "a", axes: {"world.prompts": 4}}], /axes\["world\.prompts"\]/],
    ["sweeps", [{name: "a", axes: {"wrold.prompts": [4]}}], /did you mean world\.prompts/], ["sweeps", [{name: "a", axes: {seed: [1, 2]}}], /axes\["seed"\]/],
    ["sweeps", [{name: "a", axes: {"world.__proto__": [{}]}}], /world\.__proto__/], ["sweeps", [{name: "a", axes: {"world..prompts": [4]}}], /world\.\.prompts/],
    ["sweeps", [{name: "a", axes: {"world.prompts": [4, 0]}}], /world\.prompts=0.*world\.prompts/], ["sweeps", [{name: "a", axes: {"world.prompts": ["4"]}}], /world\.prompts/],
    ["sweeps", [{name: "a", axes: {"preferences.label_noise": [0, 0.7]}}], /preferences\.label_noise/],
    ["sweeps", [{name: "a", axes: {"world.prompts": Array.from({length: 400}, (_, i) => i + 1), "preferences.pairs": Array.from({length: 400}, (_, i) => i + 2)}}], /sweeps: .*runs.*at most 100000 runs/],
    ["sweeps", [{name: "a", set: {world: {promts: 3}}}], /world\.promts.*did you mean world\.prompts/], ["sweeps", [{name: "a", set: {wrld: {}}}], /sweeps\[0\]\.set\.wrld.*did you mean/]
  ];
  for (const [key, value, field] of top) {
    const spec = clone(tiny);
    if (value === undefined) delete spec[key];
    else spec[key] = value;
    out.push({what: `${key} = ${JSON.stringify(value)?.slice(0, 40)}`, spec, field});
  }
  // 5. Prototype keys that an assignment would swallow; sizes that cannot fit; conflicting options.
  out.push({what: "__proto__ in a section", spec: {...clone(tiny), base: JSON.parse('{"world": {"__proto__": {"prompts": 0}}}')}, field: /world\.__proto__/});
  out.push({what: "__proto__ at the top", spec: JSON.parse(`{"name": "x", "__proto__": {"seeds": 3}}`), field: /__proto__/});
  out.push({what: "a world too big", spec: withBase("world", {name: "heavy_tailed", prompts: 100000, pool_size: 65536}), field: /world: .*feature values/});
  out.push({what: "a batch too big", spec: withBase("optimizer", {name: "rloo", batch_prompts: 4, samples_per_prompt: 4096 * 64}), field: /optimizer\.samples_per_prompt/});
  out.push({what: "RL batch larger than the world", spec: withBase("optimizer", {name: "rloo", batch_prompts: 5}), field: /optimizer\.batch_prompts/});
  out.push({what: "adaptive KL from 0", spec: withBase("optimizer", {name: "rloo", kl_control: "adaptive", kl_coef: 0}), field: /optimizer\.kl_coef/});
  out.push({what: "beta_min > beta_max", spec: withBase("optimizer", {name: "kl_tilt", beta_min: 5, beta_max: 1}), field: /optimizer\.beta_min/});
  out.push({what: "max_n beyond the pool", spec: withBase("optimizer", {name: "best_of_n", max_n: 65}), field: /optimizer\.max_n/});
  out.push({what: "brme_targets without brme", spec: withBase("reward_model.brme_targets", 3), field: /reward_model\.brme_targets/});
  out.push({what: "another optimizer's field", spec: withBase("optimizer", {name: "best_of_n", betas: 3}), field: /optimizer\.betas.*belongs to kl_tilt/});
  out.push({what: "a section that is not an object", spec: withBase("world", 3), field: /world/});
  out.push({what: "a section that is an array", spec: withBase("samples", [1]), field: /samples/});
  // 6. Language-model specs.
  const text = (base: Record<string, unknown>) => ({kind: "text", name: "t", base});
  out.push({what: "text: huge policy", spec: text({policy: {d_model: 4096, layers: 64, heads: 4}}), field: /policy: .*weights/});
  out.push({what: "text: heads not dividing d_model", spec: text({policy: {d_model: 64, heads: 3}}), field: /policy\.heads/});
  out.push({what: "text: misspelt section", spec: text({polcy: {}}), field: /base\.polcy.*did you mean base\.policy/});
  out.push({what: "text: misspelt field", spec: text({sft: {stpes: 3}}), field: /sft\.stpes.*did you mean sft\.steps/});
  out.push({what: "text: pool section", spec: text({world: {prompts: 3}}), field: /world\.prompts/});
  out.push({what: "text: bad variant", spec: text({reward: {variant: "x"}}), field: /reward\.variant/});
  // 7. Not JSON, or not an object.
  for (const [what, raw] of [["empty", ""], ["truncated", '{"name": "x", "seeds": [1, '], ["trailing comma", '{"name": "x",}'], ["comments", '// x\n{"name": "x"}'], ["NaN", '{"name": "x", "seeds": NaN}'], ["binary", "\u0000\u0001\u0002"], ["single quotes", "{'name': 'x'}"], ["bare word", "tiny"]]) {
    out.push({what: `not JSON: ${what}`, text: raw, field: /not valid JSON/});
  }
  for (const value of [null, 3, "x", [], [tiny], true]) out.push({what: `not an object: ${JSON.stringify(value)}`, spec: value, field: /invalid spec/});
  return out;
}

const all = cases();

test(`${all.length} malformed specs are each rejected, before any work, with a message naming the field`, () => {
  assert.ok(all.length >= 200, `${all.length} cases`);
  const dir = mkdtempSync(join(tmpdir(), "goodhart-fuzz-"));
  for (const [i, c] of all.entries()) {
    let error: unknown;
    try {
      if (c.text !== undefined) {
        const path = join(dir, `${i}.json`);
        writeFileSync(path, c.text);
        loadSpec(path);
      } else normalizeSpec(c.spec);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof SpecError, `${c.what}: expected a SpecError, got ${error === undefined ? "no error" : String(error)}`);
    assert.match(error.message, c.field, c.what);
    assert.ok(error.message.length < 2000, `${c.what}: a message of ${error.message.length} characters`);
  }
});

test("a sample of malformed specs through the CLI: exit status 2, the field on stderr, nothing written", () => {
  const dir = mkdtempSync(join(tmpdir(), "goodhart-fuzz-cli-"));
  const sample = all.filter((_, i) => i % Math.ceil(all.length / 6) === 0);
  for (const [i, c] of sample.entries()) {
    const path = join(dir, `spec-${i}.json`);
    writeFileSync(path, c.text ?? JSON.stringify(c.spec));
    const out = join(dir, `out-${i}`);
    const cache = join(dir, `cache-${i}`);
    const result = spawnSync(process.execPath, ["bin/goodhart.js", "run", path, "--out", out, "--cache", cache, "--workers", "1"], {encoding: "utf8"});
    assert.equal(result.status, 2, `${c.what}: ${result.stderr}`);
    assert.match(result.stderr, /^goodhart: error: /m, c.what);
    assert.match(result.stderr, c.field, c.what);
    assert.ok(!existsSync(out) && !existsSync(cache), `${c.what}: wrote ${readdirSync(dir)}`);
  }
  // --out naming a file is bad input too, and leaves the file alone.
  const file = join(dir, "a-file");
  writeFileSync(file, "keep");
  const result = spawnSync(process.execPath, ["bin/goodhart.js", "run", "tests/fixtures/tiny.json", "--out", file, "--no-cache"], {encoding: "utf8"});
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /invalid --out/);
  assert.equal(readFileSync(file, "utf8"), "keep");
});
