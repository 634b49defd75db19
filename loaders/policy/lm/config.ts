/**
 * The size of a decoder-only transformer. Defaults are tiny so that CPU tests run in seconds.
 */
export interface LmConfig {
  /** vocabulary size V */
  readonly vocab: number;
  /** context length T (positions with an embedding) */
  readonly context: number;
  /** width C (default 64) */
  readonly d_model: number;
  /** transformer blocks (default 2) */
  readonly layers: number;
  /** attention heads H, dividing d_model (default 4) */
  readonly heads: number;
  /** MLP hidden width as a multiple of d_model (default 4) */
  readonly mlp_ratio: number;
}

export function lmConfig({vocab, context, d_model = 64, layers = 2, heads = 4, mlp_ratio = 4}: Pick<LmConfig, "vocab" | "context"> & Partial<LmConfig>): LmConfig {
  const positive = (v: number, field: string) => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`invalid ${field}: ${v} (expected an integer >= 1)`);
  };
  for (const [field, v] of Object.entries({vocab, context, d_model, layers, heads, mlp_ratio})) positive(v, field);
  if (d_model % heads !== 0) throw new Error(`invalid heads: ${heads} (expected a divisor of d_model ${d_model})`);
  return {vocab, context, d_model, layers, heads, mlp_ratio};
}

/**
 * FLOPs per token of one forward pass over a full window: 2 per multiply-add of the weight
 * products (QKV 3C^2, projection C^2, MLP 2 mlp_ratio C^2 per layer; the one-hot embedding and
 * the tied output layer V C each) plus attention's scores and mixing, 2 T C each per layer (the
 * masked half is computed too). A training step costs about 3 times the forward.
 */
export function forwardFlopsPerToken({vocab: V, context: T, d_model: C, layers: L, mlp_ratio: m}: LmConfig): number {
  return 2 * (L * (3 * C * C + C * C + 2 * m * C * C) + 2 * V * C) + L * 4 * T * C;
}
