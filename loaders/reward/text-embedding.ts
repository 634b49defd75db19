/**
 * The embedding model behind white-box relevance (Kim & Seo used a Contriever encoder): word
 * vectors learned from the text world's corpus, independent of any policy's own embeddings.
 * Method (LSA-style, deterministic for a seed):
 *   1. co-occurrence counts of word/punctuation tokens within `window` positions, over every
 *      demonstration's prompt followed by its response;
 *   2. positive pointwise mutual information, PPMI(w, c) = max(0, log p(w, c) / (p(w) p_a(c))),
 *      with context counts raised to the power `alpha` (Levy et al. 2015);
 *   3. its top `dims + dropTop` eigenvectors by subspace iteration from a seeded Gaussian start,
 *      the leading `dropTop` dropped (the first tracks word frequency, Mu & Viswanath 2018), each
 *      kept component scaled by sqrt(|eigenvalue|);
 *   4. every vector scaled to unit length (words the corpus never shows stay zero).
 * A text's embedding is the mean of its tokens' vectors (mean pooling over all word/punctuation
 * tokens, as Contriever pools all tokens), so relevance <E(a), E(b)> is at most 1.
 */
import {Rng} from "../random.ts";
import {encode, splitWords} from "../worlds/text/tokenizer.ts";
import type {TextWorld} from "../worlds/text/world.ts";

export interface TextEmbeddingOptions {
  /** dimensions (default 32) */
  readonly dims?: number;
  /** co-occurrence window on each side (default 3) */
  readonly window?: number;
  /** context-distribution smoothing exponent (default 0.75) */
  readonly alpha?: number;
  /** subspace iterations (default 30) */
  readonly iterations?: number;
  /** leading components dropped: the first carries word frequency, not meaning (Mu & Viswanath 2018) (default 1) */
  readonly dropTop?: number;
}

export interface TextEmbedding {
  readonly dims: number;
  /** word vectors [V * dims], row per vocabulary id */
  readonly vectors: Float64Array;
  /** the mean-pooled embedding of a text [dims] (zeros for a text with no tokens) */
  embed(text: string): Float64Array;
}

export function trainTextEmbedding(world: TextWorld, seed: number, options: TextEmbeddingOptions = {}): TextEmbedding {
  const {dims = 32, window = 8, alpha = 0.75, iterations = 30, dropTop = 1} = options;
  const k = dims + dropTop;
  const {vocabulary} = world;
  const V = vocabulary.words.length;

  // 1. Co-occurrence counts.
  const counts = new Float64Array(V * V);
  for (const d of world.demonstrations) {
    const ids = encode(vocabulary, `${world.prompts[d.prompt].text} ${d.text}`);
    for (let i = 0; i < ids.length; ++i) {
      for (let j = Math.max(0, i - window); j < Math.min(ids.length, i + window + 1); ++j) if (j !== i) counts[ids[i] * V + ids[j]] += 1;
    }
  }

  // 2. PPMI.
  const row = new Float64Array(V), col = new Float64Array(V);
  let total = 0;
  for (let w = 0; w < V; ++w) for (let c = 0; c < V; ++c) row[w] += counts[w * V + c];
  for (let c = 0; c < V; ++c) col[c] = Math.pow(row[c], alpha);
  for (let w = 0; w < V; ++w) total += row[w];
  const colTotal = col.reduce((s, v) => s + v, 0);
  const M = new Float64Array(V * V);
  for (let w = 0; w < V; ++w) {
    for (let c = 0; c < V; ++c) {
      const n = counts[w * V + c];
      if (n > 0) M[w * V + c] = Math.max(0, Math.log((n / total) / ((row[w] / total) * (col[c] / colTotal))));
    }
  }
  // Symmetrise (the window is symmetric, the alpha smoothing is not).
  for (let w = 0; w < V; ++w) for (let c = w + 1; c < V; ++c) M[w * V + c] = M[c * V + w] = (M[w * V + c] + M[c * V + w]) / 2;

  // 3. Subspace iteration: Q <- orth(M Q).
  const rng = new Rng(seed);
  let Q: Float64Array = Float64Array.from({length: V * k}, () => rng.normal());
  orthonormalise(Q, V, k);
  for (let it = 0; it < iterations; ++it) {
    Q = multiply(M, Q, V, k);
    orthonormalise(Q, V, k);
  }
  // Rayleigh quotients order the components; the leading dropTop are dropped.
  const MQ = multiply(M, Q, V, k);
  const lambdas = Array.from({length: k}, (_, c) => {
    let lambda = 0;
    for (let w = 0; w < V; ++w) lambda += Q[w * k + c] * MQ[w * k + c];
    return {c, lambda};
  }).sort((a, b) => Math.abs(b.lambda) - Math.abs(a.lambda));
  const vectors = new Float64Array(V * dims);
  lambdas.slice(dropTop).forEach(({c, lambda}, d) => {
    const s = Math.sqrt(Math.abs(lambda));
    for (let w = 0; w < V; ++w) vectors[w * dims + d] = Q[w * k + c] * s;
  });

  // 4. Unit length.
  for (let w = 0; w < V; ++w) {
    let norm = 0;
    for (let k = 0; k < dims; ++k) norm += vectors[w * dims + k] ** 2;
    if (norm > 1e-12) for (let k = 0; k < dims; ++k) vectors[w * dims + k] /= Math.sqrt(norm);
    else for (let k = 0; k < dims; ++k) vectors[w * dims + k] = 0;
  }

  return {
    dims,
    vectors,
    embed(text) {
      const out = new Float64Array(dims);
      const ids = encode(vocabulary, splitWords(text).join(" "));
      for (const id of ids) for (let k = 0; k < dims; ++k) out[k] += vectors[id * dims + k];
      if (ids.length > 0) for (let k = 0; k < dims; ++k) out[k] /= ids.length;
      return out;
    }
  };
}

/** M [V, V] times Q [V, k]. */
function multiply(M: Float64Array, Q: Float64Array, V: number, k: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(V * k);
  for (let i = 0; i < V; ++i) {
    for (let j = 0; j < V; ++j) {
      const m = M[i * V + j];
      if (m !== 0) for (let c = 0; c < k; ++c) out[i * k + c] += m * Q[j * k + c];
    }
  }
  return out;
}

/** Modified Gram-Schmidt on the k columns of Q [V, k], in place. */
function orthonormalise(Q: Float64Array, V: number, k: number): void {
  for (let c = 0; c < k; ++c) {
    for (let p = 0; p < c; ++p) {
      let dot = 0;
      for (let i = 0; i < V; ++i) dot += Q[i * k + c] * Q[i * k + p];
      for (let i = 0; i < V; ++i) Q[i * k + c] -= dot * Q[i * k + p];
    }
    let norm = 0;
    for (let i = 0; i < V; ++i) norm += Q[i * k + c] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < V; ++i) Q[i * k + c] /= norm;
  }
}
