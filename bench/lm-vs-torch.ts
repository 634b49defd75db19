/**
 * The language model against the same model in PyTorch (bench/torch_lm.py), for `npm run bench`:
 * SFT and RL training tokens/s at the default size and at white-box-large's, the same shapes
 * (the default text world's vocabulary, context and prompt width; 64 sequences per step), alternated
 * in one run: each repeat measures every goodhart backend and then PyTorch, size by size, so that
 * a change in the machine's load hits both sides of a ratio. Ratios are goodhart / PyTorch per
 * repeat (paired), and their median is reported. The peer runs twice per size: with as many threads
 * as goodhart's libtensorflow (TF_NUM_INTRAOP_THREADS, 1 by default; the same cores on both sides)
 * and with every core (PyTorch's own default, what a researcher's script gets).
 */
import {availableParallelism, loadavg} from "node:os";
import {selectBackend} from "../loaders/backend/backend.ts";
import type {BackendName} from "../loaders/backend/backend.ts";
import {deriveSeed} from "../loaders/random.ts";
import {lmConfig} from "../loaders/policy/lm/config.ts";
import type {LmConfig} from "../loaders/policy/lm/config.ts";
import {benchSft} from "../loaders/measure/lm-bench.ts";
import {benchRlLm} from "../loaders/measure/rl-lm-bench.ts";
import {generateTextWorld} from "../loaders/worlds/text/world.ts";
import {findTorchPython, runTorchPeer, TORCH_INSTALL} from "./torch-peer.ts";
import type {TorchPeerResult} from "./torch-peer.ts";

/** The sizes compared, with timed steps per measurement (fewer at the large size: it is ~10x the work). */
export const PEER_SIZES = [
  {setting: "d 64, 2 layers (default)", model: {d_model: 64, layers: 2, heads: 4}, sftSteps: 10, rlSteps: 8},
  {setting: "d 256, 4 layers (white-box-large)", model: {d_model: 256, layers: 4, heads: 4}, sftSteps: 4, rlSteps: 3}
] as const;

export interface PeerMeasurement {
  readonly setting: string;
  /** a goodhart backend or "pytorch" */
  readonly backend: string;
  /** the peer's threads; null for goodhart's backends */
  readonly threads: number | null;
  readonly sft: number[];
  readonly rl: number[];
}

export interface LmVsTorchResult {
  readonly measurements: PeerMeasurement[];
  /** the peer's description (version, threads, BLAS); null when it did not run */
  readonly peer: Omit<TorchPeerResult, "sft_tokens_per_s" | "rl_tokens_per_s"> | null;
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
  const record = (setting: string, backend: string, threads: number | null, sft: number, rl: number) => {
    const key = `${setting}\u0000${backend}\u0000${threads}`;
    const m = measurements.get(key) ?? {setting, backend, threads, sft: [], rl: []};
    m.sft.push(sft);
    m.rl.push(rl);
    measurements.set(key, m);
  };
  let peer: LmVsTorchResult["peer"] = null;
  const loads: number[] = [];
  for (let r = 0; r < repeats; ++r) {
    loads.push(loadavg()[0]);
    for (const size of sizes) {
      for (const backend of backends) {
        await selectBackend({flag: backend, log: null});
        const sft = await benchSft({model: size.model, steps: size.sftSteps});
        const rl = await benchRlLm({model: size.model, steps: size.rlSteps, warmup: 1});
        record(size.setting, backend, null, sft.tokensPerSecond, rl.tokensPerSecond);
        log(`repeat ${r + 1}, ${size.setting}, ${backend}: SFT ${sft.tokensPerSecond.toFixed(0)}, RL ${rl.tokensPerSecond.toFixed(0)} tokens/s`);
      }
      if (!python) continue;
      for (const threads of peerThreads()) {
        const {sft_tokens_per_s, rl_tokens_per_s, ...about} = runTorchPeer(python, {config: configOf(size.model), promptWidth: world.layout.promptWidth, sftSteps: size.sftSteps, rlSteps: size.rlSteps, threads});
        peer = {torch_version: about.torch_version, threads: about.threads, blas: about.blas};
        record(size.setting, "pytorch", about.threads, sft_tokens_per_s, rl_tokens_per_s);
        log(`repeat ${r + 1}, ${size.setting}, pytorch ${about.threads} thread(s): SFT ${sft_tokens_per_s.toFixed(0)}, RL ${rl_tokens_per_s.toFixed(0)} tokens/s`);
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
