/** Settings matched at the end of a longer token name (`rloo_kl_coef`). */
const known = ["init_kl_coef", "kl_coef", "beta", "seed", "lr"];

/**
 * Numeric settings written into run names (`ppo-beta0.05-seed2`, `kl_coef=0.1`, `lr 1e-5`): a run
 * name split into tokens, each a lowercase name followed by a number (after `=`, `_`, `-`, `:` or
 * nothing). A name ending in a known setting is that setting (`rloo_kl_coef_0.02`: kl_coef). Later
 * repeats of a name are ignored. Returns {beta: 0.05, seed: 2}.
 */
export function runKeys(name: string): Record<string, number> {
  const keys: Record<string, number> = {};
  const token = /([a-z][a-z_]*?)[=_:\- ]?(-?\d+(?:\.\d+)?(?:e-?\d+)?)(?![\d.])/gi;
  for (const [, key, value] of name.matchAll(token)) {
    const word = key.toLowerCase().replace(/_+$/, "");
    const k = known.find((x) => word === x || word.endsWith(`_${x}`)) ?? word;
    if (!(k in keys)) keys[k] = Number(value);
  }
  return keys;
}

/**
 * The keys that can group runs: present in every name and taking at least two values, in the
 * order they first appear. beta, kl_coef and kl (Gao et al.'s comparison) come first when present.
 */
export function groupKeys(names: readonly string[]): string[] {
  if (names.length < 2) return [];
  const parsed = names.map(runKeys);
  const candidates = Object.keys(parsed[0]).filter((k) => parsed.every((p) => k in p) && new Set(parsed.map((p) => p[k])).size > 1);
  const first = ["beta", "kl_coef", "init_kl_coef", "kl"].filter((k) => candidates.includes(k));
  return [...first, ...candidates.filter((k) => !first.includes(k))];
}
