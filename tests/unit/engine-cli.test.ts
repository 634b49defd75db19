// End to end through the CLI on a tiny spec: the four Arrow files, determinism and the run cache
// on each backend (tensorflow when it loads here, wasm), and bad input that exits non-zero without touching a good output.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {readReseedRecord} from "../../loaders/analysis/reseed-record.ts";
import {mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {findings, runTables} from "../../loaders/io/schema/index.ts";
import {backends} from "./backends.ts";

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
  assert.match(result.stderr, /^goodhart: next: .*src\/data-contract\.md$/m, "a run ends with the next step");
  for (const [name, spec] of Object.entries({...runTables, findings})) {
    const table = tableFromIPC(readFileSync(join(out, `${name}.arrow`)));
    assert.deepEqual(table.schema.fields.map((f) => f.name), spec.columns.map((c) => c.name), name);
    // A pool world's runs have no language-model checkpoints.
    assert.ok(/^checkpoint/.test(name) ? table.numRows === 0 : table.numRows > 0, `${name}: ${table.numRows} rows`);
  }
  const runs = tableFromIPC(readFileSync(join(out, "runs.arrow"))).toArray().map((r) => r.toJSON());
  assert.equal(runs.length, 8);
  for (const r of runs) {
    assert.equal(r.engine_version, JSON.parse(readFileSync("package.json", "utf8")).version);
    assert.ok(JSON.parse(r.config_json as string).seed === r.seed);
  }
});

for (const {name: backend, skip} of backends) {
  test(`[${backend}] same spec and seed give byte-identical Arrow files: reruns, 1 or 2 workers; runs record the backend`, {skip}, () => {
    const outs = [["1", "r1"], ["1", "r2"], ["2", "r3"]].map(([workers, name]) => {
      const out = join(dir, `${backend}-${name}`);
      const result = goodhart("run", "tests/fixtures/tiny.json", "--out", out, "--no-cache", "--no-timings", "--workers", workers, "--backend", backend);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, new RegExp(`^goodhart: backend ${backend} \\(requested by --backend\\)`, "m"));
      return read(out);
    });
    for (const other of outs.slice(1)) for (const t of tables) assert.ok(outs[0][t].equals(other[t]), `${t}.arrow differs`);
    const runs = tableFromIPC(outs[0].runs).toArray().map((r) => r.toJSON());
    assert.deepEqual([...new Set(runs.map((r) => r.backend))], [backend]);
  });

  test(`[${backend}] a rerun reuses cached runs and gives the same bytes`, {skip}, () => {
    const cache = join(dir, `${backend}-cache`);
    const a = join(dir, `${backend}-c1`);
    const b = join(dir, `${backend}-c2`);
    const first = goodhart("run", "tests/fixtures/tiny.json", "--out", a, "--cache", cache, "--workers", "1", "--backend", backend);
    assert.match(first.stderr, /8 runs \(0 cached, 8 to compute/);
    const second = goodhart("run", "tests/fixtures/tiny.json", "--out", b, "--cache", cache, "--workers", "1", "--backend", backend);
    assert.match(second.stderr, /8 runs \(8 cached, 0 to compute/);
    const [x, y] = [read(a), read(b)];
    for (const t of tables) assert.ok(x[t].equals(y[t]), `${t}.arrow differs`);
  });
}

const tensorflow = backends.find((b) => b.name === "tensorflow")!;
test("[auto] picks tensorflow when it loads here, and every run records it", {skip: tensorflow.skip}, () => {
  const out = join(dir, "auto");
  const result = spawnSync(process.execPath, ["bin/goodhart.js", "run", "tests/fixtures/tiny.json", "--out", out, "--no-cache", "--workers", "2"], {
    encoding: "utf8", env: {...process.env, GOODHART_BACKEND: ""}
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /^goodhart: backend tensorflow \(auto; skipped tensorflow-gpu: [^\n]+\)$/m);
  const runs = tableFromIPC(readFileSync(join(out, "runs.arrow"))).toArray().map((r) => r.toJSON());
  assert.equal(runs.length, 8);
  assert.ok(runs.every((r) => r.backend === "tensorflow"));
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
  // --record writes data/reseed/<experiment>.json under the working folder (here a scratch one).
  const root = process.cwd();
  const recorded = spawnSync(process.execPath, [join(root, "bin/goodhart.js"), "reseed-check", join(root, "tests/fixtures/tiny.json"), "--record", "--workers", "2", "--cache", join(root, "data/runs/.cache")], {encoding: "utf8", cwd: dir});
  assert.equal(recorded.status, 0, recorded.stderr);
  assert.equal(recorded.stdout, check.stdout, "--record reports the same");
  const record = readReseedRecord(join(dir, "data/reseed/tiny.json"));
  assert.ok(record);
  assert.deepEqual([record.experiment, record.seeds, record.against, record.ok], ["tiny", [1, 2], [3, 4], true]);
  assert.deepEqual(record.findings.map((f) => f.finding_id), [...first]);
  assert.match(goodhart("run", "tests/fixtures/tiny.json", "--out", out, "--record").stderr, /--record is an option of goodhart reseed-check/);
  assert.match(goodhart("reseed-check", "tests/fixtures/tiny.json", "--against", "2-3").stderr, /invalid --against: seeds 2 are in both sets/);
  assert.match(goodhart("run", "tests/fixtures/tiny.json", "--out", out, "--seeds", "5-3").stderr, /invalid --seeds: 5-3 \(a range goes up/);
});

test("goodhart --help and validate", () => {
  assert.match(goodhart("--help").stdout, /goodhart run <spec.json> --out <dir>/);
  const v = goodhart("validate", "tests/fixtures/tiny.json");
  assert.equal(v.status, 0);
  assert.match(v.stdout, /ok: tiny, 8 runs/);
});

test("goodhart runs from any folder, worker processes included", () => {
  const out = join(dir, "elsewhere");
  const result = spawnSync(process.execPath, [join(process.cwd(), "bin/goodhart.js"), "run", join(process.cwd(), "tests/fixtures/tiny.json"), "--out", out, "--no-cache", "--workers", "2", "--backend", "wasm"], {encoding: "utf8", cwd: tmpdir()});
  assert.equal(result.status, 0, result.stderr);
  assert.ok(readFileSync(join(out, "runs.arrow")).length > 0);
});
