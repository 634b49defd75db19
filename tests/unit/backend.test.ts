import assert from "node:assert/strict";
import {test} from "node:test";
import {
  AUTO_ORDER, BackendError, autoPick, backendFromArgv, formatSelection, requestedBackend, selectBackend
} from "../../loaders/backend/backend.ts";
import type {BackendName, Probe, ProbeTable} from "../../loaders/backend/backend.ts";
import {libtensorflowVersion} from "../../loaders/backend/candidates.ts";
import {tf} from "../../loaders/tf.ts";
import {backends} from "./backends.ts";

const missing = (reason: string): Probe => async () => {
  throw new Error(reason);
};
const ok = (device: string): Probe => async () => device;

/** A probe table where nothing loads, so a test can't touch a real backend by accident. */
function table(overrides: Partial<ProbeTable>): ProbeTable {
  const none = Object.fromEntries(AUTO_ORDER.map((name) => [name, missing(`${name} unavailable`)])) as Record<BackendName, Probe>;
  return {...none, ...overrides};
}

test("auto falls back gpu -> tensorflow -> webgpu -> wasm and says why in one line", async () => {
  const lines: string[] = [];
  const calls: string[] = [];
  const trace = (name: BackendName, probe: Probe): Probe => () => (calls.push(name), probe());
  const probes = table({
    "tensorflow-gpu": trace("tensorflow-gpu", missing("module not installed")),
    tensorflow: trace("tensorflow", missing("module not installed")),
    webgpu: trace("webgpu", missing("'webgpu' package not installed")),
    wasm: trace("wasm", ok("WebAssembly SIMD, 1 thread")),
    cpu: trace("cpu", ok("JavaScript, 1 thread"))
  });
  const selection = await selectBackend({env: {}, probes, log: (line) => lines.push(line)});
  assert.deepEqual(calls, ["tensorflow-gpu", "tensorflow", "webgpu", "wasm"]);
  assert.equal(selection.backend, "wasm");
  assert.equal(selection.requested, "auto");
  assert.equal(selection.device, "WebAssembly SIMD, 1 thread");
  assert.deepEqual(selection.skipped, [
    {backend: "tensorflow-gpu", reason: "module not installed"},
    {backend: "tensorflow", reason: "module not installed"},
    {backend: "webgpu", reason: "'webgpu' package not installed"}
  ]);
  const expected =
    "goodhart: backend wasm (auto; skipped tensorflow-gpu: module not installed; tensorflow: module not installed; webgpu: 'webgpu' package not installed)";
  assert.equal(selection.message, expected);
  assert.deepEqual(lines, [expected]);
});

test("auto takes the first backend that loads and skips nothing before it", async () => {
  const selection = await selectBackend({env: {}, probes: table({"tensorflow-gpu": ok("libtensorflow, CUDA")}), log: null});
  assert.equal(selection.backend, "tensorflow-gpu");
  assert.equal(selection.message, "goodhart: backend tensorflow-gpu (auto)");
});

test("an explicit backend that fails is an error naming the backend, the reason and the fix", async () => {
  const probes = table({webgpu: missing("'webgpu' package not installed"), wasm: ok("wasm")});
  await assert.rejects(selectBackend({flag: "webgpu", probes, log: null}), (error: unknown) => {
    assert.ok(error instanceof BackendError);
    assert.equal(error.backend, "webgpu");
    assert.equal(error.reason, "'webgpu' package not installed");
    assert.match(error.message, /^goodhart: backend webgpu did not load: 'webgpu' package not installed \(fix: npm install webgpu/);
    return true;
  });
  await assert.rejects(selectBackend({flag: "tensorflow-gpu", probes, log: null}), /tensorflow-gpu did not load: .*CUDA 11\.2 and cuDNN 8\.1/);
});

test("auto with nothing loading lists every reason", async () => {
  await assert.rejects(selectBackend({env: {}, probes: table({}), log: null}), /backend auto did not load: tensorflow-gpu: tensorflow-gpu unavailable; .*cpu: cpu unavailable/);
});

test("the flag wins over GOODHART_BACKEND, which wins over auto", () => {
  assert.deepEqual(requestedBackend({flag: "cpu", env: {GOODHART_BACKEND: "wasm"}}), {requested: "cpu", source: "--backend"});
  assert.deepEqual(requestedBackend({env: {GOODHART_BACKEND: "wasm"}}), {requested: "wasm", source: "GOODHART_BACKEND"});
  assert.deepEqual(requestedBackend({env: {GOODHART_BACKEND: ""}}), {requested: "auto", source: "default"});
  assert.deepEqual(requestedBackend({env: {}}), {requested: "auto", source: "default"});
  assert.throws(() => requestedBackend({flag: "gpu"}), /invalid --backend: "gpu" \(expected one of auto, tensorflow-gpu, tensorflow, webgpu, wasm, cpu\)/);
  assert.throws(() => requestedBackend({env: {GOODHART_BACKEND: "CPU"}}), /invalid GOODHART_BACKEND: "CPU"/);
});

test("the message names where an explicit request came from", async () => {
  const probes = table({cpu: ok("JavaScript, 1 thread")});
  const fromEnv = await selectBackend({env: {GOODHART_BACKEND: "cpu"}, probes, log: null});
  assert.equal(fromEnv.message, "goodhart: backend cpu (requested by GOODHART_BACKEND)");
  assert.equal(formatSelection({backend: "cpu", requested: "cpu", skipped: []}), "goodhart: backend cpu (requested by --backend)");
});

test("backendFromArgv reads --backend x and --backend=x", () => {
  assert.equal(backendFromArgv(["--id=3", "--backend", "wasm"]), "wasm");
  assert.equal(backendFromArgv(["--backend=cpu"]), "cpu");
  assert.equal(backendFromArgv(["--id=3"]), undefined);
  assert.throws(() => backendFromArgv(["--backend"]), /invalid --backend: missing value/);
});

test("autoPick follows AUTO_ORDER", () => {
  assert.equal(autoPick(new Set<BackendName>(["cpu", "wasm"])), "wasm");
  assert.equal(autoPick(new Set<BackendName>(["cpu", "webgpu"])), "webgpu");
  assert.equal(autoPick(new Set<BackendName>()), undefined);
});

for (const name of ["cpu", "wasm"] as const) {
  test(`the real ${name} backend loads, computes and does not leak`, async () => {
    const lines: string[] = [];
    const selection = await selectBackend({flag: name, log: (line) => lines.push(line)});
    assert.equal(selection.backend, name);
    assert.equal(tf.getBackend(), name);
    assert.deepEqual(lines, [`goodhart: backend ${name} (requested by --backend)`]);
    const before = tf.memory().numTensors;
    const sum = tf.tidy(() => tf.sum(tf.matMul(tf.ones([3, 4]), tf.ones([4, 2]))));
    assert.equal((await sum.data())[0], 24);
    sum.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
}

test("the real auto picks a backend that loads here", async () => {
  const selection = await selectBackend({env: {}, log: null});
  assert.ok(AUTO_ORDER.includes(selection.backend));
  assert.equal(tf.getBackend(), selection.backend === "tensorflow-gpu" ? "tensorflow" : selection.backend);
  assert.match(selection.message, new RegExp(`^goodhart: backend ${selection.backend} \\(auto`));
});

const tensorflow = backends.find((b) => b.name === "tensorflow")!;
test("auto prefers tensorflow when it loads here, and names libtensorflow's version", {skip: tensorflow.skip}, async () => {
  const selection = await selectBackend({env: {}, log: null});
  assert.ok(selection.backend === "tensorflow" || selection.backend === "tensorflow-gpu", selection.message);
  assert.equal(tf.getBackend(), "tensorflow");
  assert.match(selection.device, /^libtensorflow \d+\.\d+\.\d+, (CPU|CUDA), \d+ threads?$/);
  assert.equal(selection.device.split(", ")[0], `libtensorflow ${libtensorflowVersion()}`);
  if (selection.backend === "tensorflow") assert.match(selection.message, /^goodhart: backend tensorflow \(auto; skipped tensorflow-gpu: /);
});
