import type {WorldOptions} from "./feature-world.ts";

/** The knobs every preset shares; each preset overrides what makes it different. */
const base: Omit<WorldOptions, "name"> = {
  prompts: 32,
  pool_size: 4096,
  quality_dims: 8,
  nuisance_dims: 32,
  nuisance_df: null,
  length_sigma: 0.5,
  length_weight: 1,
  length_quantile: 0.99,
  length_penalty: 0
};

/**
 * Named worlds. A spec picks one with `world.name` and may override any knob.
 * - heavy_tailed: heavy-tailed nuisance features (t_2, infinite variance) the proxy can latch onto; no extremal penalty.
 * - extremal_length: length is good in distribution and harmful past its 99th percentile (c = 4),
 *   an error every ensemble member shares (Eisenstein et al.).
 * - light_tailed: Gaussian nuisance, no penalty: Gao et al.'s lemma says gold should rise monotonically.
 */
export const worldPresets: Readonly<Record<string, WorldOptions>> = {
  heavy_tailed: {...base, name: "heavy_tailed", nuisance_df: 2},
  extremal_length: {...base, name: "extremal_length", length_penalty: 4},
  light_tailed: {...base, name: "light_tailed"}
};
