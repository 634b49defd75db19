/**
 * Learned proxies of the text world: Bradley-Terry reward models on gold-labelled pairs of the
 * reference policy's samples (two responses to one prompt per pair), single or as an ensemble.
 *
 * The model is a pooled-embedding reward model: a response is read through the world's corpus
 * embedding (text-embedding.ts, frozen) as
 *   x(prompt, y) = [ E(y) ; E(prompt) * E(y) ; tokens(y) / responseWidth ; ended(y) ]
 * (mean-pooled response embedding, its elementwise product with the prompt's, so that a linear
 * model can weigh the dot-product relevance per dimension, the length share, and whether the
 * response ended), and r = w . x (linear) or a one-hidden-layer MLP (bradley-terry.ts). Mean
 * pooling sees neither word order nor repetition: a sentence said twice reads as said once,
 * which a policy can exploit. Members are standardised to mean 0, std 1 over pi_ref's samples
 * before any aggregation (Coste et al.).
 */
import {Rng, deriveSeed} from "../random.ts";
import {responseEnded, responseIds} from "../worlds/text/world.ts";
import {decode} from "../worlds/text/tokenizer.ts";
import type {TextResponses, TextWorld} from "../worlds/text/world.ts";
import {pairAccuracy, trainRewardModel} from "./bradley-terry.ts";
import type {RewardModel, RewardModelOptions} from "./bradley-terry.ts";
import type {EnsembleOptions, MemberReport} from "./ensemble.ts";
import {fitBrme} from "./brme.ts";
import type {BrmeOptions} from "./brme.ts";
import {bootstrapPairs, labelPairs} from "./preferences.ts";
import type {PreferenceOptions, PreferencePairs} from "./preferences.ts";
import type {Reward, RewardScores} from "./reward.ts";
import type {TextEmbedding} from "./text-embedding.ts";

/** Features per response [n * dims]: see the module comment. */
export function textFeatures(world: TextWorld, embedding: TextEmbedding, responses: TextResponses): {features: Float32Array; dims: number} {
  const d = embedding.dims, dims = 2 * d + 2;
  const n = responses.prompts.length;
  const features = new Float32Array(n * dims);
  const promptEmbeddings = new Map<number, Float64Array>();
  for (let i = 0; i < n; ++i) {
    const p = responses.prompts[i];
    let ep = promptEmbeddings.get(p);
    if (!ep) promptEmbeddings.set(p, (ep = embedding.embed(world.prompts[p].text)));
    const ids = responseIds(responses, i);
    const ey = embedding.embed(decode(world.vocabulary, ids));
    const row = features.subarray(i * dims, (i + 1) * dims);
    for (let k = 0; k < d; ++k) {
      row[k] = ey[k];
      row[d + k] = ep[k] * ey[k];
    }
    row[2 * d] = ids.length / responses.width;
    row[2 * d + 1] = responseEnded(responses, i) ? 1 : 0;
  }
  return {features, dims};
}

/**
 * Pairs from responses drawn two per prompt (rows 2i and 2i + 1 answer the same prompt),
 * labelled by gold with the configured label model and noise (preferences.ts, labelPairs).
 */
export function textPairs(world: TextWorld, embedding: TextEmbedding, responses: TextResponses, gold: Float64Array, options: PreferenceOptions, seed: number): PreferencePairs {
  const {features, dims} = textFeatures(world, embedding, responses);
  return labelPairs({n: responses.prompts.length, features, gold}, dims, options, new Rng(seed));
}

/** A trained text ensemble: its members as a Reward (standardised on pi_ref), their reports, and dispose. */
export interface TextEnsemble {
  readonly members: MemberReport[];
  /** the first `size` members as a Reward over responses */
  reward(size: number): Reward<TextResponses>;
  dispose(): void;
}

/**
 * Trains options.size Bradley-Terry members (member m depends only on seed and m: the first k are
 * the k-member ensemble; members after the first see bootstrap resamples unless diversity is
 * "seed"), then fixes each member's standardisation from its scores on `reference` (pi_ref's samples).
 */
export async function trainTextEnsemble(
  world: TextWorld,
  embedding: TextEmbedding,
  data: {train: PreferencePairs; heldout: PreferencePairs; reference: TextResponses},
  rm: RewardModelOptions,
  options: EnsembleOptions,
  seed: number
): Promise<TextEnsemble> {
  const models: {model: RewardModel; mean: number; sd: number}[] = [];
  const members: MemberReport[] = [];
  const ref = textFeatures(world, embedding, data.reference);
  try {
    for (let m = 0; m < options.size; ++m) {
      const resample = options.diversity !== "seed" && m > 0;
      const pairs = resample ? bootstrapPairs(data.train, new Rng(deriveSeed(seed, "bootstrap", m))) : data.train;
      const architecture = options.diversity === "architecture" && m % 2 === 1 ? (rm.architecture === "linear" ? "mlp" : "linear") : rm.architecture;
      const model = await trainRewardModel(pairs, {...rm, architecture}, deriveSeed(seed, "member", m));
      const scores = await model.score(ref.features, data.reference.prompts.length);
      const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
      const sd = Math.sqrt(scores.reduce((s, v) => s + (v - mean) ** 2, 0) / scores.length) || 1;
      models.push({model, mean, sd});
      members.push({member: m, architecture, heldoutAccuracy: await pairAccuracy(model, data.heldout), trainAccuracy: await pairAccuracy(model, data.train), trainLoss: model.trainLoss});
    }
  } catch (error) {
    for (const {model} of models) model.dispose();
    throw error;
  }
  return {
    members,
    reward(size) {
      if (size < 1 || size > models.length) throw new Error(`invalid ensemble size ${size}: ${models.length} members trained`);
      const used = models.slice(0, size);
      return {
        size,
        source: rm.architecture,
        async score(responses): Promise<RewardScores> {
          const {features} = textFeatures(world, embedding, responses);
          const n = responses.prompts.length;
          const rewards: Float64Array[] = [];
          for (const {model, mean, sd} of used) rewards.push((await model.score(features, n)).map((v) => (v - mean) / sd));
          return {rewards, sigmas: null};
        }
      };
    },
    dispose() {
      for (const {model} of models) model.dispose();
    }
  };
}

/**
 * A BRME (brme.ts, Yan et al. 2024) on the same features: k Gaussian heads on a shared trunk, each
 * head's mu standardised on pi_ref's samples (`reference`) and its sigma divided by the same std, so
 * the robust and uncertainty-penalised objectives read sigma in the units of mu.
 */
export async function trainTextBrme(
  world: TextWorld,
  embedding: TextEmbedding,
  data: {train: PreferencePairs; heldout: PreferencePairs; reference: TextResponses},
  rm: Omit<RewardModelOptions, "architecture">,
  options: BrmeOptions,
  seed: number
): Promise<TextEnsemble> {
  const model = await fitBrme(data.train, data.heldout, rm, options, seed);
  try {
    const k = model.heads;
    const ref = textFeatures(world, embedding, data.reference);
    const n = data.reference.prompts.length;
    const {means} = await model.score(ref.features, n);
    const stats = Array.from({length: k}, (_, i) => {
      let mean = 0;
      for (let j = 0; j < n; ++j) mean += means[j * k + i];
      mean /= n;
      let ss = 0;
      for (let j = 0; j < n; ++j) ss += (means[j * k + i] - mean) ** 2;
      return {mean, sd: Math.sqrt(ss / n) || 1};
    });
    return {
      members: model.members,
      reward(size) {
        if (size < 1 || size > k) throw new Error(`invalid ensemble size ${size}: ${k} heads trained`);
        return {
          size,
          source: "brme",
          async score(responses): Promise<RewardScores> {
            const {features} = textFeatures(world, embedding, responses);
            const m = responses.prompts.length;
            const out = await model.score(features, m);
            const head = (values: Float32Array, i: number, shift: number) => Float64Array.from({length: m}, (_, j) => (values[j * k + i] - shift) / stats[i].sd);
            return {rewards: stats.slice(0, size).map((s, i) => head(out.means, i, s.mean)), sigmas: stats.slice(0, size).map((_, i) => head(out.sigmas, i, 0))};
          }
        };
      },
      dispose: () => model.dispose()
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
