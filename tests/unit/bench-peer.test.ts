// The bench's PyTorch peer without PyTorch: the runner strips this machine's OpenBLAS overrides from
// the peer's environment only and parses what it prints (a stand-in python that echoes them), and
// errors name the command; ratios pair repeats. The real peer runs in `npm run bench` when installed.
import assert from "node:assert/strict";
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {pairedRatio, peerThreads} from "../../bench/lm-vs-torch.ts";
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
  const {python, done} = fakePython(`echo '{"torch_version": "9", "threads": 2, "blas": "'"\${OPENBLAS_CORETYPE:-unset}/\${OPENBLAS_L2_SIZE:-unset}/\${KEEP:-unset}"'", "sft_tokens_per_s": 1500, "rl_tokens_per_s": 700}'`);
  try {
    const r = runTorchPeer(python, {config, promptWidth: 8, env: {PATH: process.env.PATH, OPENBLAS_CORETYPE: "Haswell", OPENBLAS_L2_SIZE: "512", KEEP: "kept"}});
    assert.deepEqual(r, {torch_version: "9", threads: 2, blas: "unset/unset/kept", sft_tokens_per_s: 1500, rl_tokens_per_s: 700});
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
  const {python, done} = fakePython(`echo '{"torch_version": "9", "threads": '"$(echo "$@" | sed 's/.*--threads \\([0-9]*\\).*/\\1/')"', "blas": "b", "sft_tokens_per_s": 1, "rl_tokens_per_s": 1}'`);
  try {
    assert.equal(runTorchPeer(python, {config, promptWidth: 8, threads: 3}).threads, 3);
  } finally {
    done();
  }
});
