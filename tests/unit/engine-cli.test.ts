// End to end through the CLI on a tiny spec: the four Arrow files, determinism, the run cache,
// and bad input that exits non-zero without touching a good output.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {findings, runTables} from "../../loaders/io/schema/index.ts";

const dir = mkdtempSync(join(tmpdir(), "goodhart-cli-"));
const goodhart = (...args: string[]) => spawnSync(process.execPath, ["bin/goodhart.js", ...args], {encoding: "utf8"});
const tables = [...Object.keys(runTables), "findings"];
const read = (out: string) => Object.fromEntries(tables.map((t) => [t, readFileSync(join(out, `${t}.arrow`))]));

test("goodhart run writes the four tables and the findings with the documented columns", () => {
  const out = join(dir, "a");
  const result = goodhart("run", "tests/fixtures/tiny.json", "--out", out, "--no-cache", "--workers", "2");
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /goodhart: backend \w+/);
  assert.match(result.stderr, /\[8\/8\]|\[\d+\/8\]/);
  for (const [name, spec] of Object.entries({...runTables, findings})) {
    const table = tableFromIPC(readFileSync(join(out, `${name}.arrow`)));
    assert.deepEqual(table.schema.fields.map((f) => f.name), spec.columns.map((c) => c.name), name);
    assert.ok(table.numRows > 0, name);
  }
  const runs = tableFromIPC(readFileSync(join(out, "runs.arrow"))).toArray().map((r) => r.toJSON());
  assert.equal(runs.length, 8);
  for (const r of runs) {
    assert.equal(r.engine_version, JSON.parse(readFileSync("package.json", "utf8")).version);
    assert.ok(JSON.parse(r.config_json as string).seed === r.seed);
  }
});

test("same spec and seed give byte-identical Arrow files, with 1 or 2 workers", () => {
  const a = join(dir, "det1");
  const b = join(dir, "det2");
  assert.equal(goodhart("run", "tests/fixtures/tiny.json", "--out", a, "--no-cache", "--no-timings", "--workers", "1").status, 0);
  assert.equal(goodhart("run", "tests/fixtures/tiny.json", "--out", b, "--no-cache", "--no-timings", "--workers", "2").status, 0);
  const [x, y] = [read(a), read(b)];
  for (const t of tables) assert.ok(x[t].equals(y[t]), `${t}.arrow differs`);
});

test("a rerun reuses cached runs and gives the same bytes", () => {
  const cache = join(dir, "cache");
  const a = join(dir, "c1");
  const b = join(dir, "c2");
  const first = goodhart("run", "tests/fixtures/tiny.json", "--out", a, "--cache", cache, "--workers", "1");
  assert.match(first.stderr, /8 runs \(0 cached, 8 to compute/);
  const second = goodhart("run", "tests/fixtures/tiny.json", "--out", b, "--cache", cache, "--workers", "1");
  assert.match(second.stderr, /8 runs \(8 cached, 0 to compute/);
  const [x, y] = [read(a), read(b)];
  for (const t of tables) assert.ok(x[t].equals(y[t]), `${t}.arrow differs`);
});

test("bad input exits non-zero with a clear message and leaves existing outputs untouched", () => {
  const out = join(dir, "a");
  const before = read(out);
  const bad = join(dir, "bad.json");
  writeFileSync(bad, JSON.stringify({name: "tiny", base: {preferences: {label_noise: 0.9}}}));
  const result = goodhart("run", bad, "--out", out);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /invalid preferences\.label_noise: 0\.9 \(expected a number in \[0, 0\.5\)\)/);
  const after = read(out);
  for (const t of tables) assert.ok(before[t].equals(after[t]));
  assert.equal(goodhart("run", "tests/fixtures/tiny.json").status, 2);
  assert.match(goodhart("run", "tests/fixtures/tiny.json", "--out", out, "--workers", "0").stderr, /invalid --workers: 0/);
  assert.match(goodhart("run", "tests/fixtures/tiny.json", "--out", out, "--backend", "gpu").stderr, /invalid --backend: "gpu"/);
});

test("goodhart run --seeds and reseed-check: disjoint seeds, same finding ids", () => {
  const out = join(dir, "reseeded");
  assert.equal(goodhart("run", "tests/fixtures/tiny.json", "--out", out, "--seeds", "3-4", "--workers", "2").status, 0);
  const seeds = tableFromIPC(readFileSync(join(out, "runs.arrow"))).getChild("seed")!.toArray();
  assert.deepEqual([...new Set(seeds)].sort(), [3, 4]);
  const first = tableFromIPC(readFileSync(join(dir, "a", "findings.arrow"))).getChild("finding_id")!.toArray();
  assert.deepEqual(tableFromIPC(readFileSync(join(out, "findings.arrow"))).getChild("finding_id")!.toArray(), first);
  const check = goodhart("reseed-check", "tests/fixtures/tiny.json", "--workers", "2");
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /reseed-check: seeds 1,2 against 3,4: \d+ findings matched/);
  assert.match(check.stdout, /reseed-check: ok/);
  assert.match(goodhart("reseed-check", "tests/fixtures/tiny.json", "--against", "2-3").stderr, /invalid --against: seeds 2 are in both sets/);
  assert.match(goodhart("run", "tests/fixtures/tiny.json", "--out", out, "--seeds", "5-3").stderr, /invalid --seeds: 5-3 \(a range goes up/);
});

test("goodhart --help and validate", () => {
  assert.match(goodhart("--help").stdout, /goodhart run <spec.json> --out <dir>/);
  const v = goodhart("validate", "tests/fixtures/tiny.json");
  assert.equal(v.status, 0);
  assert.match(v.stdout, /ok: tiny, 8 runs/);
});
