import {checkKeys, fail, int, num} from "../fields.ts";
import {bestOfN, bestOfNWeights, sortByProxy} from "./best-of-n.ts";
import {betaGrid, klTilt, tiltedPolicy} from "./kl-tilt.ts";
import {ppoOptimizer} from "./ppo.ts";
import {rlooOptimizer} from "./rloo.ts";
import type {Optimizer, OptimizerInput} from "./types.ts";

const quantities = ({world, proxy, memberStd}: OptimizerInput): Record<string, Float64Array> => ({
  gold: world.gold,
  proxy,
  ...(memberStd ? {std: memberStd} : {})
});

/** Powers of two 1, 2, 4, ... up to max_n (and max_n itself). */
export function bestOfNGrid(maxN: number): number[] {
  const ns: number[] = [];
  for (let n = 1; n < maxN; n *= 2) ns.push(n);
  ns.push(maxN);
  return ns;
}

const bestOfNOptimizer: Optimizer = {
  doc: "best-of-n over the pool: unbiased estimator (Coste et al.), KL = log n - (n - 1) / n (Gao et al.)",
  normalize(raw, world) {
    checkKeys(raw, ["name", "max_n"], "optimizer");
    const max_n = int(1, world.pool_size)(raw.max_n ?? Math.min(1024, world.pool_size), "optimizer.max_n");
    return {max_n};
  },
  run(input, {max_n}) {
    const {world} = input;
    const ns = bestOfNGrid(max_n as number);
    const points = bestOfN(input.proxy, quantities(input), {prompts: world.prompts, poolSize: world.poolSize, ns});
    return {
      curve: points.map(({n, kl, values}) => ({point: n, beta: null, kl, proxy_reward: values.proxy, gold_reward: values.gold, proxy_std: values.std ?? null})),
      policy(index, prompt) {
        const K = world.poolSize;
        const order = sortByProxy(input.proxy, prompt * K, K);
        const w = bestOfNWeights(K, ns[index]);
        const p = new Float64Array(K);
        for (let i = 0; i < K; ++i) p[order[i] - prompt * K] = w[i];
        return p;
      }
    };
  }
};

const klTiltOptimizer: Optimizer = {
  doc: "exact KL-regularised optimum over the pool, pi_beta ∝ pi_0 exp(r / beta), on a log-spaced beta grid",
  normalize(raw) {
    checkKeys(raw, ["name", "beta_max", "beta_min", "betas"], "optimizer");
    const beta_max = num(0, Infinity, {openMin: true})(raw.beta_max ?? 10, "optimizer.beta_max");
    const beta_min = num(0, Infinity, {openMin: true})(raw.beta_min ?? 0.02, "optimizer.beta_min");
    const betas = int(1, 1000)(raw.betas ?? 20, "optimizer.betas");
    if (beta_min > beta_max) fail("optimizer.beta_min", beta_min, `at most optimizer.beta_max = ${beta_max}`);
    return {beta_max, beta_min, betas};
  },
  run(input, {beta_max, beta_min, betas}) {
    const {world} = input;
    const grid = betaGrid({from: beta_max as number, to: beta_min as number, count: betas as number});
    const points = klTilt(input.proxy, quantities(input), {prompts: world.prompts, poolSize: world.poolSize, betas: grid});
    return {
      curve: points.map(({beta, kl, values}, i) => ({point: i, beta, kl, proxy_reward: values.proxy, gold_reward: values.gold, proxy_std: values.std ?? null})),
      policy: (index, prompt) => tiltedPolicy(input.proxy, prompt * world.poolSize, world.poolSize, grid[index])
    };
  }
};

/** Every optimiser a spec can name. Policy-gradient optimisers register here too. */
export const optimizers: Record<string, Optimizer> = {
  best_of_n: bestOfNOptimizer,
  kl_tilt: klTiltOptimizer,
  rloo: rlooOptimizer,
  ppo: ppoOptimizer
};
