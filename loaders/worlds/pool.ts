/**
 * Responses of a pool world, by index: response k of prompt p is item p * K + k of the world's
 * features and gold (synthetic.ts). Policies sample them, rewards score them.
 */
export type PoolItems = Int32Array;

/** Every item of a pool of n items, in order. */
export function allItems(n: number): PoolItems {
  return Int32Array.from({length: n}, (_, i) => i);
}
