import type {Row, fitCurves} from "../io/schema/index.ts";
import {gaoCurve} from "./gao-curves.ts";
import type {GaoCurveOptions} from "./gao-curves.ts";
import {type AnalysisConfig, type FitRow, configColumns} from "./bands-and-fits.ts";

/** The fits columns a fitted curve is drawn from. */
export type FittedRow = AnalysisConfig & Pick<FitRow, "form" | "alpha" | "beta" | "final_d">;

/** The fit_curves table: each fitted fits row's gold curve from d = 0 to its final_d (unfitted rows give none). */
export function fitCurveRows(fits: readonly FittedRow[], options: GaoCurveOptions = {}): Row<typeof fitCurves>[] {
  return fits.flatMap((f) => {
    if (f.alpha == null || f.beta == null) return [];
    const config = configColumns(f);
    // gaoReward reads every form but "bon" as "rl".
    return gaoCurve(f.form === "bon" ? "bon" : "rl", f.alpha, f.beta, f.final_d, options).map((p, point) => ({...config, form: f.form, point, d: p.d, gold_reward: p.reward}));
  });
}
