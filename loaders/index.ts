/**
 * goodhart's public API: what loaders, scripts and other tools may import. Everything else under
 * loaders/ is internal and may change without notice.
 */

// Running experiments
export {runExperiment, writeTables} from "./run/experiment.ts";
export type {ExperimentOutput, RunExperimentOptions, TableName} from "./run/experiment.ts";
export {loadSpec, normalizeSpec, expandRuns, groupRuns} from "./run/spec.ts";
export type {ExperimentSpec, Sweep} from "./run/spec.ts";
export {normalizeRunConfig, runId, canonicalJson, defaults} from "./run/config.ts";
export type {RunConfig} from "./run/config.ts";
export {SpecError} from "./fields.ts";
export {executeGroup} from "./run/execute.ts";
export type {RunPlan, RunResult} from "./run/execute.ts";

// Compute backends and the build environment
export {selectBackend, releaseBackends, BackendError, AUTO_ORDER, BACKEND_ENV} from "./backend/backend.ts";
export type {BackendName, BackendRequest, BackendSelection} from "./backend/backend.ts";
export {measureEnvironment} from "./machine/measure.ts";
export type {EnvironmentRow} from "./machine/measure.ts";

// Worlds, preferences, reward models
export {generateWorld, featureNames} from "./worlds/synthetic.ts";
export type {World, WorldOptions, Responses} from "./worlds/synthetic.ts";
export {worldPresets} from "./worlds/presets.ts";
export {makePreferences} from "./reward/preferences.ts";
export type {PreferenceOptions, PreferencePairs} from "./reward/preferences.ts";
export {trainRewardModel, pairAccuracy} from "./reward/bradley-terry.ts";
export type {RewardModel, RewardModelOptions} from "./reward/bradley-terry.ts";
export {trainEnsemble, standardise} from "./reward/ensemble.ts";
export type {EnsembleOptions, ScoredEnsemble} from "./reward/ensemble.ts";

// Objectives and optimisers
export {objectives, memberStd} from "./optimize/objectives.ts";
export type {Objective, ObjectiveFn} from "./optimize/objectives.ts";
export {optimizers} from "./optimize/registry.ts";
export type {CurvePoint, Optimizer, OptimizerInput, OptimizerResult} from "./optimize/types.ts";
export {bestOfN, bestOfNKl, bestOfNWeights} from "./optimize/best-of-n.ts";
export {klTilt, betaGrid, tiltedPolicy} from "./optimize/kl-tilt.ts";

// Analysis
export * from "./analysis/index.ts";

// Arrow I/O and the data contract
export {encodeRows, tableFromRows, toIPCStream, writeFileAtomic} from "./io/arrow.ts";
export * as schema from "./io/schema/index.ts";
export type {ColumnSpec, Row, TableSpec} from "./io/schema/index.ts";

// Seeds and versions
export {Rng, deriveSeed} from "./random.ts";
export {ENGINE_VERSION} from "./version.ts";
