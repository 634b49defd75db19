// The measuring pieces behind `npm run bench` and the build record, and the Performance page's loader:
// hand-computed FLOP counts, /proc readings of a child of known size, and the loader's contract.
import assert from "node:assert/strict";
import {spawn, spawnSync} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {fileURLToPath} from "node:url";
import {tableFromIPC} from "apache-arrow";
import {selectBackend} from "../../loaders/backend/backend.ts";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {bench} from "../../loaders/io/schema/index.ts";
import {lmMatmulShapes} from "../../loaders/measure/lm-bench.ts";
import {profileSft} from "../../loaders/measure/lm-profile.ts";
import {timeDispatch, timeMatmulChain} from "../../loaders/measure/matmul.ts";
import {watchProcessTree} from "../../loaders/measure/process-tree.ts";
import {forwardFlopsPerToken, lmConfig} from "../../loaders/policy/lm/config.ts";
import {tf} from "../../loaders/tf.ts";
import {readBuildRecord, recordFrom, writeBuildRecord} from "../../scripts/lib/build-record.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const linux = existsSync("/proc/self/status");

test("the language model's matmul shapes count forwardFlopsPerToken's FLOPs but the attention scores", () => {
  for (const shape of [{d_model: 64, layers: 2}, {d_model: 256, layers: 4, mlp_ratio: 2}]) {
    const config = lmConfig({vocab: 287, context: 32, ...shape});
    const rows = 64 * config.context;
    const flops = lmMatmulShapes(config, rows).reduce((s, [m, k, n]) => s + 2 * m * k * n, 0);
    const attention = config.layers * 4 * config.context * config.d_model; // forwardFlopsPerToken's last term
    assert.equal(flops / rows, forwardFlopsPerToken(config) - attention);
  }
  // By hand for d 64, 2 layers, mlp 4, vocabulary 287: per token 2 (2 (3 + 1 + 8) 64^2 + 2 x 287 x 64).
  assert.equal(lmMatmulShapes(lmConfig({vocab: 287, context: 32}), 1).reduce((s, [m, k, n]) => s + 2 * m * k * n, 0), 2 * (2 * 12 * 4096 + 2 * 287 * 64));
});

test("timeMatmulChain: GFLOP/s is the shapes' 2mkn over the median time, and it frees its tensors", async () => {
  await selectBackend({flag: "wasm", log: null});
  const before = tf.memory().numTensors;
  const r = await timeMatmulChain([[32, 16, 8], [8, 8, 8]], {reps: 3});
  assert.equal(tf.memory().numTensors, before);
  assert.equal(r.reps, 3);
  assert.ok(Math.abs(r.gflops - (2 * 32 * 16 * 8 + 2 * 512) / r.seconds / 1e9) < 1e-9 * r.gflops);
  await assert.rejects(() => timeMatmulChain([]), /invalid shapes/);
  await assert.rejects(() => timeMatmulChain([[2, 0, 2]]), /invalid shapes\[0\]/);
});

test("timeMatmulChain with gradients: three products per shape (6mkn FLOPs), frees its tensors; timeDispatch frees its own", async () => {
  await selectBackend({flag: "wasm", log: null});
  const before = tf.memory().numTensors;
  const r = await timeMatmulChain([[32, 16, 8], [8, 8, 8]], {reps: 3, gradients: true});
  assert.equal(tf.memory().numTensors, before);
  assert.ok(Math.abs(r.gflops - (6 * 32 * 16 * 8 + 6 * 512) / r.seconds / 1e9) < 1e-9 * r.gflops);
  const us = await timeDispatch({ops: 50, warmup: 5});
  assert.equal(tf.memory().numTensors, before);
  assert.ok(us > 0 && Number.isFinite(us));
  await assert.rejects(() => timeDispatch({ops: 0}), /invalid ops/);
});

test("profileSft: kernel-time shares sum to 1, matrix products among them, no tensor left", async () => {
  await selectBackend({flag: "wasm", log: null});
  const before = tf.memory().numTensors;
  const p = await profileSft({steps: 1, batch: 8});
  assert.equal(tf.memory().numTensors, before);
  assert.ok(Math.abs(p.groups.reduce((s, g) => s + g.share, 0) - 1) < 1e-9);
  assert.ok(p.groups.some((g) => g.group === "matmul" && g.kernels > 0));
  assert.ok(p.kernelMs > 0 && p.kernelMs <= p.wallMs * 1.05, `${p.kernelMs} ms in kernels, ${p.wallMs} ms wall`);
  assert.ok(p.gflops > 0 && p.kernelsPerStep > 100);
});

test("watchProcessTree: the largest process's peak memory and the CPU time of a child and its child", {skip: !linux && "no /proc"}, async () => {
  // A child that starts a grandchild holding ~300 MiB, then exits; the parent stays small.
  const script = `const {spawnSync} = require("node:child_process"); spawnSync(process.execPath, ["-e", "const b = Buffer.alloc(300 * 2 ** 20, 1); let s = 0; for (let i = 0; i < b.length; i += 4096) s += b[i]; setTimeout(() => process.exit(s > 0 ? 0 : 1), 400)"], {stdio: "inherit"});`;
  const child = spawn(process.execPath, ["-e", script], {stdio: "inherit"});
  const watch = watchProcessTree(child.pid!, 50);
  await new Promise((resolve) => child.on("close", resolve));
  const usage = watch.stop();
  assert.ok(usage.processes >= 2, `${usage.processes} processes seen`);
  assert.ok(usage.peakRssMb > 300 && usage.peakRssMb < 600, `peak ${usage.peakRssMb} MiB`);
  assert.match(usage.peakCommand, /Buffer\.alloc/);
  assert.ok(usage.treePeakRssMb >= usage.peakRssMb * 0.9, `tree ${usage.treePeakRssMb} MiB`);
  assert.ok(usage.cpuSeconds > 0);
});

test("the build record round-trips, and is absent until written", () => {
  const dir = mkdtempSync(join(tmpdir(), "goodhart-record-"));
  try {
    assert.equal(readBuildRecord(dir), null);
    const record = recordFrom({cpuSeconds: 12.5, peakRssMb: 700, treePeakRssMb: 800, peakCommand: "node x", processes: 3}, {backend: "auto", ok: true, seconds: 30, runs_computed: 4});
    writeBuildRecord(dir, record);
    assert.deepEqual(readBuildRecord(dir), record);
    assert.equal(record.peak_rss_mb, 700);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});

test("the Performance page's loader: the bench file as is, an empty table without one, an error for an old file", () => {
  const dir = mkdtempSync(join(tmpdir(), "goodhart-bench-"));
  const loader = join(root, "src", "data", "bench.arrow.ts");
  const run = () => spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), loader], {cwd: dir, encoding: "buffer"});
  try {
    let r = run();
    assert.equal(r.status, 0, r.stderr.toString());
    const empty = tableFromIPC(r.stdout);
    assert.equal(empty.numRows, 0);
    assert.deepEqual(empty.schema.fields.map((f) => f.name), bench.columns.map((c) => c.name));

    const row = {section: "matmul", metric: "gflops", label: "matmul GFLOP/s", backend: "wasm", setting: "n = 512", value: 12.5, unit: "GFLOP/s", repeats: 5, note: null, started_at: "2026-11-30T00:00:00.000Z", bench_seconds: 1, load_average: 0.5, git_commit: null, node_version: "20", engine_version: "0.1.0", tfjs_version: "4.22.0", platform: "linux-x64", cpu_model: "x", cores: 2, memory_gb: 24};
    const bytes = encodeRows(bench, [row]);
    mkdirSync(join(dir, "data", "bench"), {recursive: true});
    writeFileSync(join(dir, "data", "bench", "bench.arrow"), bytes);
    r = run();
    assert.equal(r.status, 0, r.stderr.toString());
    assert.deepEqual(new Uint8Array(r.stdout), bytes);

    writeFileSync(join(dir, "data", "bench", "bench.arrow"), encodeRows({name: "old", doc: "", columns: bench.columns.slice(0, 3)}, [{section: "matmul", metric: "gflops", label: "x"}]));
    r = run();
    assert.notEqual(r.status, 0);
    assert.match(r.stderr.toString(), /columns backend, setting, .* are missing .*rerun npm run bench/);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});
