// Tables stream to disk as record batches, cut at run ends once batchRows rows have gathered
// (loaders/run/store/table-stream.ts): the bytes depend on the rows alone. Same bytes with 1 or 2 workers,
// with and without the cache, in memory and on disk, sharded and merged or not; a table that fits one
// batch is encodeRows' bytes; readers see the same rows whatever the batching.
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, readdirSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {curves, runTables} from "../../loaders/io/schema/index.ts";
import {runExperiment} from "../../loaders/run/experiment.ts";
import {mergeShards} from "../../loaders/run/schedule/merge.ts";
import {encodeRuns} from "../../loaders/run/store/table-stream.ts";

const dir = mkdtempSync(join(tmpdir(), "goodhart-stream-"));
const files = (out: string) => Object.fromEntries(readdirSync(out).filter((f) => f.endsWith(".arrow")).sort().map((f) => [f, readFileSync(join(out, f))]));
const rowsOf = (bytes: Uint8Array) => JSON.stringify(tableFromIPC(bytes).toArray());
const quiet = {timings: false, log: () => {}, batchRows: 10};

const curve = (run: string, n: number) => Array.from({length: n}, (_, point) => ({run_id: run, point, beta: null, kl: point / 10, kl_method: "exact", sqrt_kl: Math.sqrt(point / 10), kl_k1: null, kl_k2: null, kl_k3: null, proxy_reward: point, gold_reward: -point, proxy_std: null, entropy: null}));

test("encodeRuns: one batch is encodeRows' bytes; smaller batches cut at run ends hold the same rows", () => {
  const runs = [curve("a", 4), curve("b", 0), curve("c", 7), curve("d", 2)];
  const all = runs.flat();
  assert.ok(Buffer.from(encodeRuns(curves, runs)).equals(Buffer.from(encodeRows(curves, all))));
  const cut = encodeRuns(curves, runs, {batchRows: 4});
  const table = tableFromIPC(cut);
  assert.deepEqual(table.batches.map((b) => b.numRows), [4, 7, 2]); // a, then b + c (b is empty), then d
  assert.equal(rowsOf(cut), rowsOf(encodeRows(curves, all)));
  assert.ok(Buffer.from(encodeRuns(curves, [])).equals(Buffer.from(encodeRows(curves, []))), "no rows: encodeRows' bytes for none");
  assert.equal(tableFromIPC(encodeRuns(curves, [[], []], {batchRows: 1})).numRows, 0);
});

test("runExperiment streams the same bytes with 1 or 2 workers, cached or not, in memory or to disk, sharded or not", async () => {
  const one = join(dir, "one");
  const memory = await runExperiment("tests/fixtures/tiny.json", {...quiet, workers: 1, cacheDir: null});
  const written = await runExperiment("tests/fixtures/tiny.json", {...quiet, workers: 1, cacheDir: null, out: one});
  const expected = files(one);
  assert.deepEqual(written.written.slice().sort(), [...Object.keys(runTables), "findings"].map((t) => `${t}.arrow`).sort());
  assert.ok(tableFromIPC(expected["samples.arrow"]).batches.length > 1, "small batches: several per table");
  for (const [name, bytes] of Object.entries(memory.arrow)) assert.ok(expected[`${name}.arrow`].equals(Buffer.from(bytes!)), `${name}: memory vs disk`);
  // With out, only what the findings need stays in memory.
  assert.equal(written.rows.samples.length, 0);
  assert.equal(written.rows.curves.length, memory.rows.curves.length);

  const cache = join(dir, "cache");
  for (const [label, options] of [["2 workers", {workers: 2, cacheDir: null}], ["2 workers, filling a cache", {workers: 2, cacheDir: cache}], ["all cached", {workers: 2, cacheDir: cache}]] as const) {
    const out = join(dir, label.replace(/\W+/g, "-"));
    const output = await runExperiment("tests/fixtures/tiny.json", {...quiet, ...options, out});
    if (label === "all cached") assert.equal(output.cached, 8);
    const got = files(out);
    for (const name of Object.keys(expected)) assert.ok(expected[name].equals(got[name]), `${label}: ${name}`);
  }

  // Half the runs cached, in a different order from plan order: still the same bytes.
  const partial = join(dir, "partial-cache");
  await runExperiment({...memory.spec, seeds: [2]}, {...quiet, workers: 1, cacheDir: partial});
  const mixed = join(dir, "mixed");
  const output = await runExperiment("tests/fixtures/tiny.json", {...quiet, workers: 2, cacheDir: partial, out: mixed});
  assert.equal(output.cached, 4);
  for (const [name, bytes] of Object.entries(files(mixed))) assert.ok(expected[name].equals(bytes), `half cached: ${name}`);

  const shards = [0, 1].map((index) => join(dir, `shard-${index}`));
  for (const [index, out] of shards.entries()) await runExperiment("tests/fixtures/tiny.json", {...quiet, workers: 1, cacheDir: cache, out, shard: {index, count: 2}});
  const merged = join(dir, "merged");
  mergeShards(shards, {out: merged, batchRows: quiet.batchRows});
  for (const [name, bytes] of Object.entries(files(merged))) assert.ok(expected[name].equals(bytes), `merged: ${name}`);

  // Whatever the batching, readers see the rows of a single-batch file.
  const single = await runExperiment("tests/fixtures/tiny.json", {...quiet, batchRows: undefined, workers: 1, cacheDir: cache});
  for (const [name, bytes] of Object.entries(single.arrow)) assert.equal(rowsOf(expected[`${name}.arrow`]), rowsOf(bytes!), name);
});
