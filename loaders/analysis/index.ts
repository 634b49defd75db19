export {type Accessor} from "./accessor.ts";
export {type GaoFit, type GaoForm, gaoForms, gaoPeak, gaoReward, predict} from "./gao.ts";
export {type FitGaoOptions, fitGao} from "./fit-gao.ts";
export {quantile} from "./quantile.ts";
export {type BootstrapOptions, type Interval, bootstrap, bootstrapMean} from "./bootstrap.ts";
export {type AggregateSeedsOptions, type SeedAggregate, aggregateSeeds} from "./aggregate-seeds.ts";
export {rank} from "./rank.ts";
export {spearman} from "./spearman.ts";
export {kendall} from "./kendall.ts";
export {type RankCorrelationIntervalOptions, rankCorrelationInterval} from "./rank-correlation-interval.ts";
export {type Monotonicity, type MonotonicityOptions, monotonicity} from "./monotonicity.ts";
// Derived tables (declared in io/schema/derived.ts and io/schema/rl.ts)
export {bandRows, fitRows} from "./bands-and-fits.ts";
export {rlSummaryTables} from "./rl-summary.ts";
// Tables the pages draw instead of computing (declared in io/schema/derived.ts, text.ts, imported.ts)
export {type GaoCurveOptions, gaoCurve, importedFitCurveRows} from "./gao-curves.ts";
export {fitCurveRows} from "./fit-curves.ts";
export {changeMetrics, hackDirections, monotonicitySummaryRows, textChangeRows} from "./text-changes.ts";
