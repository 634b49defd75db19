// How strongly a KL coefficient binds on a pool spec's proxies: for each run of the spec's
// "objectives" sweep (seeds 1..N, default 3), the objective standardised on pi_0 as policy
// gradient sees it, its raw pi_0 mean and std, the beta at which the exact KL-regularised optimum
// pi_beta ∝ pi_0 exp(r / beta) over the pool reaches KL 0.25, 1, 2 and 4 nats, and the KL it
// reaches at beta 0.02, 0.1 and 0.5 (the argmax's is at most ln pool_size).
//   node --import tsx scripts/kl-scale.ts [seeds] [spec]   (default 3, data/experiments/robust-rl.json)
import {releaseBackends, selectBackend} from "../loaders/backend/backend.ts";
import {deriveSeed} from "../loaders/random.ts";
import {generateWorld} from "../loaders/worlds/feature-world.ts";
import {allItems} from "../loaders/worlds/pool.ts";
import {makePreferences} from "../loaders/reward/preferences.ts";
import {trainEnsemble} from "../loaders/reward/ensemble.ts";
import {objectives, standardizedObjective} from "../loaders/reward/objectives.ts";
import {poolReward} from "../loaders/reward/reward.ts";
import {betaForKl, klTilt} from "../loaders/optimize/kl-tilt.ts";
import {expandRuns, loadSpec} from "../loaders/run/spec/spec.ts";
import {isTextPlan} from "../loaders/run/kinds/index.ts";
import type {RunPlan} from "../loaders/run/kinds/index.ts";

await selectBackend();
const spec = loadSpec(process.argv[3] ?? "data/experiments/robust-rl.json");
const plans = expandRuns(spec).filter((p): p is RunPlan<"pool"> => !isTextPlan(p) && p.sweep === "objectives" && p.config.seed <= Number(process.argv[2] ?? 3));
const targets = [0.25, 1, 2, 4];
const groups = new Map<string, RunPlan<"pool">[]>();
for (const p of plans) {
  const k = `${p.config.seed}|${p.config.preferences.label_noise}`;
  groups.set(k, [...(groups.get(k) ?? []), p]);
}
console.log("seed noise objective raw_pi0_mean raw_pi0_sd ln_K " + targets.map((t) => `beta@KL${t}`).join(" ") + " KL@beta0.02 KL@0.1 KL@0.5");
for (const ps of groups.values()) {
  const {seed, world: wo, preferences, reward_model, ensemble} = ps[0].config;
  const world = generateWorld(wo, deriveSeed(seed, "world"));
  const {train, heldout} = makePreferences(world, preferences, deriveSeed(seed, "preferences"));
  const size = Math.max(...ps.map((p) => p.config.ensemble.size));
  if (reward_model.architecture === "brme") continue;
  const scored = await trainEnsemble(world, train, heldout, reward_model, {...ensemble, size}, deriveSeed(seed, "ensemble"));
  for (const p of ps) {
    const c = p.config;
    const reward = poolReward(c.reward_model.architecture, scored.rewards.slice(0, c.ensemble.size), null);
    const ref = await reward.score(allItems(world.n));
    const {state, mean, std} = standardizedObjective(objectives[c.objective.name].start(c.objective.param, ref), ref);
    const z = state.proxy(ref);
    const at = (kl: number) => betaForKl(z, {prompts: world.prompts, poolSize: world.poolSize, kl});
    const kl = (b: number) => klTilt(z, {}, {prompts: world.prompts, poolSize: world.poolSize, betas: [b]})[0].kl;
    console.log([seed, c.preferences.label_noise, c.objective.name, mean.toFixed(2), std.toFixed(2), Math.log(world.poolSize).toFixed(2), ...targets.map((t) => at(t).toPrecision(3)), kl(0.02).toFixed(2), kl(0.1).toFixed(2), kl(0.5).toFixed(2)].join(" "));
  }
}
releaseBackends();
