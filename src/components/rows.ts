/*
 * Row types of the Arrow tables the charts read, from the engine's schema (goodhart's `schema`).
 * Type-only: Framework compiles components with esbuild, which erases `import type` lines, so no
 * page ever loads a module outside src/ (tests/unit/component-types.test.ts keeps it that way).
 * A chart reads the columns it picks; `label` is the name a page's SQL gives a configuration.
 */
import type {Row, schema} from "goodhart";

type S = typeof schema;
type bands = S["bands"];
type bench = S["bench"];
type curves = S["curves"];
type environment = S["environment"];
type findings = S["findings"];
type fitCurves = S["fitCurves"];
type importedAnalysis = S["importedAnalysis"];
type importedFitCurves = S["importedFitCurves"];
type importedMetrics = S["importedMetrics"];
type importedSamples = S["importedSamples"];
type monotonicity = S["monotonicity"];
type monotonicitySummary = S["monotonicitySummary"];
type reseed = S["reseed"];
type rlBands = S["rlBands"];
type rlSeeds = S["rlSeeds"];
type rlSummary = S["rlSummary"];
type runs = S["runs"];
type sampleBins = S["sampleBins"];
type samples = S["samples"];
type textBands = S["textBands"];
type textChanges = S["textChanges"];

type Labelled = {label: string};

/** A bands or rl_bands row as the band charts read it. */
export type BandRow = Pick<Row<bands>, "metric" | "sqrt_kl" | "mean" | "lower" | "upper"> & Partial<Pick<Row<rlBands>, "point">> & Labelled;

/** A fit_curves row: a point of a configuration's fitted Gao curve, as the curve overlay reads it. */
export type FitCurveRow = Pick<Row<fitCurves>, "point" | "d" | "gold_reward"> & Labelled;

/** The findings columns a sentence reads. */
export type FindingRow = Pick<Row<findings>, "kind" | "claim" | "verdict" | "effect" | "lower" | "upper" | "interval_level" | "seeds_supporting" | "seeds_total" | "sesoi"> & Partial<Pick<Row<findings>, "role" | "adjusted_p" | "family_size" | "reason" | "world" | "worlds">>;

/** A reseed row (the last recorded reseeding check of a finding), as the findings sentences read it. */
export type ReseedRow = Pick<Row<reseed>, "finding_id" | "claim" | "reversed" | "seeds" | "verdict" | "effect" | "lower" | "upper" | "interval_level" | "seeds_supporting" | "seeds_total" | "other_seeds" | "other_verdict" | "other_effect" | "other_lower" | "other_upper" | "other_interval_level" | "other_seeds_supporting" | "other_seeds_total" | "checked" | "spec_path" | "spec_sha256" | "spec_current">;

/** A samples row joined to its curve point's sqrt_kl, as the scatter reads it. */
export type SampleRow = Pick<Row<samples>, "proxy_reward" | "gold_reward" | "length" | "nuisance_max_abs"> & {sqrt_kl: number} & Labelled;

/** A sample_bins row with its bin's edges (from sample_groups' grid), as the density reads it. */
export type SampleBinRow = Pick<Row<sampleBins>, "count" | "sqrt_kl" | "length" | "nuisance_max_abs"> & {x1: number; x2: number; y1: number; y2: number} & Labelled;

/** A failed runs row (runs.status "failed") with the setting a page names its configuration by. */
export type FailedRunRow = Pick<Row<runs>, "run_id" | "sweep" | "seed" | "error"> & {setting: string};

/** An rl_seeds row. */
export type SeedRow = Pick<Row<rlSeeds>, "label" | "label_noise" | "objective_param" | "seed" | "final_gold" | "drop" | "late_range">;

/** An rl_summary row. */
export type SummaryRow = Pick<
  Row<rlSummary>,
  "label" | "label_noise" | "objective_param" | "n_seeds" | "final_gold" | "final_gold_lower" | "final_gold_upper" | "peak_gold" | "peak_point" | "fall" | "fall_lower" | "fall_upper"
>;

/** The environment columns the GFLOP/s chart reads. */
export type BackendRow = Pick<Row<environment>, "backend" | "loaded" | "reason" | "auto_order" | "auto_choice" | "matmul_size" | "gflops">;

/** A text_bands row: a checkpoint metric of a configuration, seed mean with its 90% t-interval. */
export type TextBandRow = Pick<Row<textBands>, "label" | "metric" | "point" | "mean" | "lower" | "upper">;

/** A monotonicity row (one language-model run): rank correlation across checkpoints, prompt-resampled interval. */
export type MonotonicityRow = Pick<
  Row<monotonicity>,
  "label" | "seed" | "spearman" | "spearman_lower" | "spearman_upper" | "kendall" | "per_prompt_spearman" | "per_prompt_positive" | "proxy_change" | "gold_change"
>;

/** A monotonicity_summary row: one language-model configuration's monotonicity over seeds. */
export type MonotonicitySummaryRow = Row<monotonicitySummary>;

/** A text_changes row: a checkpoint metric's change from step 0 to the last checkpoint, over seeds. */
export type TextChangeRow = Row<textChanges>;

/** A text samples row (one generated response), with its configuration's label and seed. */
export type TextSampleRow = Pick<
  Row<samples>,
  "point" | "prompt_id" | "prompt_text" | "text" | "proxy_reward" | "proxy_raw" | "gold_reward" | "length" | "repetition" | "copying" | "correct" | "ended"
> & {seed: number} & Labelled;

/** The curves columns of an imported log that the import page charts (loaders/import/import-log.ts). */
export type ImportedCurveRow = Pick<Row<curves>, "point" | "sqrt_kl" | "proxy_reward" | "gold_reward">;

/** An imported_metrics row. */
export type ImportedMetricRow = Pick<Row<importedMetrics>, "step" | "name" | "value">;

/** An imported_samples row: one step's text metrics of a per-sample log, as the import page charts them. */
export type ImportedSampleRow = Pick<Row<importedSamples>, "step" | "mean_chars" | "mean_li" | "mean_rp" | "distinct_1" | "distinct_2">;

/** An imported_fit_curves row: a point of an imported run's Gao fit of gold. */
export type ImportedFitCurveRow = Pick<Row<importedFitCurves>, "sqrt_kl" | "gold_reward">;

/** An imported_analysis row. */
export type ImportedAnalysisRow = Row<importedAnalysis>;

/** A bench row as the Performance page's charts read it. */
export type BenchRow = Pick<Row<bench>, "section" | "metric" | "label" | "backend" | "setting" | "value" | "unit" | "note">;
