import {analysisConfig} from "../io/schema/index.ts";
import {gaoCurve} from "./gao-curves.ts";
import type {GaoCurveOptions} from "./gao-curves.ts";
import type {GaoForm} from "./gao.ts";

type Row = Record<string, unknown>;

/** The fit_curves table: each fitted fits row's gold curve from d = 0 to its final_d (unfitted rows give none). */
export function fitCurveRows(fits: readonly Row[], options: GaoCurveOptions = {}): Row[] {
  return fits.flatMap((f) => {
    if (f.alpha == null || f.beta == null) return [];
    const config = Object.fromEntries(analysisConfig.map((c) => [c.name, f[c.name] ?? null]));
    return gaoCurve(f.form as GaoForm, Number(f.alpha), Number(f.beta), Number(f.final_d), options).map((p, point) => ({...config, form: f.form, point, d: p.d, gold_reward: p.reward}));
  });
}
