/**
 * The language model against the same model in PyTorch (bench/torch_lm.py), for `npm run bench`:
 * SFT and RL training tokens/s at the default size and at white-box-large's, the same shapes
 * (the default text world's vocabulary, context and prompt width; 64 sequences per step), alternated
 * in one run: each repeat measures every goodhart backend and then PyTorch, size by size, so that
 * a change in the machine's load hits both sides of a ratio. Ratios are goodhart / PyTorch per
 * repeat (paired), and their median is reported. The peer runs twice per size: with as many threads
 * as goodhart's libtensorflow (TF_NUM_INTRAOP_THREADS, 1 by default; the same cores on both sides)
 * and with every core (PyTorch's own default, what a researcher's script gets).
 *
 * What bounds a ratio is measured beside it, on both sides: the GFLOP/s of one SFT step's matrix
 * products alone (forward and gradient products at the step's shapes) and the fixed cost of one
 * tiny kernel. `sftCeiling` turns them into the ratio goodhart could reach if its SFT step were only
 * its matrix products (and, given its kernels per step, one fixed cost per kernel).
 */
import {availableParallelism, loadavg} from "node:os";
import {selectBackend} from "../loaders/backend/backend.ts";
import type {BackendName} from "../loaders/backend/backend.ts";
import {deriveSeed} from "../loaders/random.ts";
import {lmConfig} from "../loaders/policy/lm/config.ts";
import type {LmConfig} from "../loaders/policy/lm/config.ts";
import {benchSft, lmMatmulShapes} from "../loaders/measure/lm-bench.ts";
import {profileSft} from "../loaders/measure/lm-profile.ts";
import {timeDispatch, timeMatmulChain} from "../loaders/measure/matmul.ts";
import {benchRlLm} from "../loaders/measure/rl-lm-bench.ts";
import {generateTextWorld} from "../loaders/worlds/text/world.ts";
import {findTorchPython, runTorchPeer, TORCH_INSTALL} from "./torch-peer.ts";
import type {TorchPeerResult} from "./torch-peer.ts";

/**
 * The sizes compared, with untimed steps (SFT and RL, the same on both sides) and timed steps per
 * measurement (fewer timed at the large size: it is ~10x the work). The untimed steps reach a steady
 * state: a fresh tensorflow process grows its heap over its first SFT steps, and each new page costs a
 * fault. At d_model 256 on this 2-core VM (`node --import tsx bench/sft-warmup.ts`, 2026-12-07):
 * 2,757 ms a step and 1.5 s of it system time in steps 1-2, 520-770 ms and up to 0.3 s in steps 3-10,
 * 540 ms and under 10 ms from step 11 on. PyTorch is steady after two.
 */
export const PEER_SIZES = [
  {setting: "d 64, 2 layers (default)", model: {d_model: 64, layers: 2, heads: 4}, warmup: 4, sftSteps: 10, rlSteps: 8},
  {setting: "d 256, 4 layers (white-box-large)", model: {d_model: 256, layers: 4, heads: 4}, warmup: 10, sftSteps: 8, rlSteps: 3}
] as const;

export interface PeerMeasurement {
  readonly setting: string;
  /** the model compared (the bench world's vocabulary and context) */
  readonly config: LmConfig;
  /** a goodhart backend or "pytorch" */
  readonly backend: string;
  /** the peer's threads; null for goodhart's backends */
  readonly threads: number | null;
  readonly sft: number[];
  readonly rl: number[];
  /** GFLOP/s of the SFT step's matrix products alone (sftMatmulShapes, with gradient products), per repeat */
  readonly gemm: number[];
  /** microseconds per tiny element-wise kernel, per repeat */
  readonly dispatch: number[];
  /** kernels one SFT step launches (tf.profile); null for the peer */
  readonly kernels: number | null;
}

/** Sequences per SFT step, on both sides (benchSft's and torch_lm.py's default). */
export const SFT_BATCH = 64;

/**
 * The matrix products of one SFT step (forward shapes; each runs with its two gradient products):
 * lmMatmulShapes over batch x context rows less the token embedding, a gather on both sides.
 * bench/torch_lm.py's gemm_rate builds the same list.
 */
export function sftMatmulShapes(config: LmConfig, batch = SFT_BATCH): [number, number, number][] {
  return lmMatmulShapes(config, batch * config.context).slice(1);
}

/**
 * The ratio goodhart / PyTorch that goodhart's SFT could reach if its step were only its matrix
 * products at `gemmGflops` (plus, when given, `kernels` fixed costs of `dispatchUs` each): PyTorch's
 * measured step time over that floor. Below a target, no change outside the matrix products (or
 * outside the kernel count) reaches it.
 */
export function sftCeiling({config, torchSft, gemmGflops, kernels = 0, dispatchUs = 0}: {config: LmConfig; torchSft: number; gemmGflops: number; kernels?: number; dispatchUs?: number}): number {
  const flops = sftMatmulShapes(config).reduce((s, [m, k, n]) => s + 6 * m * k * n, 0);
  const floorSeconds = flops / (gemmGflops * 1e9) + (kernels * dispatchUs) / 1e6;
  const torchSeconds = (SFT_BATCH * config.context) / torchSft;
  return torchSeconds / floorSeconds;
}

export interface LmVsTorchResult {
  readonly measurements: PeerMeasurement[];
  /** the peer's description (version, threads, BLAS); null when it did not run */
  readonly peer: Pick<TorchPeerResult, "torch_version" | "threads" | "blas"> | null;
  /** why the peer did not run, with the install line; null when it ran */
  readonly skipped: string | null;
  /** 1-minute load averages before each repeat */
  readonly loads: number[];
}

export interface LmVsTorchOptions {
  readonly backends: readonly BackendName[];
  /** alternated repeats (default 3) */
  readonly repeats?: number;
  /** sizes compared (default PEER_SIZES) */
  readonly sizes?: readonly (typeof PEER_SIZES)[number][];
  readonly log?: (line: string) => void;
}

export async function benchLmAgainstTorch({backends, repeats = 3, sizes = PEER_SIZES, log = () => {}}: LmVsTorchOptions): Promise<LmVsTorchResult> {
  const world = generateTextWorld(deriveSeed(1, "bench", "world"), {demonstrations: 512});
  const configOf = (model: Partial<LmConfig>) => lmConfig({...model, vocab: world.vocabulary.words.length, context: world.layout.context});
  const python = findTorchPython();
  const skipped = python ? null : `PyTorch not found (no python3 imports torch): install it with \`${TORCH_INSTALL}\` to compare`;
  if (skipped) log(skipped);
  const measurements = new Map<string, PeerMeasurement>();
  /** Adds one repeat's figures; `kernels` is kept from the first repeat (measured once per size and backend). */
  const record = (size: (typeof sizes)[number], backend: string, threads: number | null, figures: {sft: number; rl: number; gemm: number; dispatch: number}, kernels: number | null) => {
    const key = `${size.setting}\u0000${backend}\u0000${threads}`;
    const m = measurements.get(key) ?? {setting: size.setting, config: configOf(size.model), backend, threads, sft: [], rl: [], gemm: [], dispatch: [], kernels};
    m.sft.push(figures.sft);
    m.rl.push(figures.rl);
    m.gemm.push(figures.gemm);
    m.dispatch.push(figures.dispatch);
    measurements.set(key, m);
  };
  let peer: LmVsTorchResult["peer"] = null;
  const loads: number[] = [];
  for (let r = 0; r < repeats; ++r) {
    loads.push(loadavg()[0]);
    for (const size of sizes) {
      for (const backend of backends) {
        await selectBackend({flag: backend, log: null});
        const sft = await benchSft({model: size.model, steps: size.sftSteps, warmup: size.warmup, batch: SFT_BATCH});
        const rl = await benchRlLm({model: size.model, steps: size.rlSteps, warmup: size.warmup});
        const gemm = (await timeMatmulChain(sftMatmulShapes(configOf(size.model)), {reps: 3, gradients: true})).gflops;
        const dispatch = await timeDispatch();
        const kernels = r === 0 ? (await profileSft({model: size.model, steps: 2, batch: SFT_BATCH})).kernelsPerStep : null;
        record(size, backend, null, {sft: sft.tokensPerSecond, rl: rl.tokensPerSecond, gemm, dispatch}, kernels);
        log(`repeat ${r + 1}, ${size.setting}, ${backend}: SFT ${sft.tokensPerSecond.toFixed(0)}, RL ${rl.tokensPerSecond.toFixed(0)} tokens/s; SFT products ${gemm.toFixed(1)} GFLOP/s, ${dispatch.toFixed(1)} us per tiny kernel`);
      }
      if (!python) continue;
      for (const threads of peerThreads()) {
        const {sft_tokens_per_s, rl_tokens_per_s, gemm_gflops, dispatch_us, ...about} = runTorchPeer(python, {config: configOf(size.model), promptWidth: world.layout.promptWidth, warmup: size.warmup, sftSteps: size.sftSteps, rlSteps: size.rlSteps, threads});
        peer = {torch_version: about.torch_version, threads: about.threads, blas: about.blas};
        record(size, "pytorch", about.threads, {sft: sft_tokens_per_s, rl: rl_tokens_per_s, gemm: gemm_gflops, dispatch: dispatch_us}, null);
        log(`repeat ${r + 1}, ${size.setting}, pytorch ${about.threads} thread(s): SFT ${sft_tokens_per_s.toFixed(0)}, RL ${rl_tokens_per_s.toFixed(0)} tokens/s; SFT products ${gemm_gflops.toFixed(1)} GFLOP/s, ${dispatch_us.toFixed(1)} us per tiny kernel`);
      }
    }
  }
  return {measurements: [...measurements.values()], peer, skipped, loads};
}

/**
 * The peer's thread counts: goodhart's libtensorflow intra-op threads (set when the tensorflow
 * backend loads; 1 when it has not) and every core, without repeats.
 */
export function peerThreads(env: Readonly<Record<string, string | undefined>> = process.env, cores = availableParallelism()): number[] {
  const goodhart = Number(env.TF_NUM_INTRAOP_THREADS) || 1;
  return [...new Set([goodhart, cores])];
}

/** Median of goodhart / PyTorch over paired repeats. */
export function pairedRatio(goodhart: readonly number[], torch: readonly number[]): number {
  const ratios = goodhart.slice(0, torch.length).map((g, i) => g / torch[i]).sort((a, b) => a - b);
  return ratios[ratios.length >> 1];
}
