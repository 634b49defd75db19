// Does RL in a pool spec reach the region where the single reward model's gold falls? For every
// RLOO run against the single model (heavy-tailed world, linear policy, 25% flipped labels) in an
// experiment's output folder, grouped by its KL setting: the √KL it ends at, where the gold of the
// exact KL-regularised optimum of the same proxy peaks along the path (curves.exact_gold_reward,
// traced up to the KL the policy reached), how far that gold falls from its peak to the end, and
// the same for the policy's own gold. Medians over seeds with their range; seeds past the peak.
//   node --import tsx scripts/rl-reach.ts <folder with runs.arrow and curves.arrow>
//   (the build's: unzip src/.observablehq/cache/data/robust.zip into a folder first)
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";

interface CurvePoint {
  point: number;
  sqrt_kl: number;
  gold_reward: number;
  exact_gold_reward: number;
}

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: node --import tsx scripts/rl-reach.ts <folder with runs.arrow and curves.arrow>\n");
  process.exit(2);
}
const runs = tableFromIPC(readFileSync(join(dir, "runs.arrow")));
const curves = tableFromIPC(readFileSync(join(dir, "curves.arrow")));

const setting = new Map<string, string>();
for (const run of runs) {
  const config = JSON.parse(String(run.config_json));
  const {objective, optimizer, world, preferences} = config;
  if (objective.name !== "single" || optimizer.name !== "rloo" || world.name !== "heavy_tailed" || preferences.label_noise !== 0.25) continue;
  if ((optimizer.policy ?? "linear") !== "linear") continue;
  setting.set(String(run.run_id), optimizer.kl_control === "exact_target" ? `KL target ${optimizer.kl_target} nats` : `β ${optimizer.kl_coef}`);
}
const pathOf = new Map<string, CurvePoint[]>();
for (const row of curves) {
  const id = String(row.run_id);
  if (!setting.has(id)) continue;
  const points = pathOf.get(id) ?? [];
  points.push({point: Number(row.point), sqrt_kl: Number(row.sqrt_kl), gold_reward: Number(row.gold_reward), exact_gold_reward: Number(row.exact_gold_reward)});
  pathOf.set(id, points);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs: number[]) => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)} to ${Math.max(...xs).toFixed(2)})`;
const peakOf = (points: CurvePoint[], gold: (p: CurvePoint) => number) => points.reduce((best, p) => (gold(p) > gold(best) ? p : best));

const groups = new Map<string, {end: number[]; exactPeak: number[]; exactFall: number[]; policyFall: number[]}>();
for (const [id, points] of pathOf) {
  points.sort((a, b) => a.point - b.point);
  const last = points[points.length - 1];
  const exact = peakOf(points, (p) => p.exact_gold_reward);
  const policy = peakOf(points, (p) => p.gold_reward);
  const group = groups.get(setting.get(id)!) ?? {end: [], exactPeak: [], exactFall: [], policyFall: []};
  group.end.push(last.sqrt_kl);
  group.exactPeak.push(exact.sqrt_kl);
  group.exactFall.push(exact.exact_gold_reward - last.exact_gold_reward);
  group.policyFall.push(policy.gold_reward - last.gold_reward);
  groups.set(setting.get(id)!, group);
}
process.stdout.write("single reward model, RLOO, heavy-tailed world, 25% flipped labels: medians over seeds (range)\n");
for (const [name, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
  const past = g.end.filter((end, i) => end > g.exactPeak[i]).length;
  process.stdout.write(`${name}, ${g.end.length} seeds: ends at √KL ${summary(g.end)}; the exact optimum's gold peaks at √KL ${summary(g.exactPeak)} and falls ${summary(g.exactFall)} from there to the end; ${past} of ${g.end.length} seeds end past that peak; the policy's gold falls ${summary(g.policyFall)} from its own best point\n`);
}
