import {forecastGold} from "./forecast.ts";

/** One simulated run's curve, as the engine's curves table holds it. */
export interface SimulatedCurve {
  run_id: string;
  optimizer: string;
  points: readonly {step: number; kl: number; gold: number}[];
}

export interface RunForecastError {
  run_id: string;
  optimizer: string;
  /** |forecast peak step - true peak step| / last step; null when no peak was forecast */
  peak_step_error: number | null;
  /** |forecast fall - true fall| / (max gold - min gold of the run) */
  fall_error: number | null;
  /** whether the forecast and the run agree on gold falling by the end (true fall and forecast fall > 0) */
  agrees: boolean;
}

/**
 * The forecast (./forecast.ts) on runs whose gold is known at every logged step (goodhart's own
 * simulated policy-gradient runs): from the middle point (as analyse.ts forecasts) to the last, against
 * the run's own peak (the highest gold) and fall (gold at the peak minus at the last point). Runs with
 * fewer than 10 points, or no forecast, are left out.
 */
export function forecastErrors(curves: readonly SimulatedCurve[]): RunForecastError[] {
  return curves.flatMap(({run_id, optimizer, points}) => {
    if (points.length < 10) return [];
    const last = points.at(-1)!;
    const f = forecastGold(points, points[Math.floor(points.length / 2) - 1].step, last.step);
    if (f === null) return [];
    let peak = points[0], min = Infinity;
    for (const p of points) (p.gold > peak.gold && (peak = p)), (min = Math.min(min, p.gold));
    const range = peak.gold - min, fall = peak.gold - last.gold;
    return [{
      run_id, optimizer,
      peak_step_error: f.peak_step === null ? null : Math.abs(Math.min(f.peak_step, last.step) - peak.step) / last.step,
      fall_error: range > 0 ? Math.abs((f.fall ?? 0) - fall) / range : null,
      agrees: (fall > 0) === ((f.fall ?? 0) > 0)
    }];
  });
}
