import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {gaoReward} from "../../loaders/analysis/index.ts";
import {bandRows, configOf, fitRows} from "../../loaders/analysis/bands-and-fits.ts";
import {analysisTables} from "../../loaders/io/schema/index.ts";
import {encodeRows} from "../../loaders/io/arrow.ts";

type Row = Record<string, unknown>;

const close = (actual: unknown, expected: number, tol = 1e-9) =>
  assert.ok(typeof actual === "number" && Math.abs(actual - expected) <= tol, `${String(actual)} is not within ${tol} of ${expected}`);

/** A runs row as runExperiment writes it (only what the tables read matters). */
function run(run_id: string, seed: number, config: {optimizer: string; objective: string; size: number; noise: number}): Row {
  const {optimizer, objective, size, noise} = config;
  const json = {ensemble: {size}, objective: {name: objective, param: null}, optimizer: {name: optimizer}, preferences: {label_noise: noise, pairs: 100}, seed, world: {name: "heavy_tailed"}};
  return {
    run_id, experiment: "tiny", sweep: "s", world: "heavy_tailed", optimizer, objective, objective_param: null,
    ensemble_size: size, n_pairs: 100, label_noise: noise, seed, backend: "cpu", engine_version: "0", config_json: JSON.stringify(json), duration_s: null
  };
}

// Two configurations x three seeds. Gold follows a Gao curve exactly up to a per-seed offset
// proportional to d with offsets summing to zero, so the seed mean is the curve itself.
const ds = [0, 0.5, 1, 1.5, 2, 2.5, 3];
const offsets = [-0.1, 0, 0.1];
const bon = {optimizer: "best_of_n", objective: "single", size: 1, noise: 0.25};
const tilt = {optimizer: "kl_tilt", objective: "mean", size: 3, noise: 0.25};
const runs: Row[] = [];
const curves: Row[] = [];
for (const [c, config] of [bon, tilt].entries()) {
  const form = config.optimizer === "best_of_n" ? "bon" : "rl";
  const [alpha, beta] = form === "bon" ? [2, 0.5] : [1, 0.8];
  offsets.forEach((offset, s) => {
    const run_id = `r${c}${s}`;
    runs.push(run(run_id, s + 1, config));
    ds.forEach((d, point) => {
      const gold = gaoReward(form, alpha, beta, d) + offset * d;
      curves.push({
        run_id, point, beta: null, kl: d * d, sqrt_kl: d, kl_k1: null, kl_k2: null, kl_k3: null,
        proxy_reward: 2 * d + offset, gold_reward: gold, proxy_std: config.size > 1 ? 0.1 * d + 0.01 * s : null, entropy: null
      });
    });
  });
}

describe("derived analysis tables", () => {
  const bands = bandRows({runs, curves}, {level: 0.9});
  const fits = fitRows(bands);

  test("config_id ignores the seed and nothing else", () => {
    assert.equal(configOf(runs[0]).config_id, configOf(runs[1]).config_id);
    assert.notEqual(configOf(runs[0]).config_id, configOf(runs[3]).config_id);
  });

  test("one band per configuration, metric and point; proxy_std only for ensembles", () => {
    const count = (optimizer: string, metric: string) => bands.filter((b) => b.optimizer === optimizer && b.metric === metric).length;
    assert.equal(count("best_of_n", "gold_reward"), ds.length);
    assert.equal(count("best_of_n", "proxy_reward"), ds.length);
    assert.equal(count("best_of_n", "proxy_std"), 0);
    assert.equal(count("kl_tilt", "proxy_std"), ds.length);
    assert.equal(bands.length, 5 * ds.length);
  });

  test("bands hold the seed mean, a band around it, and the mean sqrt_kl", () => {
    for (const b of bands) {
      assert.equal(b.n_seeds, 3);
      assert.ok((b.lower as number) <= (b.mean as number) + 1e-12 && (b.mean as number) <= (b.upper as number) + 1e-12, `band ${JSON.stringify(b)}`);
      close(b.sqrt_kl, ds[b.point as number]);
    }
    const proxy = bands.find((b) => b.optimizer === "best_of_n" && b.metric === "proxy_reward" && b.point === 4)!;
    close(proxy.mean, 2 * ds[4]);
    close(proxy.sd, 0.1);
    const spread = bands.find((b) => b.optimizer === "best_of_n" && b.metric === "gold_reward" && b.point === 6)!;
    assert.ok((spread.upper as number) - (spread.lower as number) > 0, "seeds differ at d = 3, so the band has width");
    const origin = bands.find((b) => b.optimizer === "best_of_n" && b.metric === "gold_reward" && b.point === 0)!;
    assert.equal(origin.lower, origin.upper, "seeds agree at d = 0, so the band is a point");
  });

  test("bands come in configuration, metric, point order", () => {
    const keys = bands.map((b) => `${b.optimizer}/${b.metric}`);
    assert.deepEqual([...new Set(keys)], ["best_of_n/gold_reward", "best_of_n/proxy_reward", "kl_tilt/gold_reward", "kl_tilt/proxy_reward", "kl_tilt/proxy_std"]);
    for (let i = 1; i < bands.length; ++i) if (keys[i] === keys[i - 1]) assert.ok((bands[i].point as number) > (bands[i - 1].point as number));
  });

  test("fits recover the Gao curves, their peaks, and the observed peak and end", () => {
    assert.equal(fits.length, 2);
    const [b, r] = fits;
    assert.equal(b.form, "bon");
    close(b.alpha, 2, 1e-9);
    close(b.beta, 0.5, 1e-9);
    close(b.peak_d, 2, 1e-9);
    close(b.peak_reward, 2, 1e-9);
    close(b.r2, 1, 1e-12);
    close(b.observed_peak_d, 2);
    close(b.observed_peak_gold, 2);
    close(b.final_d, 3);
    close(b.final_gold, gaoReward("bon", 2, 0.5, 3));
    close(b.final_proxy, 6);
    assert.ok((b.final_gold_lower as number) <= (b.final_gold as number) && (b.final_gold as number) <= (b.final_gold_upper as number));
    assert.equal(r.form, "rl");
    close(r.alpha, 1, 1e-9);
    close(r.beta, 0.8, 1e-9);
    close(r.peak_d, Math.exp(1 / 0.8 - 1), 1e-9);
    assert.equal(r.ensemble_size, 3);
    assert.equal(r.n_points, ds.length);
    assert.equal(r.n_seeds, 3);
  });

  test("a curve too short to fit gives null coefficients, not an error", () => {
    const short = bands.filter((x) => x.optimizer === "best_of_n" && (x.point as number) <= 1);
    const [fit] = fitRows(short);
    assert.equal(fit.alpha, null);
    assert.equal(fit.peak_d, null);
    close(fit.final_d, 0.5);
  });

  test("both tables encode against their specs, as stable Arrow streams", () => {
    for (const [spec, rows] of [[analysisTables.bands, bands], [analysisTables.fits, fits]] as const) {
      const bytes = encodeRows(spec, rows);
      const table = tableFromIPC(bytes);
      assert.equal(table.numRows, rows.length);
      assert.deepEqual(table.schema.fields.map((f) => f.name), spec.columns.map((c) => c.name));
    }
    const again = bandRows({runs, curves}, {level: 0.9});
    assert.deepEqual(encodeRows(analysisTables.bands, again), encodeRows(analysisTables.bands, bands));
  });

  test("a curve whose run is missing is an error naming the run", () => {
    assert.throws(() => bandRows({runs: runs.slice(1), curves}), /run_id r00/);
  });
});
