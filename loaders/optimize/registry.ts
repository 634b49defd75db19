import {SpecError, checkKeys, fail, int, num, oneOf} from "../spec-validators.ts";
import {memberStd} from "../reward/aggregate.ts";
import {allItems} from "../worlds/pool.ts";
import {bestOfN, bestOfNWeights, sortByProxy} from "./best-of-n.ts";
import {betaGrid, klTilt, tiltedPolicy} from "./kl-tilt.ts";
import {ppoOptimizer} from "./ppo.ts";
import {rlooOptimizer} from "./rloo.ts";
import {registerOptimizer} from "./types.ts";
import type {Optimizer, OptimizerEntry, OptimizerInput, OptimizerWorld, PreparedOptimizer} from "./types.ts";

/** The objective's proxy over the whole pool (pi_0's responses) and the quantities reported under a policy. */
async function poolValues({world, reward, objective}: OptimizerInput): Promise<{proxy: Float64Array; quantities: Record<string, Float64Array>}> {
  const scores = await reward.score(allItems(world.n));
  const proxy = objective.proxy(scores);
  const std = memberStd(scores.rewards);
  return {proxy, quantities: {gold: world.gold, proxy, ...(std ? {std} : {})}};
}

/** Powers of two 1, 2, 4, ... up to max_n (and max_n itself). */
export function bestOfNGrid(maxN: number): number[] {
  const ns: number[] = [];
  for (let n = 1; n < maxN; n *= 2) ns.push(n);
  ns.push(maxN);
  return ns;
}

export interface BestOfNOptions {
  /** "best_of_n": sample n responses from the initial policy, keep the one the proxy scores highest (exact expectations over the pool) */
  readonly name: "best_of_n";
  /** largest n; the curve has n = 1, 2, 4, ..., max_n (default min(1024, world.pool_size)) */
  readonly max_n: number;
}

const bestOfNOptimizer: Optimizer<BestOfNOptions> = {
  doc: "best-of-n over the pool: unbiased estimator (Coste et al.), exact KL of best-of-n over the finite pool (Gao et al.'s log n - (n - 1) / n is its infinite-pool limit)",
  normalize(raw, world) {
    checkKeys(raw, ["name", "max_n"], "optimizer");
    const K = world.pool_size ?? fail("optimizer.name", "best_of_n", "an optimiser that trains a policy (rloo, ppo): best_of_n needs a world with a pool of responses");
    return {name: "best_of_n", max_n: int(1, K)(raw.max_n ?? Math.min(1024, K), "optimizer.max_n")};
  },
  async run(input, {max_n}) {
    const {world} = input;
    const {proxy, quantities} = await poolValues(input);
    const ns = bestOfNGrid(max_n);
    const points = bestOfN(proxy, quantities, {prompts: world.prompts, poolSize: world.poolSize, ns});
    return {
      curve: points.map(({n, kl, values}) => ({point: n, beta: null, kl, kl_method: "exact", proxy_reward: values.proxy, gold_reward: values.gold, proxy_std: values.std ?? null})),
      async policy(index, prompt) {
        const K = world.poolSize;
        const order = sortByProxy(proxy, prompt * K, K);
        const w = bestOfNWeights(K, ns[index]);
        const p = new Float64Array(K);
        for (let i = 0; i < K; ++i) p[order[i] - prompt * K] = w[i];
        return p;
      }
    };
  }
};

export interface KlTiltOptions {
  /** "kl_tilt": the exact optimum of the KL-regularised objective, pi_0 tilted by exp(proxy / beta), over a grid of beta */
  readonly name: "kl_tilt";
  /** largest KL coefficient of the grid (default 10) */
  readonly beta_max: number;
  /** smallest KL coefficient of the grid (default 0.02) */
  readonly beta_min: number;
  /** grid points, log-spaced from beta_max down to beta_min (default 20) */
  readonly betas: number;
}

const klTiltOptimizer: Optimizer<KlTiltOptions> = {
  doc: "exact KL-regularised optimum over the pool, pi_beta ∝ pi_0 exp(r / beta), on a log-spaced beta grid",
  normalize(raw) {
    checkKeys(raw, ["name", "beta_max", "beta_min", "betas"], "optimizer");
    const beta_max = num(0, Infinity, {openMin: true})(raw.beta_max ?? 10, "optimizer.beta_max");
    const beta_min = num(0, Infinity, {openMin: true})(raw.beta_min ?? 0.02, "optimizer.beta_min");
    const betas = int(1, 1000)(raw.betas ?? 20, "optimizer.betas");
    if (beta_min > beta_max) fail("optimizer.beta_min", beta_min, `at most optimizer.beta_max = ${beta_max}`);
    return {name: "kl_tilt", beta_max, beta_min, betas};
  },
  async run(input, {beta_max, beta_min, betas}) {
    const {world} = input;
    const {proxy, quantities} = await poolValues(input);
    const grid = betaGrid({from: beta_max, to: beta_min, count: betas});
    const points = klTilt(proxy, quantities, {prompts: world.prompts, poolSize: world.poolSize, betas: grid});
    return {
      curve: points.map(({beta, kl, values}, i) => ({point: i, beta, kl, kl_method: "exact", proxy_reward: values.proxy, gold_reward: values.gold, proxy_std: values.std ?? null})),
      policy: async (index, prompt) => tiltedPolicy(proxy, prompt * world.poolSize, world.poolSize, grid[index])
    };
  }
};

/** Every optimiser a spec can name (optimizer.name). To add one, implement `Optimizer<C>` and register it here. */
export const optimizers: Readonly<Record<string, OptimizerEntry>> = {
  best_of_n: registerOptimizer(bestOfNOptimizer),
  kl_tilt: registerOptimizer(klTiltOptimizer),
  rloo: registerOptimizer(rlooOptimizer),
  ppo: registerOptimizer(ppoOptimizer)
};

export interface PrepareOptions {
  /** the optimisers this world can run (default: every registered one) */
  names?: readonly string[];
  /** optimizer.name when the section names none (default "best_of_n") */
  fallback?: string;
}

/**
 * The optimizer section bound to its optimiser. An unknown field that another optimiser owns gets
 * a hint on sweeping whole optimizer sections.
 */
export function prepareOptimizer(raw: Readonly<Record<string, unknown>>, world: OptimizerWorld, {names = Object.keys(optimizers), fallback = "best_of_n"}: PrepareOptions = {}): PreparedOptimizer {
  const name = oneOf(names)(raw.name ?? fallback, "optimizer.name");
  try {
    return optimizers[name].prepare(raw, world);
  } catch (error) {
    const foreign = error instanceof SpecError && /^unknown field optimizer\.(\w+)/.exec(error.message);
    if (!foreign) throw error;
    const owners = names.filter((other) => other !== name && !/unknown field/.test(tryNormalize(other, {name: other, [foreign[1]]: raw[foreign[1]]}, world)));
    throw owners.length
      ? new SpecError(`${error.message}; ${foreign[1]} belongs to ${owners.join(", ")}: to sweep optimizers that have their own options, make the whole section the axis, e.g. "optimizer": [{"name": "best_of_n", "max_n": 1024}, {"name": "kl_tilt"}]`)
      : error;
  }
}

/** The error message normalising `raw` as optimizer `name` gives ("" when it is valid). */
function tryNormalize(name: string, raw: Record<string, unknown>, world: OptimizerWorld): string {
  try {
    optimizers[name].prepare(raw, world);
    return "";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
