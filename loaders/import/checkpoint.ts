export interface BestCheckpoint {
  /** step with the highest gold (the first of ties) */
  best_gold_step: number;
  best_gold: number;
  /** step with the highest proxy: what selecting a checkpoint by the proxy picks */
  proxy_best_step: number;
  gold_at_proxy_best: number;
  /** gold at the proxy-best step minus the best gold (<= 0: what selecting by proxy costs) */
  proxy_selection_cost: number;
}

/** The best checkpoint by gold among logged points with both rewards, and the cost of picking by proxy. */
export function bestCheckpoint(points: readonly {step: number; proxy: number; gold: number}[]): BestCheckpoint | null {
  if (points.length === 0) return null;
  let byGold = points[0], byProxy = points[0];
  for (const p of points) {
    if (p.gold > byGold.gold) byGold = p;
    if (p.proxy > byProxy.proxy) byProxy = p;
  }
  return {best_gold_step: byGold.step, best_gold: byGold.gold, proxy_best_step: byProxy.step, gold_at_proxy_best: byProxy.gold, proxy_selection_cost: byProxy.gold - byGold.gold};
}
