/**
 * goodhart's public API: what loaders, scripts and other tools may import. Everything else under
 * loaders/ is internal and may change without notice.
 */

// Running experiments
export {runExperiment} from "./run/experiment.ts";
export type {ExperimentOutput, RunExperimentOptions, TableName} from "./run/experiment.ts";
export {writeTables} from "./run/store/files.ts";
export {loadSpec, normalizeSpec, expandRuns, groupRuns} from "./run/spec/spec.ts";
export type {ExperimentSpec, Sweep} from "./run/spec/spec.ts";
export {canonicalJson} from "./run/spec/config.ts";
export {worldKinds, kindOf, isKindName, isTextPlan} from "./run/kinds/index.ts";
export type {KindName, RunPlan} from "./run/kinds/index.ts";
export type {WorldKind, KindPlan, KindGroup, KindColumns, ExecuteOptions} from "./run/kinds/kind.ts";
export {normalizeTextRunConfig, textRunId, textDefaults, textStages, textStageKey} from "./run/kinds/text/config.ts";
export type {TextRunConfig, TextRewardConfig, TextEvaluationConfig, TextSamplesConfig, TextWorldConfig, SftConfig} from "./run/kinds/text/config.ts";
export {referenceStage} from "./run/kinds/text/reference.ts";
export {StageCache} from "./run/store/stage-cache.ts";
export {normalizeRunConfig, runId, defaults} from "./run/kinds/pool/config.ts";
export type {RunConfig, RewardModelConfig, SamplesConfig} from "./run/kinds/pool/config.ts";
export {prepareOptimizer} from "./optimize/registry.ts";
export {SpecError} from "./spec-validators.ts";
export {importLog, importLogs, detectFormat, detectFormatOf, detectGold, parseLog, normalizeMapping, resolveMapping, divergenceTest, analyseCurve, reportLines, ImportError, roleAliases, metricAliases} from "./import/index.ts";
export type {ImportLogOptions, ImportedLog, LogFormat, Mapping, ResolvedMapping, Issue as ImportIssue} from "./import/index.ts";
export {executeGroup} from "./run/execute/execute.ts";
export type {RunResult, RunTables} from "./run/execute/rows.ts";

// Compute backends and the build environment
export {selectBackend, releaseBackends, BackendError, AUTO_ORDER, BACKEND_ENV} from "./backend/backend.ts";
export type {BackendName, BackendRequest, BackendSelection} from "./backend/backend.ts";
export {measureEnvironment} from "./measure/environment.ts";
export type {EnvironmentRow} from "./measure/environment.ts";

// Worlds, preferences, reward models
export {generateWorld, featureNames} from "./worlds/feature-world.ts";
export type {World, WorldOptions, Responses} from "./worlds/feature-world.ts";
export {worldPresets} from "./worlds/presets.ts";
export {allItems} from "./worlds/pool.ts";
export type {PoolItems} from "./worlds/pool.ts";
export {generateTextWorld, textWorldDefaults, writeDemonstrations, promptTokens, responseTokens, responseIds, responseText, responseEnded, demonstrationResponses} from "./worlds/text/world.ts";
export type {TextLayout, TextResponses, TextWorld, TextWorldOptions} from "./worlds/text/world.ts";
export type {Prompt, PromptKind} from "./worlds/text/prompts.ts";
export type {Demonstration} from "./worlds/text/corpus.ts";
export type {Fact} from "./worlds/text/facts.ts";
export type {Topic, Vocabulary} from "./worlds/text/vocabulary.ts";
export {splitWords, encode as encodeText, decode as decodeText} from "./worlds/text/tokenizer.ts";
export {goldTerms, goldRewards, goldDefaults} from "./worlds/text/gold.ts";
export {responseMetrics} from "./worlds/text/metrics.ts";
export type {ResponseMetrics} from "./worlds/text/metrics.ts";
export type {GoldOptions, GoldTerms} from "./worlds/text/gold.ts";

// Policies: the interface the RL loops use, and the tilted pool policy
export type {Columns, KlMethod, Policy, PolicyEvaluation, PolicySnapshot, Rollout} from "./policy/policy.ts";
export {poolPolicy} from "./policy/pool-policy.ts";
export type {PoolPolicy, PoolSnapshot} from "./policy/pool-policy.ts";
export {klEstimates, exactKl} from "./policy/kl.ts";
export {gumbelMax, seededUniforms} from "./policy/sample.ts";
export {makePreferences} from "./reward/preferences.ts";
export type {PreferenceOptions, PreferencePairs} from "./reward/preferences.ts";
export {trainRewardModel, pairAccuracy} from "./reward/bradley-terry.ts";
export type {RewardModel, RewardModelOptions} from "./reward/bradley-terry.ts";
export {trainEnsemble, standardize, standardise} from "./reward/ensemble.ts";
export type {EnsembleOptions, ScoredEnsemble} from "./reward/ensemble.ts";
export {lmConfig} from "./policy/lm/config.ts";
export type {LmConfig} from "./policy/lm/config.ts";
export {initWeights, toTensors, toVariables, readWeights, disposeWeights, saveCheckpoint, loadCheckpoint} from "./policy/lm/weights.ts";
export type {LmWeights} from "./policy/lm/weights.ts";
export {forward as lmForward} from "./policy/lm/model.ts";
export type {KvCache} from "./policy/lm/model.ts";
export {generate as generateText} from "./policy/lm/generate.ts";
export type {GenerateOptions, Generated} from "./policy/lm/generate.ts";
export {tokenLogProbs, perTokenKl} from "./policy/lm/score.ts";
export {supervisedFineTune, evaluateLoss, textSequences} from "./policy/lm/sft.ts";
export type {SftOptions} from "./policy/lm/sft.ts";
export {trainReference} from "./policy/lm/reference.ts";
export type {ReferenceOptions} from "./policy/lm/reference.ts";
export {lmPolicy} from "./policy/lm/lm-policy.ts";
export type {LmPolicy, LmPolicyOptions, LmSnapshot} from "./policy/lm/lm-policy.ts";

// Rewards and objectives: the Reward interface, and how members' scores become one proxy
export {poolReward, standardizedReward} from "./reward/reward.ts";
export type {Reward, RewardScores} from "./reward/reward.ts";
export {objectives, normalizeObjective} from "./reward/objectives.ts";
export type {Objective, ObjectiveConfig, ObjectiveState} from "./reward/objectives.ts";
export {memberStd} from "./reward/aggregate.ts";
export {nominalOf} from "./reward/nominal.ts";
export {rerReward, lengthIncentive, repetitionPenalty, relevance, whiteBoxReward, referenceRelMax, rerVariants} from "./reward/white-box.ts";
export type {RerInput, RerOptions, RerVariant, WhiteBoxReward, WhiteBoxRewardOptions} from "./reward/white-box.ts";
export {trainTextEmbedding} from "./reward/text-embedding.ts";
export {textFeatures, textPairs, trainTextEnsemble} from "./reward/text-reward-model.ts";
export type {TextEnsemble} from "./reward/text-reward-model.ts";
export type {TextEmbedding, TextEmbeddingOptions} from "./reward/text-embedding.ts";

// Optimisers
export {optimizers, bestOfNGrid} from "./optimize/registry.ts";
export type {CurvePoint, Optimizer, OptimizerEntry, OptimizerInput, OptimizerResult, PreparedOptimizer} from "./optimize/types.ts";
export {registerOptimizer} from "./optimize/types.ts";
export {runPolicyGradient, normalizePolicyGradient} from "./optimize/policy-gradient.ts";
export type {Batch, PolicyGradientInput, PolicyGradientOptions, PolicyUpdate} from "./optimize/policy-gradient.ts";
export {rlooUpdate} from "./optimize/rloo.ts";
export {ppoUpdate} from "./optimize/ppo.ts";
export {stepOptimizer} from "./optimize/step-optimizer.ts";
export {bestOfN, bestOfNKl, bestOfNKlFinite, bestOfNWeights} from "./optimize/best-of-n.ts";
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
