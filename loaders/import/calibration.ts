import {deriveSeed} from "../random.ts";
import {divergenceTest} from "./divergence.ts";
import {forecastGold} from "./forecast.ts";
import {forecastErrors} from "./forecast-runs.ts";
import type {SimulatedCurve} from "./forecast-runs.ts";
import {syntheticLog} from "./synthetic-log.ts";
import type {SyntheticGold, SyntheticNoise} from "./synthetic-log.ts";

export interface CalibrationOptions {
  /** synthetic logs per cell of the divergence section; default 250 */
  logs?: number;
  /** synthetic logs per cell of the forecast section; default 100 */
  forecastLogs?: number;
  /** default 1 */
  seed?: number;
  /** lengths of the divergence logs; default [20, 50, 100, 200] */
  steps?: readonly number[];
  /** called after each cell (progress for stderr) */
  onCell?: (label: string) => void;
}

/** One figure: a row of io/schema/bench.ts importCalibration. */
export type CalibrationRow = {
  section: "divergence" | "forecast" | "forecast_rl";
  metric: "fall_test_rate" | "divergence_rate" | "peak_step_error" | "fall_error" | "peak_forecast_rate" | "fall_agreement_rate";
  gold: SyntheticGold | "simulated_rl";
  noise: SyntheticNoise | "exact";
  steps: number | null;
  optimizer: string | null;
  fall_sd: number | null;
  cutoff: number | null;
  value: number | null;
  logs: number;
  mc_se: number | null;
  target: string | null;
  meets: boolean | null;
  resamples: number;
  seed: number;
};

const nulls: readonly SyntheticGold[] = ["flat", "rising", "saturating"];
const falls = [1, 2, 3, 5];
const noises: readonly SyntheticNoise[] = ["white", "ar1"];
const resamples = 199;
/** noise sd of the forecast's logs (errors are reported in these sds) */
const sd = 0.1;

/**
 * The importer's error rates on synthetic logs (./synthetic-log.ts), with the test's defaults:
 * 1. divergence: for every gold (flat, rising, saturating: gold never falls; peak with falls of 1, 2,
 *    3, 5 noise sds), noise (white, AR(1) 0.5) and length, `logs` logs; the share with p <= 0.05
 *    (on the nulls: false alarms, target <= 0.05) and the share reported as a divergence (on peaks:
 *    detection, target >= 0.8 at 3 sds), per length and pooled over lengths;
 * 2. forecast: peak golds of 50, 100 and 200 steps, forecast (./forecast.ts) from the first 50% and
 *    75% of the steps to the last: the median |error| of the peak step (share of the run) and of the
 *    fall (noise sds), and the share of logs with a peak forecast.
 */
export function calibrate(options: CalibrationOptions = {}): CalibrationRow[] {
  const {logs = 250, forecastLogs = 100, seed = 1, steps = [20, 50, 100, 200], onCell = () => {}} = options;
  const rows: CalibrationRow[] = [];
  const base = {resamples, seed, cutoff: null, optimizer: null};
  const share = (hits: number, n: number) => ({value: hits / n, logs: n, mc_se: Math.sqrt((hits / n) * (1 - hits / n) / n)});
  const cells: {gold: SyntheticGold; fall: number | null}[] = [...nulls.map((gold) => ({gold, fall: null})), ...falls.map((fall) => ({gold: "peak" as const, fall}))];
  for (const {gold, fall} of cells) {
    for (const noise of noises) {
      let pooledFall = 0, pooledDiv = 0, pooled = 0;
      const judge = (v: number, metric: CalibrationRow["metric"]) =>
        gold !== "peak" && metric === "fall_test_rate" ? {target: "<= 0.05", meets: v <= 0.05}
        : gold === "peak" && fall === 3 && metric === "divergence_rate" ? {target: ">= 0.8", meets: v >= 0.8}
        : {target: null, meets: null};
      for (const n of steps) {
        let fallHits = 0, divHits = 0;
        for (let k = 0; k < logs; ++k) {
          const log = syntheticLog({gold, noise, steps: n, fall: fall ?? 3, seed: deriveSeed(seed, "calibration", k)});
          const t = divergenceTest(log.points, {seed: deriveSeed(seed, "test", gold, noise, n, fall ?? 0, k)});
          if (t && t.p_value <= 0.05) ++fallHits;
          if (t?.diverges) ++divHits;
        }
        pooledFall += fallHits, pooledDiv += divHits, pooled += logs;
        for (const [metric, hits] of [["fall_test_rate", fallHits], ["divergence_rate", divHits]] as const) {
          const s = share(hits, logs);
          rows.push({...base, section: "divergence", metric, gold, noise, steps: n, fall_sd: fall, ...s, ...judge(s.value, metric)});
        }
        onCell(`divergence ${gold}${fall ? ` ${fall} sd` : ""} ${noise} ${n} steps`);
      }
      for (const [metric, hits] of [["fall_test_rate", pooledFall], ["divergence_rate", pooledDiv]] as const) {
        const s = share(hits, pooled);
        rows.push({...base, section: "divergence", metric, gold, noise, steps: null, fall_sd: fall, ...s, ...judge(s.value, metric)});
      }
    }
  }
  for (const fall of falls) for (const noise of noises) for (const n of [50, 100, 200]) for (const cutoff of [0.5, 0.75]) {
    const peakErrors: number[] = [], fallErrors: number[] = [];
    for (let k = 0; k < forecastLogs; ++k) {
      const log = syntheticLog({gold: "peak", noise, steps: n, fall, sd, seed: deriveSeed(seed, "forecast", k)});
      const last = log.points[n - 1].step;
      const f = forecastGold(log.points, log.points[Math.round(cutoff * n) - 1].step, last);
      if (f === null) continue;
      fallErrors.push(Math.abs((f.fall ?? 0) - log.fall) / sd);
      if (f.peak_step !== null) peakErrors.push(Math.abs(f.peak_step - log.points[log.peak_index].step) / last);
    }
    const common = {...base, section: "forecast" as const, optimizer: null, gold: "peak" as const, noise, steps: n, fall_sd: fall, cutoff, mc_se: null, target: null, meets: null};
    rows.push({...common, metric: "peak_step_error", value: median(peakErrors), logs: peakErrors.length});
    rows.push({...common, metric: "fall_error", value: median(fallErrors), logs: fallErrors.length});
    rows.push({...common, metric: "peak_forecast_rate", value: peakErrors.length / forecastLogs, logs: forecastLogs, mc_se: Math.sqrt((peakErrors.length / forecastLogs) * (1 - peakErrors.length / forecastLogs) / forecastLogs)});
    onCell(`forecast ${fall} sd ${noise} ${n} steps from ${cutoff * 100}%`);
  }
  return rows;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * The forecast on goodhart's own simulated policy-gradient runs (gold known exactly at every logged
 * step; ./forecast-runs.ts), one set of rows per optimizer: the median peak-step error (share of the
 * run), the median fall error (share of the run's gold range), the share of runs with a peak
 * forecast, and the share where forecast and run agree on whether gold falls by the end.
 */
export function calibrateOnRuns(curves: readonly SimulatedCurve[], seed = 1): CalibrationRow[] {
  const errors = forecastErrors(curves);
  return [...new Set(errors.map((e) => e.optimizer))].sort().flatMap((optimizer) => {
    const mine = errors.filter((e) => e.optimizer === optimizer);
    const n = mine.length;
    const steps = Math.round(median(curves.filter((c) => c.optimizer === optimizer).map((c) => c.points.length))!);
    const base = {section: "forecast_rl" as const, gold: "simulated_rl" as const, noise: "exact" as const, optimizer, steps, fall_sd: null, cutoff: 0.5, target: null, meets: null, resamples, seed};
    const shareOf = (hits: number) => ({value: hits / n, logs: n, mc_se: Math.sqrt((hits / n) * (1 - hits / n) / n)});
    const peaks = mine.flatMap((e) => (e.peak_step_error === null ? [] : [e.peak_step_error]));
    const falls = mine.flatMap((e) => (e.fall_error === null ? [] : [e.fall_error]));
    return [
      {...base, metric: "peak_step_error" as const, value: median(peaks), logs: peaks.length, mc_se: null},
      {...base, metric: "fall_error" as const, value: median(falls), logs: falls.length, mc_se: null},
      {...base, metric: "peak_forecast_rate" as const, ...shareOf(peaks.length)},
      {...base, metric: "fall_agreement_rate" as const, ...shareOf(mine.filter((e) => e.agrees).length)}
    ];
  });
}
