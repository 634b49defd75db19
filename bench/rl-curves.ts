import {readFileSync} from "node:fs";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import type {SimulatedCurve} from "../loaders/import/forecast-runs.ts";

/**
 * The policy-gradient runs (optimizer rloo or ppo) of a `goodhart run --out DIR` folder as curves with
 * exact gold where the engine computed it (exact_gold_reward), else the sampled gold_reward.
 */
export function readRlCurves(dir: string): SimulatedCurve[] {
  const read = (name: string) => tableFromIPC(readFileSync(join(dir, `${name}.arrow`))).toArray().map((r) => r.toJSON() as Record<string, unknown>);
  const optimizerOf = new Map(read("runs").filter((r) => r.optimizer === "rloo" || r.optimizer === "ppo").map((r) => [String(r.run_id), String(r.optimizer)]));
  const byRun = new Map<string, {step: number; kl: number; gold: number}[]>();
  for (const c of read("curves")) {
    const gold = c.exact_gold_reward ?? c.gold_reward;
    if (!optimizerOf.has(String(c.run_id)) || gold === null || c.kl === null) continue;
    const list = byRun.get(String(c.run_id)) ?? [];
    list.push({step: Number(c.point), kl: Number(c.kl), gold: Number(gold)});
    byRun.set(String(c.run_id), list);
  }
  if (byRun.size === 0) throw new Error(`${dir}: no policy-gradient run (optimizer rloo or ppo) with gold and KL in runs.arrow and curves.arrow (make them with goodhart run bench/import-forecast-rl.json --out ${dir})`);
  return [...byRun].map(([run_id, points]) => ({run_id, optimizer: optimizerOf.get(run_id)!, points: points.sort((a, b) => a.step - b.step)}));
}
