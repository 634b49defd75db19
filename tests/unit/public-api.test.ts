import assert from "node:assert/strict";
import {test} from "node:test";
import * as goodhart from "../../loaders/index.ts";

test("the public API exposes the engine's entry points", () => {
  for (const name of ["runExperiment", "loadSpec", "expandRuns", "selectBackend", "measureEnvironment", "generateWorld", "trainEnsemble", "objectives", "optimizers", "poolPolicy", "poolReward", "runPolicyGradient", "stepOptimizer", "fitGao", "aggregateSeeds", "encodeRows", "deriveSeed", "ENGINE_VERSION"]) {
    assert.ok(name in goodhart, `missing export ${name}`);
  }
  assert.deepEqual(Object.keys(goodhart.schema.runTables), ["runs", "curves", "reward_models", "samples", "checkpoints", "checkpoint_prompts"]);
});

test("the text world, its gold judge, white-box rewards and the language-model policy are public", () => {
  for (const name of ["generateTextWorld", "goldRewards", "goldTerms", "rerReward", "lengthIncentive", "repetitionPenalty", "relevance", "whiteBoxReward", "trainTextEmbedding", "lmConfig", "lmForward", "generateText", "tokenLogProbs", "perTokenKl", "supervisedFineTune", "trainReference", "lmPolicy", "saveCheckpoint", "loadCheckpoint", "normalizeTextRunConfig", "executeGroup", "textFeatures", "trainTextEnsemble", "standardizedReward"]) {
    assert.ok(name in goodhart, `missing export ${name}`);
  }
});
