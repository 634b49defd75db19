// The bench's PyTorch peer without PyTorch: the runner strips this machine's OpenBLAS overrides from
// the peer's environment only and parses what it prints (a stand-in python that echoes them), and
// errors name the command; ratios pair repeats. The real peer runs in `npm run bench` when installed.
import assert from "node:assert/strict";
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {pairedRatio, peerThreads, sftCeiling, sftMatmulShapes} from "../../bench/lm-vs-torch.ts";
import {runTorchPeer} from "../../bench/torch-peer.ts";
import {lmConfig} from "../../loaders/policy/lm/config.ts";

const config = lmConfig({vocab: 287, context: 32});

function fakePython(body: string): {python: string; done: () => void} {
  const dir = mkdtempSync(join(tmpdir(), "goodhart-peer-"));
  const python = join(dir, "python3");
  writeFileSync(python, `#!/bin/sh\n${body}\n`);
  chmodSync(python, 0o755);
  return {python, done: () => rmSync(dir, {recursive: true, force: true})};
}

test("the peer runs without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE and its JSON is parsed", () => {
  const {python, done} = fakePython(`echo '{"torch_version": "9", "threads": 2, "blas": "'"\${OPENBLAS_CORETYPE:-unset}/\${OPENBLAS_L2_SIZE:-unset}/\${KEEP:-unset}"'", "sft_tokens_per_s": 1500, "rl_tokens_per_s": 700, "gemm_gflops": 90, "dispatch_us": 1.5}'`);
  try {
    const r = runTorchPeer(python, {config, promptWidth: 8, env: {PATH: process.env.PATH, OPENBLAS_CORETYPE: "Haswell", OPENBLAS_L2_SIZE: "512", KEEP: "kept"}});
    assert.deepEqual(r, {torch_version: "9", threads: 2, blas: "unset/unset/kept", sft_tokens_per_s: 1500, rl_tokens_per_s: 700, gemm_gflops: 90, dispatch_us: 1.5});
  } finally {
    done();
  }
});

test("a failing peer or one that prints no rates is an error naming the command", () => {
  const failing = fakePython("echo 'ModuleNotFoundError: torch' >&2; exit 1");
  const silent = fakePython(`echo '{"torch_version": "9"}'`);
  try {
    assert.throws(() => runTorchPeer(failing.python, {config, promptWidth: 8}), /PyTorch peer failed \(.*torch_lm\.py --vocab 287 .*exit 1\): ModuleNotFoundError: torch/);
    assert.throws(() => runTorchPeer(silent.python, {config, promptWidth: 8}), /printed no sft_tokens_per_s/);
  } finally {
    failing.done();
    silent.done();
  }
});

test("ratios pair repeats and take the median", () => {
  assert.equal(pairedRatio([2, 4, 6], [1, 1, 2]), 3); // 2, 4, 3
  assert.equal(pairedRatio([5], [10]), 0.5);
});

test("the peer runs on goodhart's libtensorflow threads and on every core, and passes --threads on", () => {
  assert.deepEqual(peerThreads({}, 2), [1, 2]);
  assert.deepEqual(peerThreads({TF_NUM_INTRAOP_THREADS: "2"}, 2), [2]);
  assert.deepEqual(peerThreads({TF_NUM_INTRAOP_THREADS: "4"}, 16), [4, 16]);
  const {python, done} = fakePython(`echo '{"torch_version": "9", "threads": '"$(echo "$@" | sed 's/.*--threads \\([0-9]*\\).*/\\1/')"', "blas": "b", "sft_tokens_per_s": 1, "rl_tokens_per_s": 1, "gemm_gflops": 1, "dispatch_us": 1}'`);
  try {
    assert.equal(runTorchPeer(python, {config, promptWidth: 8, threads: 3}).threads, 3);
  } finally {
    done();
  }
});

test("the SFT ceiling: PyTorch's step time over goodhart's matrix products (and kernel costs), by hand", () => {
  // 64 x 32 = 2048 rows; per layer m k n = 2048 x 64 x (192 + 64 + 256) + 2048 x 256 x 64 = 100,663,296;
  // 2 layers and the tied head 2048 x 64 x 287 = 37,617,664: 238,944,256, times 6 with the gradient products.
  const shapes = sftMatmulShapes(config);
  assert.equal(shapes.length, 9);
  assert.deepEqual(shapes[0], [2048, 64, 192]);
  assert.deepEqual(shapes.at(-1), [2048, 64, 287]);
  assert.equal(shapes.reduce((s, [m, k, n]) => s + m * k * n, 0), 238_944_256);
  const torchStep = 2048 / 43_000; // s
  const products = (6 * 238_944_256) / 100e9; // s at 100 GFLOP/s
  assert.ok(Math.abs(sftCeiling({config, torchSft: 43_000, gemmGflops: 100}) - torchStep / products) < 1e-12);
  assert.ok(Math.abs(sftCeiling({config, torchSft: 43_000, gemmGflops: 100, kernels: 677, dispatchUs: 20}) - torchStep / (products + 677 * 20e-6)) < 1e-12);
  assert.ok(sftCeiling({config, torchSft: 43_000, gemmGflops: 100, kernels: 677, dispatchUs: 20}) < sftCeiling({config, torchSft: 43_000, gemmGflops: 100}));
});
