import assert from "node:assert/strict";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {AUTO_ORDER} from "../../loaders/backend/backend.ts";
import type {Probe} from "../../loaders/backend/backend.ts";
import {measureEnvironment} from "../../loaders/measure/environment.ts";
import {timeMatmul} from "../../loaders/measure/matmul.ts";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {environment} from "../../loaders/io/schema/index.ts";
import {tf} from "../../loaders/tf.ts";

const absent: Probe = async () => {
  throw new Error("module not installed");
};

test("one row per backend, real cpu and wasm timed, auto's pick marked, valid against the schema", async () => {
  const lines: string[] = [];
  // The native and WebGPU backends are replaced so that the test is the same on every machine.
  const rows = await measureEnvironment({
    size: 64, reps: 2, probes: {"tensorflow-gpu": absent, tensorflow: absent, webgpu: absent}, log: (line) => lines.push(line)
  });
  assert.deepEqual(rows.map((r) => r.backend), AUTO_ORDER);
  assert.deepEqual(rows.map((r) => r.auto_order), [1, 2, 3, 4, 5]);
  for (const row of rows.slice(0, 3)) {
    assert.equal(row.loaded, false);
    assert.equal(row.reason, "module not installed");
    assert.equal(row.gflops, null);
  }
  for (const row of rows.slice(3)) {
    assert.equal(row.loaded, true, `${row.backend}: ${row.reason}`);
    assert.equal(row.reason, null);
    assert.equal(row.matmul_size, 64);
    assert.ok(row.gflops! > 0 && Number.isFinite(row.gflops));
    assert.ok(Math.abs(row.gflops! - (2 * 64 ** 3) / row.seconds! / 1e9) < 1e-9);
  }
  assert.deepEqual(rows.filter((r) => r.auto_choice).map((r) => r.backend), ["wasm"]);
  assert.equal(rows[0].node_version, process.versions.node);
  assert.equal(rows[0].tfjs_version, tf.version_core);
  assert.ok(rows.every((r) => r.cores >= 1 && r.memory_gb > 0 && r.cpu_model.length > 0));
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^goodhart: environment: tensorflow-gpu no, tensorflow no, webgpu no, wasm [\d.]+ GFLOP\/s, cpu [\d.]+ GFLOP\/s \(auto picks wasm; [\d.]+ s\)$/);

  const table = tableFromIPC(encodeRows(environment, rows));
  assert.deepEqual(table.schema.fields.map((f) => f.name), environment.columns.map((c) => c.name));
  assert.equal(table.numRows, rows.length);
  const back = table.toArray().map((r) => r.toJSON());
  for (const [i, row] of rows.entries()) {
    for (const column of environment.columns) {
      assert.deepEqual(back[i][column.name], row[column.name as keyof typeof row], `row ${i} ${column.name}`);
    }
  }
});

test("the backend current before measuring is current after", async () => {
  await tf.setBackend("cpu");
  await measureEnvironment({size: 8, reps: 1, probes: {"tensorflow-gpu": absent, tensorflow: absent, webgpu: absent}, log: null});
  assert.equal(tf.getBackend(), "cpu");
});

test("timeMatmul validates its options and does not leak", async () => {
  await tf.setBackend("cpu");
  await assert.rejects(timeMatmul({size: 0}), /invalid size: 0 \(expected an integer >= 1\)/);
  await assert.rejects(timeMatmul({reps: 1.5}), /invalid reps: 1.5/);
  const before = tf.memory().numTensors;
  const timing = await timeMatmul({size: 16, warmup: 0, reps: 3});
  assert.equal(timing.reps, 3);
  assert.equal(tf.memory().numTensors, before);
});
