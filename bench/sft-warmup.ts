/**
 * How a fresh process's SFT steps settle, on the tensorflow backend: eight rounds of two SFT steps
 * of 64 sequences from the same weights, each with its wall time per step, the process's resident
 * memory, minor page faults and system CPU time per step. Early steps grow the heap and fault in new
 * pages, which costs system time; the bench's untimed steps (PEER_SIZES in lm-vs-torch.ts) are sized
 * from this. Usage: node --import tsx bench/sft-warmup.ts [d_model (256)] [layers (4)]
 */
import {selectBackend} from "../loaders/backend/backend.ts";
import {deriveSeed} from "../loaders/random.ts";
import {lmConfig} from "../loaders/policy/lm/config.ts";
import {supervisedFineTune} from "../loaders/policy/lm/sft.ts";
import {disposeWeights, initWeights, toTensors, toVariables} from "../loaders/policy/lm/weights.ts";
import {generateTextWorld} from "../loaders/worlds/text/world.ts";

const [dModel, layers] = [Number(process.argv[2] ?? 256), Number(process.argv[3] ?? 4)];
if (!Number.isInteger(dModel) || dModel < 4 || !Number.isInteger(layers) || layers < 1) throw new Error(`invalid arguments: ${process.argv.slice(2).join(" ")} (expected d_model >= 4 and layers >= 1, integers)`);
await selectBackend({flag: "tensorflow", log: null});
const world = generateTextWorld(deriveSeed(1, "bench", "world"), {demonstrations: 512});
const config = lmConfig({d_model: dModel, layers, heads: 4, vocab: world.vocabulary.words.length, context: world.layout.context});
const weights = toTensors(config, initWeights(config, deriveSeed(1, "bench", "weights")));
const params = toVariables(weights);
for (let round = 0; round < 8; round++) {
  const [before, t0] = [process.resourceUsage(), performance.now()];
  await supervisedFineTune(config, params, world, {steps: 2, batch: 64, seed: 1, log_every: 2});
  const [after, ms] = [process.resourceUsage(), (performance.now() - t0) / 2];
  const faults = (after.minorPageFault - before.minorPageFault) / 2;
  const sysMs = (after.systemCPUTime - before.systemCPUTime) / 2000;
  console.log(`steps ${2 * round + 1}-${2 * round + 2}: ${ms.toFixed(0)} ms per step, resident ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, ${faults.toFixed(0)} minor page faults and ${sysMs.toFixed(0)} ms of system time per step`);
}
disposeWeights(params);
disposeWeights(weights);
