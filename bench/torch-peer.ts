/**
 * The language model's PyTorch peer (bench/torch_lm.py) run from Node: finds a python3 that imports
 * torch, runs one size's SFT and RL steps and parses the JSON it prints. OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE are unset in the peer's environment only: this machine sets them for old OpenBLAS
 * builds, and Debian's OpenBLAS runs its matmuls ~35% slower with them (shared/notes/platform.md).
 */
import {spawnSync} from "node:child_process";
import {fileURLToPath} from "node:url";
import type {LmConfig} from "../loaders/policy/lm/config.ts";

/** What a researcher installs to get the peer (Debian 12); OpenBLAS, else torch runs on the reference BLAS. */
export const TORCH_INSTALL = "apt-get install -y python3-torch libopenblas0-pthread";

const SCRIPT = fileURLToPath(new URL("./torch_lm.py", import.meta.url));
/** python3 from PATH first (it may be a pyenv shim without torch), then Debian's. */
const PYTHONS = ["python3", "/usr/bin/python3"];

export interface TorchPeerResult {
  readonly torch_version: string;
  readonly threads: number;
  /** the library Debian's libblas.so.3 alternative points at */
  readonly blas: string;
  readonly sft_tokens_per_s: number;
  readonly rl_tokens_per_s: number;
  /** GFLOP/s of one SFT step's matrix products alone, with their gradient products */
  readonly gemm_gflops: number;
  /** microseconds per tiny element-wise op (8 x 8), a kernel's fixed cost */
  readonly dispatch_us: number;
}

export interface TorchPeerOptions {
  /** the model's size and shapes (vocab, context, d_model, layers, heads, mlp_ratio) */
  readonly config: LmConfig;
  /** tokens of the prompt part of each sequence */
  readonly promptWidth: number;
  /** untimed SFT and RL steps before the timed ones (default 2) */
  readonly warmup?: number;
  /** timed SFT steps of 64 sequences (default 10) */
  readonly sftSteps?: number;
  /** timed RL steps of 8 x 8 sequences (default 8) */
  readonly rlSteps?: number;
  /** PyTorch's intra-op threads (default: the peer's own default, every core) */
  readonly threads?: number;
  /** environment of the peer (default process.env, less the OpenBLAS overrides) */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The first python3 that imports torch, or null. */
export function findTorchPython(): string | null {
  for (const python of PYTHONS) {
    const r = spawnSync(python, ["-c", "import torch"], {stdio: "ignore"});
    if (r.status === 0) return python;
  }
  return null;
}

/** Runs the peer for one model size; throws with the peer's stderr when it fails. */
export function runTorchPeer(python: string, {config, promptWidth, warmup = 2, sftSteps = 10, rlSteps = 8, threads, env = process.env}: TorchPeerOptions): TorchPeerResult {
  const {OPENBLAS_CORETYPE: _coretype, OPENBLAS_L2_SIZE: _l2, ...peerEnv} = env;
  const args = [SCRIPT, "--vocab", config.vocab, "--context", config.context, "--prompt-width", promptWidth, "--d-model", config.d_model, "--layers", config.layers, "--heads", config.heads, "--mlp-ratio", config.mlp_ratio, "--warmup", warmup, "--sft-steps", sftSteps, "--rl-steps", rlSteps, ...(threads === undefined ? [] : ["--threads", threads])].map(String);
  // OpenBLAS's pthreads pool reads its own variables, not torch.set_num_threads alone.
  const threadEnv = threads === undefined ? {} : {OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads)};
  const r = spawnSync(python, args, {env: {...peerEnv, ...threadEnv}, encoding: "utf8", maxBuffer: 1 << 20});
  if (r.status !== 0) throw new Error(`PyTorch peer failed (${python} ${args.join(" ")}, exit ${r.status}): ${(r.stderr || String(r.error)).trim().split("\n").at(-1)}`);
  const parsed: unknown = JSON.parse(r.stdout);
  const ok = (v: unknown): v is TorchPeerResult => typeof v === "object" && v !== null && typeof (v as TorchPeerResult).sft_tokens_per_s === "number" && typeof (v as TorchPeerResult).rl_tokens_per_s === "number" && typeof (v as TorchPeerResult).gemm_gflops === "number" && typeof (v as TorchPeerResult).dispatch_us === "number";
  if (!ok(parsed)) throw new Error(`PyTorch peer printed no sft_tokens_per_s/rl_tokens_per_s/gemm_gflops/dispatch_us: ${r.stdout.slice(0, 200)}`);
  return parsed;
}
